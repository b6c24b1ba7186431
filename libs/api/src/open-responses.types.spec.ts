import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OpenResponsesSchema } from './open-responses-schema';
import type { ConversationItem, HostedToolCallItem, OpenResponses, OutputItem, ResponseResource, StreamEvent, StreamEventType } from './open-responses.types';

// Compile-time assertions: the build fails when one does not hold.
type Assert<T extends true> = T;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export type GatewayEventTypesAreTheSpecs = Assert<Equal<StreamEventType, OpenResponses.StreamingEvent['type']>>;
// Hosted tools' calls are the one extension of the item union ("Items are extensible").
export type OutputItemsAreSpecItems = Assert<Exclude<OutputItem, HostedToolCallItem> extends OpenResponses.ItemField ? true : false>;
export type ConversationItemsAreSpecItems = Assert<Exclude<ConversationItem, HostedToolCallItem> extends OpenResponses.ItemField ? true : false>;

/** Each event type once: a missing or an unknown key does not compile. */
const EVENT_TYPES: Record<StreamEventType, true> = {
  'response.created': true,
  'response.queued': true,
  'response.in_progress': true,
  'response.completed': true,
  'response.failed': true,
  'response.incomplete': true,
  'response.output_item.added': true,
  'response.output_item.done': true,
  'response.reasoning_summary_part.added': true,
  'response.reasoning_summary_part.done': true,
  'response.content_part.added': true,
  'response.content_part.done': true,
  'response.output_text.delta': true,
  'response.output_text.done': true,
  'response.refusal.delta': true,
  'response.refusal.done': true,
  'response.reasoning.delta': true,
  'response.reasoning.done': true,
  'response.reasoning_summary_text.delta': true,
  'response.reasoning_summary_text.done': true,
  'response.output_text.annotation.added': true,
  'response.function_call_arguments.delta': true,
  'response.function_call_arguments.done': true,
  error: true,
};

/** Events the compiler refuses and the document does too (each `@ts-expect-error` must meet an error, or the build fails). */
function eventsTheCompilerRejects(): unknown[] {
  const events: StreamEvent[] = [
    // @ts-expect-error an event type the spec does not define
    { type: 'response.output_text.appended', sequence_number: 0, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'x' },
    // @ts-expect-error a text delta names its content part
    { type: 'response.output_text.delta', sequence_number: 0, item_id: 'msg_1', output_index: 0, delta: 'x' },
    {
      type: 'response.content_part.added',
      sequence_number: 0,
      item_id: 'msg_1',
      output_index: 0,
      content_index: 0,
      // @ts-expect-error an output_text part carries annotations
      part: { type: 'output_text', text: '' },
    },
  ];
  return events;
}

/** Narrower than the document (whose `status` is any string): only the statuses its prose names compile. */
export function statusesTheCompilerRejects(response: ResponseResource): StreamEvent {
  // @ts-expect-error not a response status
  return { type: 'response.completed', sequence_number: 0, response: { ...response, status: 'done' } };
}

function eventTypesOfTheDocument(schema: OpenResponsesSchema): string[] {
  const document = schema.document as unknown as {
    paths: Record<string, { post: { responses: Record<string, { content: Record<string, { schema: { oneOf: { $ref: string }[] } }> }> } }>;
    components: { schemas: Record<string, { properties: { type: { enum: string[] } } }> };
  };
  const union = document.paths['/responses'].post.responses['200'].content['text/event-stream'].schema.oneOf;
  return union.flatMap(({ $ref }) => document.components.schemas[$ref.split('/').pop()!].properties.type.enum);
}

describe('Open Responses types', () => {
  const schema = new OpenResponsesSchema();

  it('StreamEvent has exactly the event types of POST /responses in the document', () => {
    assert.deepEqual(Object.keys(EVENT_TYPES).sort(), eventTypesOfTheDocument(schema).sort());
  });

  it('what the compiler rejects as an event, the document rejects too', () => {
    const rejected = eventsTheCompilerRejects();
    assert.equal(rejected.length, 3);
    for (const event of rejected) {
      assert.equal(schema.checkStreamingEvent(event as { type?: unknown }).valid, false, `the document accepts ${JSON.stringify(event)}`);
    }
  });

  it('the document still rejects what the two spec deviations in open-responses.types.ts allow (drop a deviation when it does not)', () => {
    const jsonSchemaFormat = { type: 'json_schema', name: 'person', description: null, schema: { type: 'object' }, strict: true };
    assert.equal(schema.check('JsonSchemaResponseFormat', jsonSchemaFormat).valid, false, 'JsonSchemaTextFormat: the document now takes an object schema');
    assert.equal(schema.check('ReasoningEffortEnum', 'minimal').valid, false, "ReasoningEffort: the document now takes 'minimal'");
  });
});
