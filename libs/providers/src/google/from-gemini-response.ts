import type { GenerateContentResponseUsageMetadata, Part } from '@google/genai';
import type { ProviderEvent, ProviderUsage } from '../provider-event';
import { CallIdFactory, PART_SIGNATURE_PREFIX, THOUGHT_SIGNATURE_PREFIX } from './gemini-call-ids';

/**
 * usageMetadata → usage (https://ai.google.dev/api/generate-content#UsageMetadata). promptTokenCount already
 * includes cached tokens ("When cachedContent is set, this is still the total effective prompt size"), while
 * candidatesTokenCount leaves out thoughtsTokenCount, which is billed as output; tool-use prompt tokens are input.
 */
export function mapGeminiUsage(usage: GenerateContentResponseUsageMetadata): Partial<ProviderUsage> {
  const thoughts = usage.thoughtsTokenCount ?? 0;
  return {
    inputTokens: (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0),
    outputTokens: (usage.candidatesTokenCount ?? 0) + thoughts,
    cachedTokens: usage.cachedContentTokenCount ?? 0,
    reasoningTokens: thoughts,
  };
}

/** Numbers the function calls of one response and names them when Gemini gave no id. */
export class GeminiCallCounter {
  private next = 0;
  constructor(private readonly newCallId: CallIdFactory) {}

  get count(): number {
    return this.next;
  }

  idFor(name: string, vendorId: string | undefined): string {
    const index = this.next++;
    return vendorId || this.newCallId(name, index);
  }
}

/**
 * One content part → events. A function call arrives whole in one part, so it yields start, one argument delta
 * and done. Its thoughtSignature (Gemini 2.5/3 put it on the first function call of a turn) is kept as a
 * reasoning item before the call. A signature on any other part (Gemini 3 signs the last text part of an answer;
 * "we recommend returning all signatures", https://ai.google.dev/gemini-api/docs/thought-signatures) is kept as
 * a reasoning item after the part's text, and goes back on the part before it.
 */
export function* geminiPartEvents(part: Part, calls: GeminiCallCounter): Generator<ProviderEvent> {
  if (part.functionCall) {
    const name = part.functionCall.name ?? '';
    if (part.thoughtSignature) yield { type: 'reasoning.encrypted', data: THOUGHT_SIGNATURE_PREFIX + part.thoughtSignature };
    const callId = calls.idFor(name, part.functionCall.id);
    const args = JSON.stringify(part.functionCall.args ?? {});
    yield { type: 'tool_call.start', callId, name };
    yield { type: 'tool_call.delta', callId, delta: args };
    yield { type: 'tool_call.done', callId, arguments: args };
    return;
  }
  if (typeof part.text === 'string' && part.text !== '') {
    yield part.thought ? { type: 'reasoning.summary.delta', delta: part.text } : { type: 'text.delta', delta: part.text };
  }
  if (part.thoughtSignature) yield { type: 'reasoning.encrypted', data: PART_SIGNATURE_PREFIX + part.thoughtSignature };
  // inlineData / executableCode / codeExecutionResult: outputs of features this gateway does not request.
}
