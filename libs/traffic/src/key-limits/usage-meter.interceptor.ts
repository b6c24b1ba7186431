import type { RequestScope } from '@latticelm/api';
import type { CallInterceptor, CallObserver, ProviderCallStart, ProviderEvent, ProviderUsage } from '@latticelm/providers';

/**
 * Adds each attempt's reported usage to its request's scope (`scope.usage`), which a key's token limit settles
 * on when the response ends. In the chain only while API keys are on.
 */
export class UsageMeter implements CallInterceptor {
  begin({ scope }: ProviderCallStart): CallObserver {
    return new AttemptUsage(scope);
  }
}

class AttemptUsage implements CallObserver {
  private readonly usage: Pick<ProviderUsage, 'inputTokens' | 'outputTokens'> = { inputTokens: 0, outputTokens: 0 };

  constructor(private readonly scope: RequestScope) {}

  event(event: ProviderEvent): void {
    if (event.type !== 'usage') return;
    // a vendor reports running totals (Anthropic's message_start, then message_delta): the last value wins
    if (event.usage.inputTokens !== undefined) this.usage.inputTokens = event.usage.inputTokens;
    if (event.usage.outputTokens !== undefined) this.usage.outputTokens = event.usage.outputTokens;
  }

  end(): void {
    const total = (this.scope.usage ??= { inputTokens: 0, outputTokens: 0 });
    total.inputTokens += this.usage.inputTokens;
    total.outputTokens += this.usage.outputTokens;
  }
}
