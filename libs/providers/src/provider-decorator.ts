import type { ProviderType } from '@latticelm/config';
import { Provider } from './provider';

/**
 * Base of the cross-cutting wrappers around the port (circuit breaker, timeouts, instrumentation): it takes the
 * wrapped provider's name and type, and does not hide its optional capabilities (readiness checks, model lists) —
 * every method of `inner` that the decorator lacks is forwarded to `inner`.
 */
export abstract class ProviderDecorator extends Provider {
  readonly name: string;
  readonly type: ProviderType;

  protected constructor(protected readonly inner: Provider) {
    super();
    this.name = inner.name;
    this.type = inner.type;
    forwardCapabilities(this, inner);
  }
}

function forwardCapabilities(decorator: Provider, inner: Provider): void {
  const target = decorator as unknown as Record<string, unknown>;
  for (let proto: object | null = inner; proto && proto !== Provider.prototype && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || key in decorator) continue;
      const value = (inner as unknown as Record<string, unknown>)[key];
      if (typeof value === 'function') target[key] = (value as (...args: unknown[]) => unknown).bind(inner);
    }
  }
}
