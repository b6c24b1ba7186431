import type { ProviderType } from '@latticelm/config';
import { Provider } from './provider';

/**
 * Base of the cross-cutting wrappers around the port (circuit breaker, timeouts, instrumentation): it takes the
 * wrapped provider's name and type, so that a wrapped provider is reported and routed as the one it wraps.
 */
export abstract class ProviderDecorator extends Provider {
  readonly name: string;
  readonly type: ProviderType;

  protected constructor(protected readonly inner: Provider) {
    super();
    this.name = inner.name;
    this.type = inner.type;
  }
}
