import type { FinishReason as GeminiFinishReason, GenerateContentResponse, GenerateContentResponseUsageMetadata, GroundingMetadata, Part } from '@google/genai';
import type { ProviderEvent } from '../provider-event';
import { upstreamStreamError } from '../upstream-error';
import { CallIdFactory, PART_SIGNATURE_PREFIX, callIdFactory } from './gemini-call-ids';
import { GeminiCallCounter, geminiPartEvents, mapGeminiUsage } from './from-gemini-response';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';
import { groundingEvents } from './gemini-grounding';
import { isServerToolPart, serverToolPartsEvent } from './gemini-server-tool-parts';

/**
 * streamGenerateContent chunks → ProviderEvents. Every chunk is a whole GenerateContentResponse: parts are
 * converted as they come, while usage ("the last chunk in a stream carries the totals"), the model version and
 * the finish reason are kept and given once at the end.
 */
export class GeminiStreamTransformer {
  private readonly calls: GeminiCallCounter;
  private finishReason: GeminiFinishReason | undefined;
  private blockReason: string | undefined;
  private usage: GenerateContentResponseUsageMetadata | undefined;
  private model: string | undefined;
  /**
   * With Google Search on: the answer's text so far (grounding points into it), the latest grounding, and the
   * text-part signatures held back until the citations are in (their reasoning item would close the message).
   */
  private readonly grounding: { text: string; metadata?: GroundingMetadata; heldSignatures: ProviderEvent[] } | undefined;

  constructor(
    private readonly provider: string,
    newCallId: CallIdFactory = callIdFactory(),
    options: { grounding?: boolean } = {},
  ) {
    this.calls = new GeminiCallCounter(newCallId);
    if (options.grounding) this.grounding = { text: '', heldSignatures: [] };
  }

  /** Gemini's own search calls and results in a row: they go back with the next turn as one reasoning item */
  private readonly serverToolParts: Part[] = [];

  private *flushServerToolParts(): Generator<ProviderEvent> {
    if (this.serverToolParts.length > 0) yield serverToolPartsEvent(this.serverToolParts.splice(0));
  }

  /** True once Gemini said why the turn ended (a finishReason, or a prompt block). */
  get finished(): boolean {
    return this.finishReason !== undefined || this.blockReason !== undefined;
  }

  *transform(chunk: GenerateContentResponse): Generator<ProviderEvent> {
    if (chunk.usageMetadata) this.usage = chunk.usageMetadata;
    if (chunk.modelVersion) this.model = chunk.modelVersion;
    if (chunk.promptFeedback?.blockReason) this.blockReason = chunk.promptFeedback.blockReason;
    const candidate = chunk.candidates?.[0];
    const grounding = this.grounding;
    for (const part of candidate?.content?.parts ?? []) {
      if (isServerToolPart(part)) {
        this.serverToolParts.push(part);
        continue;
      }
      yield* this.flushServerToolParts();
      if (!grounding) {
        yield* geminiPartEvents(part, this.calls);
        continue;
      }
      for (const event of geminiPartEvents(part, this.calls)) {
        if (event.type === 'text.delta') grounding.text += event.delta;
        else if (event.type === 'reasoning.encrypted' && event.data.startsWith(PART_SIGNATURE_PREFIX)) {
          grounding.heldSignatures.push(event);
          continue;
        } else {
          yield* grounding.heldSignatures.splice(0);
          grounding.text = '';
        }
        yield event;
      }
    }
    if (grounding && candidate?.groundingMetadata) grounding.metadata = candidate.groundingMetadata;
    if (candidate?.finishReason) this.finishReason = candidate.finishReason;
  }

  /** The closing events; a stream that ends without a finish reason was cut short. */
  *end(requireFinish = true): Generator<ProviderEvent> {
    if (requireFinish && !this.finished) throw upstreamStreamError(this.provider, 'the stream ended without a finish reason');
    yield* this.flushServerToolParts();
    if (this.grounding) {
      const events = this.grounding.metadata ? [...groundingEvents(this.grounding.metadata, this.grounding.text, 'google_search')] : [];
      yield* events.filter((event) => event.type === 'text.annotation');
      yield* this.grounding.heldSignatures.splice(0);
      yield* events.filter((event) => event.type !== 'text.annotation');
    }
    if (this.usage) yield { type: 'usage', usage: mapGeminiUsage(this.usage) };
    if (this.model) yield { type: 'model', model: this.model };
    yield {
      type: 'finish',
      reason: mapGeminiFinishReason(this.finishReason, this.calls.count > 0, this.blockReason),
      vendorReason: this.finishReason ?? this.blockReason,
    };
  }
}

/** A whole generateContent response → the same events a stream of one chunk gives. */
export function* fromGeminiResponse(provider: string, response: GenerateContentResponse, newCallId?: CallIdFactory, options: { grounding?: boolean } = {}): Generator<ProviderEvent> {
  const transformer = new GeminiStreamTransformer(provider, newCallId, options);
  yield* transformer.transform(response);
  yield* transformer.end(false);
}
