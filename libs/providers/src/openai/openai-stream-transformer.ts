import type { Response, ResponseOutputMessage, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { HOSTED_TOOL_CALL_TYPES, UrlCitation } from '@latticelm/api';
import type { HostedCallDraft, ProviderEvent } from '../provider-event';
import { mapOpenAIFinish } from './map-openai-status';
import { mapOpenAIUsage } from './map-openai-usage';
import { encodeOpenAIReasoning } from './openai-reasoning-state';
import { streamErrorEvent } from './openai-error';

/**
 * The vendor's Responses stream → ProviderEvents. Stateful only for the item id → call id map: argument deltas
 * name the item, our events name the call. Where the vendor opens a message, a content part, a reasoning item
 * or a summary part, the events say so, so that its output keeps its shape: two messages (`phase`
 * commentary then final_answer) stay two, summary parts stay apart by `summary_index`.
 */
export class OpenAIStreamTransformer {
  private readonly callIdsByItemId = new Map<string, string>();
  /** hosted calls (web search, MCP…) in progress: their progress events name them by item id */
  private readonly hostedItemIds = new Set<string>();

  constructor(private readonly provider: string) {}

  *transform(event: ResponseStreamEvent): Generator<ProviderEvent> {
    switch (event.type) {
      case 'response.output_item.added':
        if (event.item.type === 'function_call') {
          this.callIdsByItemId.set(event.item.id ?? event.item.call_id, event.item.call_id);
          yield toolCallStart(event.item);
        } else if (event.item.type === 'message') {
          yield messageStart(event.item);
        } else if (event.item.type === 'reasoning') {
          yield { type: 'reasoning.start' };
        } else if (isHostedCall(event.item)) {
          this.hostedItemIds.add(event.item.id);
          yield { type: 'hosted_call.start', key: event.item.id, item: event.item };
        }
        return;
      case 'response.content_part.added':
        // reasoning_text parts of a reasoning item need no boundary: the item has one
        if (event.part.type === 'output_text' || event.part.type === 'refusal') yield { type: 'message.part' };
        return;
      case 'response.reasoning_summary_part.added':
        yield { type: 'reasoning.summary.part' };
        return;
      case 'response.output_text.annotation.added':
        if (isUrlCitation(event.annotation)) yield { type: 'text.annotation', annotation: event.annotation };
        return;
      case 'response.output_text.delta':
        yield { type: 'text.delta', delta: event.delta };
        return;
      case 'response.refusal.delta':
        yield { type: 'refusal.delta', delta: event.delta };
        return;
      case 'response.reasoning_text.delta':
        yield { type: 'reasoning.delta', delta: event.delta };
        return;
      case 'response.reasoning_summary_text.delta':
        yield { type: 'reasoning.summary.delta', delta: event.delta };
        return;
      case 'response.function_call_arguments.delta': {
        const callId = this.callIdsByItemId.get(event.item_id);
        if (callId) yield { type: 'tool_call.delta', callId, delta: event.delta };
        return;
      }
      case 'response.function_call_arguments.done': {
        const callId = this.callIdsByItemId.get(event.item_id);
        if (callId) yield { type: 'tool_call.done', callId, arguments: event.arguments };
        return;
      }
      case 'response.output_item.done':
        if (isHostedCall(event.item) && this.hostedItemIds.delete(event.item.id)) {
          yield { type: 'hosted_call.done', key: event.item.id, item: event.item };
        } else if (event.item.type === 'function_call') {
          yield { type: 'tool_call.done', callId: event.item.call_id, arguments: event.item.arguments };
        } else if (event.item.type === 'reasoning' && event.item.encrypted_content) {
          yield { type: 'reasoning.encrypted', data: encodeOpenAIReasoning(event.item.id, event.item.encrypted_content) };
        }
        return;
      case 'response.completed':
      case 'response.incomplete':
        yield* finalEvents(event.response);
        return;
      case 'response.failed':
        throw streamErrorEvent(this.provider, event.response.error?.code, event.response.error?.message ?? 'the response failed');
      case 'error':
        throw streamErrorEvent(this.provider, event.code, event.message, event.param);
      default:
        yield* this.hostedProgress(event);
        return;
    }
  }

  /** A hosted call's own events (`response.web_search_call.searching`…) go on as they came. */
  private *hostedProgress(event: ResponseStreamEvent): Generator<ProviderEvent> {
    const { type, sequence_number: _sequence, output_index: _index, item_id: itemId, ...fields } = event as unknown as HostedProgressEvent;
    if (typeof itemId === 'string' && this.hostedItemIds.has(itemId)) yield { type: 'hosted_call.progress', key: itemId, event: type, fields };
  }
}

interface HostedProgressEvent {
  type: `response.${string}`;
  sequence_number?: number;
  output_index?: number;
  item_id?: unknown;
  [field: string]: unknown;
}

function toolCallStart(item: { call_id: string; name: string; namespace?: string }): ProviderEvent {
  return { type: 'tool_call.start', callId: item.call_id, name: item.name, ...(item.namespace !== undefined ? { namespace: item.namespace } : {}) };
}

function isHostedCall(item: { type: string; id?: string }): item is HostedCallDraft & { id: string } {
  return (HOSTED_TOOL_CALL_TYPES as readonly string[]).includes(item.type) && typeof item.id === 'string';
}

function isUrlCitation(annotation: unknown): annotation is UrlCitation {
  return typeof annotation === 'object' && annotation !== null && (annotation as { type?: unknown }).type === 'url_citation';
}

function messageStart(item: ResponseOutputMessage): ProviderEvent {
  return item.phase ? { type: 'message.start', phase: item.phase } : { type: 'message.start' };
}

function* finalEvents(response: Response): Generator<ProviderEvent> {
  const usage = mapOpenAIUsage(response.usage);
  if (usage) yield { type: 'usage', usage };
  if (response.model) yield { type: 'model', model: response.model };
  yield { type: 'finish', reason: mapOpenAIFinish(response), vendorReason: response.incomplete_details?.reason ?? response.status };
}

/** A whole (non-streamed) vendor response → the same ProviderEvents a stream would give. */
export function* fromOpenAIResponse(response: Response): Generator<ProviderEvent> {
  for (const item of response.output) {
    switch (item.type) {
      case 'message':
        yield messageStart(item);
        for (const part of item.content) {
          yield { type: 'message.part' };
          if (part.type === 'output_text') {
            yield { type: 'text.delta', delta: part.text };
            for (const annotation of part.annotations) if (isUrlCitation(annotation)) yield { type: 'text.annotation', annotation };
          } else if (part.type === 'refusal') yield { type: 'refusal.delta', delta: part.refusal };
        }
        break;
      case 'function_call':
        yield toolCallStart(item);
        yield { type: 'tool_call.done', callId: item.call_id, arguments: item.arguments };
        break;
      case 'reasoning':
        yield { type: 'reasoning.start' };
        for (const part of item.summary) {
          yield { type: 'reasoning.summary.part' };
          yield { type: 'reasoning.summary.delta', delta: part.text };
        }
        for (const part of item.content ?? []) yield { type: 'reasoning.delta', delta: part.text };
        if (item.encrypted_content) yield { type: 'reasoning.encrypted', data: encodeOpenAIReasoning(item.id, item.encrypted_content) };
        break;
      default:
        if (isHostedCall(item)) {
          yield { type: 'hosted_call.start', key: item.id, item };
          yield { type: 'hosted_call.done', key: item.id, item };
        }
        break;
    }
  }
  yield* finalEvents(response);
}
