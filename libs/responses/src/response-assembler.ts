import {
  FunctionCallItem,
  GatewayError,
  GatewayStreamEvent,
  HostedToolCallItem,
  OutputItem,
  OutputMessageItem,
  ReasoningItem,
  ResponseResource,
  OutputItemPrefix,
  UrlCitation,
  Usage,
  outputItemId,
} from '@latticelm/api';
import type { FinishReason, HostedCallDraft, MessagePhase, ProviderEvent, ProviderUsage } from '@latticelm/providers';
import type { ResponseEnvelope } from './response-envelope';

export type EventSink = (event: GatewayStreamEvent) => void;

interface OpenMessage {
  kind: 'message';
  item: OutputMessageItem;
  outputIndex: number;
  partType: 'output_text' | 'refusal' | undefined;
  partText: string;
}
interface OpenReasoning {
  kind: 'reasoning';
  item: ReasoningItem;
  outputIndex: number;
  text: string;
  contentOpen: boolean;
  /** the text of the open summary part */
  summary: string;
  summaryOpen: boolean;
}
interface OpenToolCall {
  item: FunctionCallItem;
  outputIndex: number;
}
interface OpenHostedCall {
  item: HostedToolCallItem;
  outputIndex: number;
}

/** How a response that was not failed ends, by the last finish reason its provider gave. */
export function terminalStatusOf(reason: FinishReason | undefined): 'completed' | 'incomplete' {
  switch (reason) {
    case 'max_output_tokens':
    case 'content_filter':
      return 'incomplete';
    case 'stop':
    case 'tool_calls':
    case 'unknown':
    case undefined:
      return 'completed';
    default: {
      const _exhaustive: never = reason;
      void _exhaustive;
      return 'completed';
    }
  }
}

const EMPTY_USAGE: ProviderUsage = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 };

/**
 * Turns ProviderEvents into Open Responses output items and, when a sink is given, the spec's streaming
 * events in order: response.created, response.in_progress, per item added → parts → deltas → done, and a
 * terminal response.completed | response.incomplete | response.failed. Ids, output_index, content_index and
 * sequence_number are assigned here and nowhere else.
 */
export class ResponseAssembler {
  private sequence = 0;
  private readonly output: OutputItem[] = [];
  private current: OpenMessage | OpenReasoning | undefined;
  private readonly toolCalls = new Map<string, OpenToolCall>();
  private readonly hostedCalls = new Map<string, OpenHostedCall>();
  private usage: ProviderUsage | undefined;
  private finishReason: FinishReason | undefined;
  private finished = false;
  private emittedOutput = false;

