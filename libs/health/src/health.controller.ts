import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ReadinessReport, ReadinessService } from './readiness.service';

/** Kubernetes probes. Public by path (auth and rate limiting exempt /health and /ready). */
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: the process serves requests. Nothing external is checked, so a store outage never restarts pods. */
  @Get('health')
  @Header('cache-control', 'no-store')
  health(): { status: 'healthy'; timestamp: number } {
    return { status: 'healthy', timestamp: Math.floor(Date.now() / 1000) };
  }

  /** Readiness: 200 when the gateway can serve traffic, 503 (same body shape) when it cannot or is draining. */
  @Get('ready')
  @Header('cache-control', 'no-store')
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessReport> {
    const report = await this.readiness.check();
    res.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
