import { Provider } from '@latticelm/providers';

/**
 * A decorator must not hide the optional capabilities of the provider it wraps (readiness checks, model lists):
 * every method of `inner` that the decorator lacks is forwarded to `inner`.
 */
export function forwardCapabilities(decorator: Provider, inner: Provider): void {
  const target = decorator as unknown as Record<string, unknown>;
  for (let proto: object | null = inner; proto && proto !== Provider.prototype && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || key in decorator) continue;
      const value = (inner as unknown as Record<string, unknown>)[key];
      if (typeof value === 'function') target[key] = (value as (...args: unknown[]) => unknown).bind(inner);
    }
  }
}
