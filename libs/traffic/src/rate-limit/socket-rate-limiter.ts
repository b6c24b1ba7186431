import { Inject, Injectable } from '@nestjs/common';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { IncomingMessage } from 'node:http';
import { GatewayError, GatewayEvents } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import type { TokenBucketRecord } from './token-bucket';
import { rateLimitExceeded } from './token-bucket-throttler.guard';

/**
 * The HTTP limit for work that arrives without an HTTP request: each WebSocket `response.create` takes a token
 * from the same per-client bucket as a POST /v1/responses would (the client being the upgrade's peer).
 */
@Injectable()
export class SocketRateLimiter {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @InjectThrottlerOptions() private readonly options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    private readonly events: GatewayEvents,
  ) {}

  /** undefined when the turn may run; the 429 to answer with when the client's bucket is empty */
  async take(upgrade: IncomingMessage): Promise<GatewayError | undefined> {
    if (!this.config.rateLimit.enabled || Array.isArray(this.options)) return undefined;
    const [throttler] = this.options.throttlers;
    const limit = Number(throttler.limit);
    const ttl = Number(throttler.ttl);
    const tracker = await this.options.getTracker?.(upgrade, undefined as never);
    const record = (await this.storage.increment(String(tracker), ttl, limit, 0, throttler.name ?? 'default')) as Partial<TokenBucketRecord>;
    if (!record.isBlocked) return undefined;
    this.events.emit('ratelimit.rejected', { store: this.config.rateLimit.store });
    return rateLimitExceeded(this.config, record, ttl, limit);
  }
}