  constructor(
    private readonly envelope: ResponseEnvelope,
    private readonly sink?: EventSink,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** True once any output event (beyond created / in_progress) was produced: retries and fallbacks stop here. */
  get hasOutput(): boolean {
    return this.emittedOutput;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  start(): void {
    const snapshot = this.snapshot('in_progress');
    this.emit({ type: 'response.created', sequence_number: this.sequence++, response: snapshot });
    this.emit({ type: 'response.in_progress', sequence_number: this.sequence++, response: snapshot });
  }

  push(event: ProviderEvent): void {
    if (this.finished) return;
    switch (event.type) {
      case 'message.start':
        this.startMessage(event.phase);
        return;
      case 'message.part':
        if (this.current?.kind === 'message') this.closeMessagePart(this.current);
        return;
      case 'text.delta':
        if (event.delta) this.appendToMessage('output_text', event.delta);
        return;
      case 'refusal.delta':
        if (event.delta) this.appendToMessage('refusal', event.delta);
        return;
      case 'reasoning.start':
        this.startReasoning();
        return;
      case 'reasoning.delta':
        if (event.delta) this.appendReasoning(event.delta);
        return;
      case 'reasoning.summary.part':
        this.startSummaryPart(this.ensureReasoning());
        return;
      case 'reasoning.summary.delta':
        if (event.delta) this.appendReasoningSummary(event.delta);
        return;
      case 'reasoning.encrypted':
        this.ensureReasoning().item.encrypted_content = event.data;
        return;
      case 'tool_call.start':
        this.startToolCall(event.callId, event.name, event.namespace);
        return;
      case 'tool_call.delta':
        this.appendToolArguments(event.callId, event.delta);
        return;
      case 'tool_call.done':
        this.finishToolCall(event.callId, event.arguments, 'completed');
        return;
      case 'usage':
        this.usage = { ...(this.usage ?? EMPTY_USAGE), ...definedOnly(event.usage) };
        return;
      case 'finish':
        this.finishReason = event.reason;
        return;
      case 'model':
        return;
      case 'text.annotation':
        this.annotate(event.annotation);
        return;
      case 'hosted_call.start':
        this.startHostedCall(event.key, event.item);
        return;
      case 'hosted_call.progress':
        this.hostedCallProgress(event.key, event.event, event.fields);
        return;
      case 'hosted_call.done':
        this.finishHostedCall(event.key, event.item, 'completed');
        return;
      default:
        assertNever(event);
    }
  }

  /**
   * Closes every open item (emitting their done events) and returns the final resource. The terminal event
   * waits for announce(), so that the response can be stored before the client hears it is complete.
   */
  complete(): ResponseResource {
    const status = terminalStatusOf(this.finishReason);
    if (!this.finished) {
      const itemStatus = status === 'incomplete' ? 'incomplete' : 'completed';
      this.closeCurrent(itemStatus);
      for (const callId of [...this.toolCalls.keys()]) this.finishToolCall(callId, undefined, itemStatus);
      for (const key of [...this.hostedCalls.keys()]) this.finishHostedCall(key, undefined, itemStatus);
      this.finished = true;
    }
    return this.snapshot(status);
  }

  /** Ends the response as failed: open items close as incomplete; announce() then sends `response.failed`. */
  fail(error: GatewayError): ResponseResource {
    if (!this.finished) {
      this.closeCurrent('incomplete');
      for (const callId of [...this.toolCalls.keys()]) this.finishToolCall(callId, undefined, 'incomplete');
      for (const key of [...this.hostedCalls.keys()]) this.finishHostedCall(key, undefined, 'incomplete');
      this.finished = true;
    }
    return this.snapshot('failed', { code: error.code, message: error.message });
  }

  /** Emits the terminal event for a resource from complete() or fail(). */
  announce(response: ResponseResource): void {
    const sequence_number = this.sequence++;
    if (response.status === 'failed') this.emit({ type: 'response.failed', sequence_number, response });
    else if (response.status === 'incomplete') this.emit({ type: 'response.incomplete', sequence_number, response });
    else this.emit({ type: 'response.completed', sequence_number, response });
  }

  /** A fallback served the request: the final resource names who did. */
  setServedBy(provider: string, model: string): void {
    this.envelope.provider = provider;
    this.envelope.model = model;
  }

  snapshot(status: ResponseResource['status'], error: ResponseResource['error'] = null): ResponseResource {
    const terminal = status === 'completed' || status === 'incomplete' || status === 'failed';
    return {
      ...this.envelope,
      status,
      completed_at: status === 'completed' ? this.now() : null,
      incomplete_details: status === 'incomplete' ? { reason: this.incompleteReason() } : null,
      output: structuredCloneItems(this.output),
      error,
      usage: terminal ? this.buildUsage() : null,
    };
  }

  private incompleteReason(): 'max_output_tokens' | 'content_filter' {
    return this.finishReason === 'content_filter' ? 'content_filter' : 'max_output_tokens';
  }

  private buildUsage(): Usage | null {
    if (!this.usage) return null;
    const { inputTokens, outputTokens, cachedTokens, reasoningTokens } = this.usage;
    return {
      input_tokens: inputTokens,
      output_tokens: outputTokens,
      total_tokens: inputTokens + outputTokens,
      input_tokens_details: { cached_tokens: cachedTokens },
      output_tokens_details: { reasoning_tokens: reasoningTokens },
    };
  }

  /**
   * Callers build each event as a literal of its own member of the spec's union (so the compiler checks every
   * field) and number it with `this.sequence++` where it is built.
   */
  private emit(event: GatewayStreamEvent): void {
    if (event.type !== 'response.created' && event.type !== 'response.in_progress') this.emittedOutput = true;
    this.sink?.(event);
  }

  private addItem(item: OutputItem): number {
    const outputIndex = this.output.length;
    this.output.push(item);
    this.emit({ type: 'response.output_item.added', sequence_number: this.sequence++, output_index: outputIndex, item: withoutContent(item) });
    return outputIndex;
  }

  /** the id of the item about to be added: it names this response, so an item_reference can find it */
  private nextItemId(prefix: OutputItemPrefix): string {
    return outputItemId(prefix, this.envelope.id, this.output.length);
  }

  private startMessage(phase: MessagePhase | undefined): OpenMessage {
    this.closeCurrent('completed');
    const item: OutputMessageItem = {
      type: 'message',
      id: this.nextItemId('msg'),
      status: 'in_progress',
      role: 'assistant',
      content: [],
      ...(phase ? { phase } : {}),
    };
    const message: OpenMessage = { kind: 'message', item, outputIndex: this.addItem(item), partType: undefined, partText: '' };
    this.current = message;
    return message;
  }

  private appendToMessage(partType: 'output_text' | 'refusal', delta: string): void {
    const message = this.current?.kind === 'message' ? this.current : this.startMessage(undefined);
    if (message.partType !== partType) {
      this.closeMessagePart(message);
      message.partType = partType;
      message.partText = '';
      const part = partType === 'output_text' ? { type: 'output_text' as const, text: '', annotations: [] } : { type: 'refusal' as const, refusal: '' };
      message.item.content.push(part);
      this.emit({
        type: 'response.content_part.added',
        sequence_number: this.sequence++,
        item_id: message.item.id,
        output_index: message.outputIndex,
        content_index: message.item.content.length - 1,
        part: { ...part },
      });
    }
    message.partText += delta;
    const contentIndex = message.item.content.length - 1;
    const part = message.item.content[contentIndex];
    if (part.type === 'output_text') part.text = message.partText;
    else if (part.type === 'refusal') part.refusal = message.partText;
    this.emit(
      partType === 'output_text'
        ? { type: 'response.output_text.delta', sequence_number: this.sequence++, item_id: message.item.id, output_index: message.outputIndex, content_index: contentIndex, delta, logprobs: [] }
        : { type: 'response.refusal.delta', sequence_number: this.sequence++, item_id: message.item.id, output_index: message.outputIndex, content_index: contentIndex, delta },
    );
  }

  private closeMessagePart(message: OpenMessage): void {
    if (!message.partType) return;
    const contentIndex = message.item.content.length - 1;
    const base = { item_id: message.item.id, output_index: message.outputIndex, content_index: contentIndex };
    if (message.partType === 'output_text') {
      this.emit({ type: 'response.output_text.done', sequence_number: this.sequence++, ...base, text: message.partText, logprobs: [] });
    } else {
      this.emit({ type: 'response.refusal.done', sequence_number: this.sequence++, ...base, refusal: message.partText });
    }
    this.emit({ type: 'response.content_part.done', sequence_number: this.sequence++, ...base, part: { ...message.item.content[contentIndex] } });
    message.partType = undefined;
  }

  private ensureReasoning(): OpenReasoning {
    return this.current?.kind === 'reasoning' ? this.current : this.startReasoning();
  }

  private startReasoning(): OpenReasoning {
    this.closeCurrent('completed');
    const item: ReasoningItem = { type: 'reasoning', id: this.nextItemId('rs'), summary: [] };
    const reasoning: OpenReasoning = {
      kind: 'reasoning',
      item,
      outputIndex: this.addItem(item),
      text: '',
      contentOpen: false,
      summary: '',
      summaryOpen: false,
    };
    this.current = reasoning;
    return reasoning;
  }

  private appendReasoning(delta: string): void {
    const reasoning = this.ensureReasoning();
    if (!reasoning.contentOpen) {
      reasoning.contentOpen = true;
      reasoning.item.content = [{ type: 'reasoning_text', text: '' }];
      this.emit({
        type: 'response.content_part.added',
        sequence_number: this.sequence++,
        item_id: reasoning.item.id,
        output_index: reasoning.outputIndex,
        content_index: 0,
        part: { type: 'reasoning_text', text: '' },
      });
    }
    reasoning.text += delta;
    reasoning.item.content = [{ type: 'reasoning_text', text: reasoning.text }];
    this.emit({ type: 'response.reasoning.delta', sequence_number: this.sequence++, item_id: reasoning.item.id, output_index: reasoning.outputIndex, content_index: 0, delta });
  }

  private startSummaryPart(reasoning: OpenReasoning): void {
    this.closeSummaryPart(reasoning);
    reasoning.summaryOpen = true;
    reasoning.summary = '';
    reasoning.item.summary.push({ type: 'summary_text', text: '' });
    this.emit({
      type: 'response.reasoning_summary_part.added',
      sequence_number: this.sequence++,
      item_id: reasoning.item.id,
      output_index: reasoning.outputIndex,
      summary_index: reasoning.item.summary.length - 1,
      part: { type: 'summary_text', text: '' },
    });
  }

  private closeSummaryPart(reasoning: OpenReasoning): void {
    if (!reasoning.summaryOpen) return;
    reasoning.summaryOpen = false;
    const base = { item_id: reasoning.item.id, output_index: reasoning.outputIndex, summary_index: reasoning.item.summary.length - 1 };
    this.emit({ type: 'response.reasoning_summary_text.done', sequence_number: this.sequence++, ...base, text: reasoning.summary });
    this.emit({ type: 'response.reasoning_summary_part.done', sequence_number: this.sequence++, ...base, part: { type: 'summary_text', text: reasoning.summary } });
  }

  private appendReasoningSummary(delta: string): void {
    const reasoning = this.ensureReasoning();
    if (!reasoning.summaryOpen) this.startSummaryPart(reasoning);
    reasoning.summary += delta;
    const summaryIndex = reasoning.item.summary.length - 1;
    reasoning.item.summary[summaryIndex].text = reasoning.summary;
    this.emit({ type: 'response.reasoning_summary_text.delta', sequence_number: this.sequence++, item_id: reasoning.item.id, output_index: reasoning.outputIndex, summary_index: summaryIndex, delta });
  }

  private closeCurrent(status: 'completed' | 'incomplete'): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    if (current.kind === 'message') {
      this.closeMessagePart(current);
      current.item.status = status;
    } else {
      const base = { item_id: current.item.id, output_index: current.outputIndex };
      this.closeSummaryPart(current);
      if (current.contentOpen) {
        this.emit({ type: 'response.reasoning.done', sequence_number: this.sequence++, ...base, content_index: 0, text: current.text });
        this.emit({ type: 'response.content_part.done', sequence_number: this.sequence++, ...base, content_index: 0, part: { type: 'reasoning_text', text: current.text } });
      }
    }
    this.emit({ type: 'response.output_item.done', sequence_number: this.sequence++, output_index: current.outputIndex, item: structuredCloneItems([current.item])[0] });
  }

  private startToolCall(callId: string, name: string, namespace: string | undefined): void {
    if (this.toolCalls.has(callId)) return;
    this.closeCurrent('completed');
    const item: FunctionCallItem = {
      type: 'function_call',
      id: this.nextItemId('fc'),
      call_id: callId,
      ...(namespace !== undefined ? { namespace } : {}),
      name,
      arguments: '',
      status: 'in_progress',
    };
    this.toolCalls.set(callId, { item, outputIndex: this.addItem(item) });
  }

  private appendToolArguments(callId: string, delta: string): void {
    const call = this.toolCalls.get(callId);
    if (!call || !delta) return;
    call.item.arguments += delta;
    this.emit({ type: 'response.function_call_arguments.delta', sequence_number: this.sequence++, item_id: call.item.id, output_index: call.outputIndex, delta });
  }

  private finishToolCall(callId: string, finalArguments: string | undefined, status: 'completed' | 'incomplete'): void {
    const call = this.toolCalls.get(callId);
    if (!call) return;
    if (finalArguments !== undefined && finalArguments !== call.item.arguments) {
      // Vendors that only send the whole string at the end still produce one delta, as the spec's sequence requires.
      if (call.item.arguments === '') this.appendToolArguments(callId, finalArguments);
      call.item.arguments = finalArguments;
    }
    this.toolCalls.delete(callId);
    call.item.status = status;
    this.emit({ type: 'response.function_call_arguments.done', sequence_number: this.sequence++, item_id: call.item.id, output_index: call.outputIndex, arguments: call.item.arguments });
    this.emit({ type: 'response.output_item.done', sequence_number: this.sequence++, output_index: call.outputIndex, item: { ...call.item } });
  }

  /** A citation on the open output_text part; with none open there is no text for it to point into. */
  private annotate(annotation: UrlCitation): void {
    const message = this.current?.kind === 'message' ? this.current : undefined;
    if (!message || message.partType !== 'output_text') return;
    const contentIndex = message.item.content.length - 1;
    const part = message.item.content[contentIndex];
    if (part.type !== 'output_text') return;
    part.annotations.push({ ...annotation });
    this.emit({
      type: 'response.output_text.annotation.added',
      sequence_number: this.sequence++,
      item_id: message.item.id,
      output_index: message.outputIndex,
      content_index: contentIndex,
      annotation_index: part.annotations.length - 1,
      annotation: { ...annotation },
    });
  }

  private startHostedCall(key: string, draft: HostedCallDraft): void {
    if (this.hostedCalls.has(key)) return;
    this.closeCurrent('completed');
    const copy: HostedCallDraft = structuredClone(draft);
    const item: HostedToolCallItem = { ...copy, type: draft.type, id: draft.id ?? this.nextItemId(draft.type === 'web_search_call' ? 'ws' : 'hc') };
    this.hostedCalls.set(key, { item, outputIndex: this.addItem(item) });
  }

  private hostedCallProgress(key: string, type: `response.${string}`, fields: Record<string, unknown> | undefined): void {
    const call = this.hostedCalls.get(key);
    if (!call) return;
    this.emit({ ...fields, type, sequence_number: this.sequence++, output_index: call.outputIndex, item_id: call.item.id });
  }

  private finishHostedCall(key: string, final: HostedCallDraft | undefined, status: 'completed' | 'incomplete'): void {
    const call = this.hostedCalls.get(key);
    if (!call) return;
    this.hostedCalls.delete(key);
    if (final) {
      const id = call.item.id;
      for (const field of Object.keys(call.item)) delete call.item[field];
      Object.assign(call.item, structuredClone(final), { id });
    } else if (status === 'incomplete') {
      call.item.status = 'incomplete';
    }
    this.output[call.outputIndex] = call.item;
    this.emit({ type: 'response.output_item.done', sequence_number: this.sequence++, output_index: call.outputIndex, item: structuredClone(call.item) });
  }
}

/** The item as response.output_item.added announces it: before any content. */
function withoutContent(item: OutputItem): OutputItem {
  switch (item.type) {
    case 'message':
      return { ...item, content: [] };
    case 'reasoning':
      return { ...item, summary: [] };
    case 'function_call':
      return { ...item };
    default:
      // A hosted tool's call is announced as the vendor announced it.
      return structuredClone(item);
  }
}

function definedOnly(usage: Partial<ProviderUsage>): Partial<ProviderUsage> {
  const result: Partial<ProviderUsage> = {};
  for (const [key, value] of Object.entries(usage) as [keyof ProviderUsage, number | undefined][]) {
    if (typeof value === 'number' && Number.isFinite(value)) result[key] = value;
  }
  return result;
}

function structuredCloneItems<T extends OutputItem>(items: T[]): T[] {
  return items.map((item) => {
    if (item.type === 'message') return { ...item, content: item.content.map((part) => ({ ...part })) };
    if (item.type === 'reasoning') {
      return { ...item, summary: item.summary.map((part) => ({ ...part })), ...(item.content ? { content: item.content.map((part) => ({ ...part })) } : {}) };
    }
    if (item.type === 'function_call') return { ...item };
    return structuredClone(item);
  });
}

function assertNever(value: never): never {
  throw new Error(`unhandled provider event ${JSON.stringify(value)}`);
}
