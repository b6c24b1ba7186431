import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { redactUrlPassword } from '@latticelm/config';
import { ConversationStore } from '@latticelm/conversations';
import { withTimeout } from './with-timeout';

/** Kubernetes' default probe timeout is 1s; the store must answer well within it. */
export const STORE_CHECK_TIMEOUT_MS = 800;

/** Is the conversation store reachable? One cheap round trip (`checkHealth`), bounded by a short timeout. */
@Injectable()
export class ConversationStoreHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(ConversationStore) private readonly store: ConversationStore,
  ) {}

  async check(key: string, timeoutMs = STORE_CHECK_TIMEOUT_MS) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(this.store.checkHealth(), timeoutMs, `no answer within ${timeoutMs}ms`);
      return indicator.up({ store: this.store.kind });
    } catch (error) {
      return indicator.down({ store: this.store.kind, message: reason(error) });
    }
  }
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return redactUrlPassword(text.replace(/\s+/g, ' ')).slice(0, 200);
}
