import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerModuleOptions, ThrottlerRequest, ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';
import { GatewayError, GatewayEvents } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig, isOperationalPath, operationalPaths } from '@latticelm/config';
import type { TokenBucketRecord } from './token-bucket';

/**
 * throttler's guard with token-bucket semantics: one bucket per client across all routes, the IETF RateLimit-*
 * headers on every limited answer, and a 429 in the Open Responses error shape with Retry-After when empty.
 */
@Injectable()
export class TokenBucketThrottlerGuard extends ThrottlerGuard {
  /** probes, scrapes and the API reference must work however busy a client is */
  private readonly exempt: ReadonlySet<string>;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly events: GatewayEvents,
  ) {
    super(options, storage, reflector);
    this.exempt = operationalPaths(config);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return isOperationalPath(context.switchToHttp().getRequest<Request>().path, this.exempt);
  }

  protected override async handleRequest({ context, limit, ttl, blockDuration, throttler, getTracker, generateKey }: ThrottlerRequest): Promise<boolean> {
    const { req, res } = this.getRequestResponse(context);
    const tracker = await getTracker(req, context);
    const name = throttler.name ?? 'default';
    const record = (await this.storageService.increment(generateKey(context, tracker, name), ttl, limit, blockDuration, name)) as Partial<TokenBucketRecord>;
    const headers = {
      'RateLimit-Limit': String(limit),
      'RateLimit-Remaining': String(record.remaining ?? 0),
      'RateLimit-Reset': String(Math.ceil((record.resetMs ?? 0) / 1000)),
    };
    if (!record.isBlocked) {
      for (const [header, value] of Object.entries(headers)) this.setResponseHeader(res, header, value);
      return true;
    }
    this.events.emit('ratelimit.rejected', { store: this.config.rateLimit.store });
    throw rateLimitExceeded(this.config, record, ttl, limit, headers);
  }
}

export function rateLimitExceeded(config: GatewayConfig, record: Partial<TokenBucketRecord>, ttl: number, limit: number, headers: Record<string, string> = {}): GatewayError {
  const retryAfter = Math.max(1, Math.ceil((record.retryAfterMs ?? ttl) / 1000));
  return new GatewayError({
    status: 429,
    type: 'too_many_requests',
    code: 'rate_limit_exceeded',
    message: `Rate limit exceeded: at most ${config.rateLimit.requestsPerSecond} requests per second (burst ${limit}) per client. Retry after ${retryAfter}s.`,
    retryable: true,
    retryAfter,
    headers,
    origin: 'client',
  });
}
