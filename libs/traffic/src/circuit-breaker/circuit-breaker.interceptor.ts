import type { CallInterceptor, CallObserver, CallOutcome } from '@latticelm/providers';
import { isUpstreamFault } from '../resilience/upstream-fault';
import type { ProviderCircuit } from './provider-circuit';

/**
 * The breaker around one provider's calls. A call counts when it ends: a stream that breaks mid-way is a failure,
 * a finished one a success; the client leaving or the gateway stopping it count for nothing, and a vendor 4xx
 * means the provider is healthy. An open circuit refuses the call before the provider is asked.
 */
export class CircuitBreakerInterceptor implements CallInterceptor {
  constructor(private readonly circuit: ProviderCircuit) {}

  begin(): CallObserver {
    const ticket = this.circuit.admit();
    return {
      end(outcome: CallOutcome): void {
        if (outcome.ok) ticket.success();
        else if (outcome.aborted) ticket.release();
        else if (isUpstreamFault(outcome.error)) ticket.failure(outcome.error);
        else ticket.success();
      },
    };
  }
}
