/**
 * One fetch for every SDK client. Node's fetch (undici) keeps connections alive and pools them per origin;
 * sharing one function keeps the SDKs on that pool instead of each bringing its own agent.
 */
export function createUpstreamFetch(): typeof fetch {
  return globalThis.fetch.bind(globalThis);
}
