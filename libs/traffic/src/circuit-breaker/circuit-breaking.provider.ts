import type { ProviderType } from '@latticelm/config';
import { ClientAbortedError, Provider, ProviderEvent, ProviderRequest } from '@latticelm/providers';
import { forwardCapabilities } from '../resilience/forward-capabilities';
import { isUpstreamFault } from '../resilience/upstream-fault';
import { ProviderCircuit } from './provider-circuit';

/**
 * The breaker around one provider. A call counts when it ends: a stream that breaks mid-way is a failure, a
 * finished one a success; the client leaving or the caller stopping early count for nothing. An open circuit
 * throws before the provider is called.
 */
export class CircuitBreakingProvider extends Provider {
  readonly name: string;
  readonly type: ProviderType;

  constructor(
    private readonly inner: Provider,
    private readonly circuit: ProviderCircuit,
  ) {
    super();
    this.name = inner.name;
    this.type = inner.type;
    forwardCapabilities(this, inner);
  }

  async *generate(request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    const ticket = this.circuit.admit();
    try {
      yield* this.inner.generate(request, signal);
      ticket.success();
    } catch (error) {
      if (signal.aborted || error instanceof ClientAbortedError) ticket.release();
      else if (isUpstreamFault(error)) ticket.failure(error);
      // the provider answered, just not with what the client hoped for (a 4xx): it is healthy
      else ticket.success();
      throw error;
    } finally {
      ticket.release();
    }
  }
}
