import { FinishReason as GeminiFinishReason } from '@google/genai';
import type { FinishReason } from '../provider-event';

/**
 * Candidate.finishReason → the gateway's finish reason
 * (https://ai.google.dev/api/generate-content#FinishReason,
 * https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/GenerationConfig#FinishReason).
 * STOP ends with tool calls when the model produced any; the safety family ends the response incomplete with
 * content_filter; a prompt blocked before generation (promptFeedback.blockReason) does too.
 */
export function mapGeminiFinishReason(reason: GeminiFinishReason | undefined, sawToolCalls: boolean, blockReason?: string): FinishReason {
  if (reason === undefined) return blockReason ? 'content_filter' : 'unknown';
  switch (reason) {
    case GeminiFinishReason.STOP:
      return sawToolCalls ? 'tool_calls' : 'stop';
    case GeminiFinishReason.MAX_TOKENS:
    // "reached the per-request token limit, but generation is not yet complete" (automatic continuation is off)
    case GeminiFinishReason.CONTINUATION:
      return 'max_output_tokens';
    case GeminiFinishReason.SAFETY:
    case GeminiFinishReason.RECITATION:
    case GeminiFinishReason.BLOCKLIST:
    case GeminiFinishReason.PROHIBITED_CONTENT:
    case GeminiFinishReason.SPII:
    case GeminiFinishReason.IMAGE_SAFETY:
    case GeminiFinishReason.IMAGE_PROHIBITED_CONTENT:
    case GeminiFinishReason.IMAGE_RECITATION:
    case GeminiFinishReason.ESCALATION:
    case GeminiFinishReason.PUP_LIMITED_DISABLED:
    case GeminiFinishReason.MODEL_ARMOR:
      return 'content_filter';
    case GeminiFinishReason.FINISH_REASON_UNSPECIFIED:
    case GeminiFinishReason.LANGUAGE:
    case GeminiFinishReason.OTHER:
    case GeminiFinishReason.MALFORMED_FUNCTION_CALL:
    case GeminiFinishReason.IMAGE_OTHER:
    case GeminiFinishReason.NO_IMAGE:
    case GeminiFinishReason.UNEXPECTED_TOOL_CALL:
    case GeminiFinishReason.TOO_MANY_TOOL_CALLS:
    case GeminiFinishReason.MISSING_THOUGHT_SIGNATURE:
    case GeminiFinishReason.MALFORMED_RESPONSE:
      return sawToolCalls ? 'tool_calls' : 'unknown';
    default: {
      // A reason newer than this SDK's enum: the turn ended for a cause not mapped here.
      const unmapped: never = reason;
      void unmapped;
      return sawToolCalls ? 'tool_calls' : 'unknown';
    }
  }
}
