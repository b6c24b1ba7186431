import assert from 'node:assert/strict';
import { OpenResponsesSchema } from '@latticelm/api';
import type { SseMessage, StreamedEvent } from './sse';

let schema: OpenResponsesSchema | undefined;

/** The Open Responses OpenAPI document, compiled once per test process. */
export function openResponsesSchema(): OpenResponsesSchema {
  schema ??= new OpenResponsesSchema();
  return schema;
}

export function assertValidResponse(body: unknown): void {
  const check = openResponsesSchema().check('ResponseResource', body);
  assert.ok(check.valid, `ResponseResource invalid against the spec:\n${check.errors.join('\n')}\n${JSON.stringify(body, null, 2)}`);
}

export function assertValidError(body: unknown): void {
  assert.ok(body && typeof body === 'object' && 'error' in body, `not an error body: ${JSON.stringify(body)}`);
  const error = (body as { error: Record<string, unknown> }).error;
  const check = openResponsesSchema().check('ErrorPayload', error);
  assert.ok(check.valid, `error payload invalid against the spec:\n${check.errors.join('\n')}`);
}

/**
 * Every event valid against its schema in the document, `event:` equal to `type`, sequence numbers 0..n,
 * and the spec's order: created, in_progress, …, one terminal event, then [DONE].
 */
export function assertValidStream(events: StreamedEvent[], messages?: SseMessage[], done?: boolean): void {
  assert.ok(events.length >= 3, `too few events: ${events.map((event) => event.type).join(', ')}`);
  for (const [index, event] of events.entries()) {
    const check = openResponsesSchema().checkStreamingEvent(event);
    assert.ok(check.valid, `event ${index} (${event.type}) invalid against the spec:\n${check.errors.join('\n')}\n${JSON.stringify(event)}`);
    assert.equal(event.sequence_number, index, `sequence_number of event ${index}`);
  }
  if (messages) {
    const dataMessages = messages.filter((message) => message.data !== '[DONE]');
    for (const [index, message] of dataMessages.entries()) assert.equal(message.event, events[index].type, 'SSE event: equals type');
  }
  if (done !== undefined) assert.ok(done, 'the stream ends with [DONE]');
  assert.equal(events[0].type, 'response.created');
  assert.equal(events[1].type, 'response.in_progress');
  const terminal = events[events.length - 1].type;
  assert.ok(['response.completed', 'response.incomplete', 'response.failed'].includes(terminal), `terminal event is ${terminal}`);
  assert.equal(events.filter((event) => /^response\.(completed|incomplete|failed)$/.test(event.type)).length, 1, 'exactly one terminal event');
  assertItemLifecycles(events);
}

/** added → (part added → deltas → done → part done)* → item done, per output_index, with stable item ids. */
function assertItemLifecycles(events: StreamedEvent[]): void {
  const items = new Map<number, { id: string; done: boolean; openParts: Set<number> }>();
  for (const event of events) {
    if (event.type === 'response.output_item.added') {
      assert.ok(!items.has(event.output_index), `output_index ${event.output_index} added twice`);
      assert.equal(event.output_index, items.size, 'output_index grows by one');
      items.set(event.output_index, { id: event.item.id, done: false, openParts: new Set() });
      continue;
    }
    if (event.output_index === undefined) continue;
    const item = items.get(event.output_index);
    assert.ok(item, `${event.type} for output_index ${event.output_index} before output_item.added`);
    assert.ok(!item.done, `${event.type} after output_item.done`);
    if (event.item_id !== undefined) assert.equal(event.item_id, item.id, `${event.type} item_id is stable`);
    if (event.type === 'response.content_part.added') item.openParts.add(event.content_index);
    else if (event.type === 'response.content_part.done') item.openParts.delete(event.content_index);
    else if (event.type === 'response.output_item.done') {
      assert.equal(item.openParts.size, 0, 'all content parts closed before output_item.done');
      assert.equal(event.item.id, item.id);
      item.done = true;
    } else if (event.content_index !== undefined && event.type !== 'response.content_part.added') {
      assert.ok(item.openParts.has(event.content_index), `${event.type} outside an open content part`);
    }
  }
  for (const [index, item] of items) assert.ok(item.done, `output item ${index} never done`);
}
