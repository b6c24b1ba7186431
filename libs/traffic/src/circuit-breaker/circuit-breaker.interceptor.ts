import type { RequestScope } from '@latticelm/api';
import type { CallInterceptor, CallObserver, CallOutcome, ProviderCallStart } from '@latticelm/providers';
import { countsAgainstCircuit, isBackPressure } from '../resilience/upstream-fault';
import type { CircuitTicket, ProviderCircuit } from './provider-circuit';

/**
 * The breaker around one provider's calls, choosing the circuit by the request's model. A call counts when it
 * ends: a stream that breaks mid-way is a failure, a finished one a success; the client leaving or the gateway
 * stopping it count for nothing, a vendor 4xx means the provider is healthy, and a vendor 429 cools the model down
 * for its Retry-After without counting. The gateway's own retries of one client request count once per circuit.
 * An open circuit (or a cool-down) refuses the call before the provider is asked.
 */
export class CircuitBreakerInterceptor implements CallInterceptor {
  /** circuits that already heard a verdict from this client request (its first attempt) */
  private readonly counted = new WeakMap<RequestScope, Set<ProviderCircuit>>();

  constructor(private readonly circuitFor: (model: string) => ProviderCircuit) {}

  begin({ request, scope }: ProviderCallStart): CallObserver {
    const circuit = this.circuitFor(request.model);
    const ticket = circuit.admit();
    const counted = this.counted;
    return {
      end(outcome: CallOutcome): void {
        if (!outcome.ok && !outcome.aborted && isBackPressure(outcome.error)) {
          circuit.coolDown(outcome.error.retryAfter ?? 1);
          ticket.release();
          return;
        }
        if (outcome.ok === false && outcome.aborted) {
          ticket.release();
          return;
        }
        let seen = counted.get(scope);
        if (seen?.has(circuit)) {
          ticket.release();
          return;
        }
        if (!seen) counted.set(scope, (seen = new Set()));
        seen.add(circuit);
        verdict(ticket, outcome);
      },
    };
  }
}

function verdict(ticket: CircuitTicket, outcome: CallOutcome): void {
  if (outcome.ok) ticket.success();
  else if (countsAgainstCircuit(outcome.error)) ticket.failure(outcome.error);
  else ticket.success();
}
