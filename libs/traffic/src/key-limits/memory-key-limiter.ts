import type { TrafficClock } from '../traffic-clock';
import { BucketLevel, KeyLimitVerdict, refill, reservable, stateOf, waitFor } from './key-buckets';
import { KeyAdmission, KeyLimiter } from './key-limiter';

/** Key limits in this process (no Redis configured): exact for one replica. Buckets are few, one or two per key. */
export class MemoryKeyLimiter extends KeyLimiter {
  readonly store = 'memory';
  private readonly levels = new Map<string, BucketLevel>();

  constructor(private readonly clock: TrafficClock) {
    super();
  }

  async admit({ keyId, limits, reserveTokens }: KeyAdmission): Promise<KeyLimitVerdict> {
    const now = this.clock.now();
    const rpm = limits.requestsPerMinute;
    const tpm = limits.tokensPerMinute;
    const requests = rpm === undefined ? undefined : refill(this.levels.get(`r:${keyId}`), now, rpm);
    const tokens = tpm === undefined ? undefined : refill(this.levels.get(`t:${keyId}`), now, tpm);
    const amount = tpm === undefined ? 0 : reservable(reserveTokens, tpm);
    const verdict: KeyLimitVerdict = { allowed: true, retryAfterMs: 0 };
    if (rpm !== undefined && requests !== undefined && requests < 1 - 1e-9) {
      Object.assign(verdict, { allowed: false, refusedBy: 'requests', retryAfterMs: waitFor(requests, 1, rpm) });
    } else if (tpm !== undefined && tokens !== undefined && tokens < amount - 1e-9) {
      Object.assign(verdict, { allowed: false, refusedBy: 'tokens', retryAfterMs: waitFor(tokens, amount, tpm) });
    }
    const take = verdict.allowed ? 1 : 0;
    if (rpm !== undefined && requests !== undefined) {
      this.levels.set(`r:${keyId}`, { tokens: requests - take, at: now });
      verdict.requests = stateOf(requests - take, rpm);
    }
    if (tpm !== undefined && tokens !== undefined) {
      this.levels.set(`t:${keyId}`, { tokens: tokens - take * amount, at: now });
      verdict.tokens = stateOf(tokens - take * amount, tpm);
    }
    return verdict;
  }

  async settle(keyId: string, tokensPerMinute: number, reserved: number, used: number): Promise<void> {
    const now = this.clock.now();
    const tokens = refill(this.levels.get(`t:${keyId}`), now, tokensPerMinute);
    const held = reservable(reserved, tokensPerMinute);
    this.levels.set(`t:${keyId}`, { tokens: Math.min(tokensPerMinute, tokens + held - used), at: now });
  }
}
