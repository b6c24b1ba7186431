import type { GatewayEvents, RequestScope, UnpricedReason } from '@latticelm/api';
import { CallInterceptor, CallObserver, CallOutcome, ProviderCallStart, ProviderEvent, ProviderUsage, applyReportedUsage } from '@latticelm/providers';
import { computeCost } from './compute-cost';
import type { ModelPrice } from './model-price';
import type { PriceBook } from './price-book';

/** OpenAI's flex and priority tiers bill other rates than the table's standard ones. */
const OTHER_TIERS: ReadonlySet<string> = new Set(['flex', 'priority']);

/**
 * The cost of each provider attempt, as a call interceptor: it keeps the usage the vendor reported (streamed or
 * not, the same events), prices it when the attempt ends and adds it to the request's scope, where the JSON
 * header, the stream's final response, the access log and the trace read it. Metrics hear of it on the event bus.
 * Only in the chain when `pricing.enabled`.
 */
export class CostMeter implements CallInterceptor {
  constructor(
    private readonly book: PriceBook,
    private readonly events: GatewayEvents,
  ) {}

  begin({ provider, request, scope }: ProviderCallStart): CallObserver {
    const price = this.book.priceFor(provider.name, provider.type, scope.model, request.model);
    const tier = request.serviceTier !== undefined && OTHER_TIERS.has(request.serviceTier);
    return new AttemptCost(provider.name, scope, tier ? 'service_tier' : price, this.events);
  }
}

class AttemptCost implements CallObserver {
  private usage: ProviderUsage | undefined;
  private answered = false;

  constructor(
    private readonly provider: string,
    private readonly scope: RequestScope,
    private readonly price: ModelPrice | undefined | 'service_tier',
    private readonly events: GatewayEvents,
  ) {}

  event(event: ProviderEvent): void {
    if (event.type !== 'usage') {
      this.answered = true;
      return;
    }
    applyReportedUsage((this.usage ??= { inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 }), event.usage);
  }

  end(outcome: CallOutcome): void {
    const { scope, price } = this;
    const model = scope.model ?? 'unknown';
    if (!this.usage) {
      // A call that failed before any answer is not billed; one that answered without usage cannot be costed.
      if (outcome.ok || this.answered) this.unknown(model, 'no_usage');
      return;
    }
    if (price === undefined) return this.unknown(model, 'no_price');
    if (price === 'service_tier') return this.unknown(model, 'service_tier');
    const usd = computeCost(price, this.usage);
    if (usd === undefined) return this.unknown(model, 'unknown_figure');
    scope.costUsd = scope.costUsd === undefined ? usd : Math.round((scope.costUsd + usd) * 1e12) / 1e12;
    this.events.emit('cost.recorded', scope.apiKey ? { provider: this.provider, model, usd, key: scope.apiKey.id } : { provider: this.provider, model, usd });
  }

  private unknown(model: string, reason: UnpricedReason): void {
    this.scope.costUnknown = true;
    const key = this.scope.apiKey?.id;
    this.events.emit('cost.unpriced', key === undefined ? { provider: this.provider, model, reason } : { provider: this.provider, model, reason, key });
  }
}
