import type { FinishReason, ProviderEvent } from '@latticelm/providers';
import { terminalStatusOf } from '@latticelm/responses';

/**
 * One answer as the cache keeps it: the provider events of the attempt that served it (adjacent deltas joined), who
 * served it, and the request fields its provider dropped. A hit replays the events through the response assembler
 * of the new request, so it gets that request's ids, timestamps and wire format (JSON, SSE, Chat Completions or
 * Messages) exactly as a vendor's answer would.
 */
export interface CachedAnswer {
  provider: string;
  model: string;
  events: ProviderEvent[];
  droppedParameters?: string[];
  /** epoch ms, by the cache's clock */
  storedAt: number;
  expiresAt: number;
}

/** Event types that carry no output of their own. */
const BOOKKEEPING: ReadonlySet<ProviderEvent['type']> = new Set(['usage', 'finish', 'model']);

/** Collects the events of a provider call as they go by; each new attempt (a retry, a fallback) starts over. */
export class AnswerRecorder {
  private provider = '';
  private model = '';
  private events: ProviderEvent[] = [];
  private dropped: string[] | undefined;
  private finishReason: FinishReason | undefined;
  private hasOutput = false;

  attempt(provider: string, model: string): void {
    this.provider = provider;
    this.model = model;
    this.events = [];
    this.finishReason = undefined;
    this.hasOutput = false;
  }

  droppedParameters(params: string[]): void {
    this.dropped = [...new Set([...(this.dropped ?? []), ...params])];
  }

  push(event: ProviderEvent): void {
    if (event.type === 'finish') this.finishReason = event.reason;
    if (!BOOKKEEPING.has(event.type)) this.hasOutput = true;
    const last = this.events[this.events.length - 1];
    const joined = last && joinDeltas(last, event);
    if (joined) this.events[this.events.length - 1] = joined;
    else this.events.push(event);
  }

  /** The answer to keep, or undefined when it should not be kept: it had no output, or ended incomplete. */
  answer(storedAt: number, ttlMs: number): CachedAnswer | undefined {
    if (!this.hasOutput || terminalStatusOf(this.finishReason) !== 'completed') return undefined;
    const answer: CachedAnswer = { provider: this.provider, model: this.model, events: this.events, storedAt, expiresAt: storedAt + ttlMs };
    if (this.dropped) answer.droppedParameters = this.dropped;
    return answer;
  }
}

/** Two deltas of the same kind in a row (the same tool call's, for arguments) as one; undefined when they differ. */
function joinDeltas(last: ProviderEvent, next: ProviderEvent): ProviderEvent | undefined {
  switch (next.type) {
    case 'text.delta':
      return last.type === 'text.delta' ? { type: next.type, delta: last.delta + next.delta } : undefined;
    case 'refusal.delta':
      return last.type === 'refusal.delta' ? { type: next.type, delta: last.delta + next.delta } : undefined;
    case 'reasoning.delta':
      return last.type === 'reasoning.delta' ? { type: next.type, delta: last.delta + next.delta } : undefined;
    case 'reasoning.summary.delta':
      return last.type === 'reasoning.summary.delta' ? { type: next.type, delta: last.delta + next.delta } : undefined;
    case 'tool_call.delta':
      return last.type === 'tool_call.delta' && last.callId === next.callId ? { ...next, delta: last.delta + next.delta } : undefined;
    default:
      return undefined;
  }
}
