import { Span, SpanKind, SpanStatusCode, Tracer, context, trace } from '@opentelemetry/api';
import type { ConversationStore } from '@latticelm/conversations';

/**
 * Adds a span around each lookup, save and delete of the store instance (applied once at start-up). Only inside a
 * traced request: background work such as TTL sweeps does not start traces of its own.
 */
export function traceConversationStore(store: ConversationStore, tracer: Tracer): void {
  const attributes = { 'db.system.name': store.kind, 'latticelm.store': store.kind };
  // A store operation built on others (the default getChain calls get per link) is one span, not a nest of them.
  const storeSpans = new WeakSet<Span>();
  const traced = <A extends unknown[], R>(operation: string, original: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const active = trace.getSpan(context.active());
      if (!active || storeSpans.has(active)) return original(...args);
      return tracer.startActiveSpan(
        `conversation_store ${operation}`,
        { kind: SpanKind.CLIENT, attributes: { ...attributes, 'db.operation.name': operation } },
        async (span) => {
          storeSpans.add(span);
          try {
            return await original(...args);
          } catch (error) {
            if (error instanceof Error) span.recordException(error);
            span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
            throw error;
          } finally {
            span.end();
          }
        },
      );
    };
  store.get = traced('get', store.get.bind(store));
  store.save = traced('save', store.save.bind(store));
  store.delete = traced('delete', store.delete.bind(store));
  store.getChain = traced('get_chain', store.getChain.bind(store));
}
