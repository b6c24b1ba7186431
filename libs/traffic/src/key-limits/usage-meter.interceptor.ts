import type { RequestScope } from '@latticelm/api';
import { CallInterceptor, CallObserver, ProviderCallStart, ProviderEvent, ProviderUsage, applyReportedUsage, isOutputEvent } from '@latticelm/providers';

type Tally = Required<ProviderUsage>;

/**
 * Adds each attempt's reported usage, by kind, to its request's scope (`scope.usage`), which a key's token limit
 * settles on and the usage log records when the response ends; and notes when the first output arrived
 * (`scope.firstOutputAt`, for time to first token). In the chain only while API keys or the usage log are on.
 */
export class UsageMeter implements CallInterceptor {
  begin({ scope }: ProviderCallStart): CallObserver {
    return new AttemptUsage(scope);
  }
}

class AttemptUsage implements CallObserver {
  private readonly usage: Tally = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0, cacheWriteTokens: 0 };

  constructor(private readonly scope: RequestScope) {}

  event(event: ProviderEvent): void {
    if (event.type !== 'usage') {
      if (this.scope.firstOutputAt === undefined && isOutputEvent(event)) this.scope.firstOutputAt = performance.now();
      return;
    }
    applyReportedUsage(this.usage, event.usage);
  }

  end(): void {
    const { usage } = this;
    const total = (this.scope.usage ??= { inputTokens: 0, outputTokens: 0 });
    total.inputTokens += usage.inputTokens;
    total.outputTokens += usage.outputTokens;
    total.cachedTokens = (total.cachedTokens ?? 0) + usage.cachedTokens;
    total.reasoningTokens = (total.reasoningTokens ?? 0) + usage.reasoningTokens;
    total.cacheWriteTokens = (total.cacheWriteTokens ?? 0) + usage.cacheWriteTokens;
  }
}
