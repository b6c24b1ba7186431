import { context, propagation, trace } from '@opentelemetry/api';
import { createKeepAliveFetch } from './keep-alive-fetch';

/**
 * One fetch for every SDK client, on one keep-alive pool per origin (undici), so the SDKs share connections
 * instead of each bringing its own agent.
 * Inside a traced call it adds the W3C `traceparent` (the provider call's span) so the vendor side joins the trace.
 */
export function createUpstreamFetch(): typeof fetch {
  const base = createKeepAliveFetch();
  return (input, init) => {
    const active = context.active();
    if (!trace.getSpanContext(active)) return base(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    propagation.inject(active, headers, { set: (carrier, key, value) => carrier.set(key, value) });
    return base(input, { ...init, headers });
  };
}
