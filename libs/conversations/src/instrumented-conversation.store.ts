import { performance } from 'node:perf_hooks';
import type { GatewayEvents } from '@latticelm/api';
import { ConversationStore, StoreConnection, StoredResponse } from './conversation-store';

/** Wraps a store and reports each call as a `store.operation` event (kind, operation, duration, ok) for metrics. */
export class InstrumentedConversationStore extends ConversationStore {
  readonly kind: string;

  constructor(
    private readonly inner: ConversationStore,
    private readonly events: GatewayEvents,
  ) {
    super();
    this.kind = inner.kind;
  }

  override connection(): StoreConnection {
    return this.inner.connection();
  }

  save(record: StoredResponse): Promise<void> {
    return this.measure('save', () => this.inner.save(record));
  }

  get(owner: string, id: string): Promise<StoredResponse | undefined> {
    return this.measure('get', () => this.inner.get(owner, id));
  }

  override getChain(owner: string, id: string, limit: number): Promise<StoredResponse[]> {
    return this.measure('get_chain', () => this.inner.getChain(owner, id, limit));
  }

  override extendExpiry(owner: string, records: StoredResponse[], expiresAt: number): Promise<void> {
    return this.measure('extend_expiry', () => this.inner.extendExpiry(owner, records, expiresAt));
  }

  delete(owner: string, id: string): Promise<boolean> {
    return this.measure('delete', () => this.inner.delete(owner, id));
  }

  checkHealth(): Promise<void> {
    return this.measure('health', () => this.inner.checkHealth());
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async measure<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let ok = false;
    try {
      const result = await call();
      ok = true;
      return result;
    } finally {
      this.events.emit('store.operation', { store: this.kind, operation, durationMs: performance.now() - started, ok });
    }
  }
}
