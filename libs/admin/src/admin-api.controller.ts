import { Controller, Get, Header, Inject, UseGuards } from '@nestjs/common';
import { AdminGuard } from '@latticelm/auth';
import { GATEWAY_CONFIG, GatewayConfig, redactConfig } from '@latticelm/config';
import { AdminStatusService } from './admin-status.service';

/** Read-only operator API. Authentication is the global guard's job; AdminGuard adds the admin claim check. */
@Controller('admin/api')
@UseGuards(AdminGuard)
export class AdminApiController {
  constructor(
    private readonly status: AdminStatusService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get('info')
  @Header('cache-control', 'no-store')
  info(): unknown {
    return this.status.info();
  }

  @Get('health')
  @Header('cache-control', 'no-store')
  health(): Promise<unknown> {
    return this.status.health();
  }

  /** The configuration in effect under the YAML's own key names, defaults filled in, every secret masked. */
  @Get('config')
  @Header('cache-control', 'no-store')
  effectiveConfig(): unknown {
    return redactConfig(this.config.settings);
  }

  @Get('providers')
  @Header('cache-control', 'no-store')
  providers(): unknown {
    return { providers: this.status.providers() };
  }
}
