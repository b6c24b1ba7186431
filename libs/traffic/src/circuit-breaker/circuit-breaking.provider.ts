import { ClientAbortedError, Provider, ProviderDecorator, ProviderEvent, ProviderRequest } from '@latticelm/providers';
import { isUpstreamFault } from '../resilience/upstream-fault';
import { ProviderCircuit } from './provider-circuit';

/**
 * The breaker around one provider. A call counts when it ends: a stream that breaks mid-way is a failure, a
 * finished one a success; the client leaving or the caller stopping early count for nothing. An open circuit
 * throws before the provider is called.
 */
export class CircuitBreakingProvider extends ProviderDecorator {
  constructor(
    inner: Provider,
    private readonly circuit: ProviderCircuit,
  ) {
    super(inner);
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
