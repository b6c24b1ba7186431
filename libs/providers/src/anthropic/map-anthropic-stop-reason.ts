import type { RefusalStopDetails, StopReason } from '@anthropic-ai/sdk/resources/messages/messages';
import type { FinishReason, ProviderEvent } from '../provider-event';

/**
 * https://platform.claude.com/docs/en/build-with-claude/handling-stop-reasons
 * end_turn / stop_sequence → a normal stop; max_tokens and model_context_window_exceeded → incomplete
 * (max_output_tokens); tool_use → tool calls; refusal → a stop whose message carries a refusal part;
 * pause_turn only happens with server tools, which the gateway never sends, and is treated as a stop.
 */
export function mapAnthropicStopReason(reason: StopReason | null | undefined): FinishReason {
  if (reason === null || reason === undefined) return 'unknown';
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'refusal':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'max_output_tokens';
    case 'tool_use':
      return 'tool_calls';
    default: {
      // A stop reason newer than this SDK: the turn ended, but the gateway cannot say why.
      const newer: never = reason;
      void newer;
      return 'unknown';
    }
  }
}

/** Used when the vendor refuses without an explanation. */
export const DEFAULT_REFUSAL = 'The model declined to respond to this request.';

/** The closing events of a message: a refusal part when Claude refused, then the finish reason. */
export function* finishEvents(reason: StopReason | null | undefined, details: RefusalStopDetails | null | undefined): Generator<ProviderEvent> {
  // "refusal: when streaming classifiers intervene to handle potential policy violations" — the text so far is
  // kept and the refusal becomes its own content part, as OpenAI reports refusals.
  if (reason === 'refusal') yield { type: 'refusal.delta', delta: details?.explanation || DEFAULT_REFUSAL };
  yield { type: 'finish', reason: mapAnthropicStopReason(reason), vendorReason: reason ?? undefined };
}
