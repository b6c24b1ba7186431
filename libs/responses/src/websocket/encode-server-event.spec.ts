import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError, OpenResponsesSchema, StreamEvent } from '@latticelm/api';
import { encodeErrorEvent, encodeStreamEvent } from './encode-server-event';

const schema = new OpenResponsesSchema();

describe('encodeErrorEvent', () => {
  it("writes the spec's WebSocketErrorEvent: type error, the status and error.code", () => {
    const error = GatewayError.notFound("Previous response with id 'resp_abc' not found.", 'previous_response_not_found', 'previous_response_id');
    const message = JSON.parse(encodeErrorEvent(error));
    assert.deepEqual(message, {
      type: 'error',
      status: 404,
      error: { type: 'not_found', code: 'previous_response_not_found', message: "Previous response with id 'resp_abc' not found.", param: 'previous_response_id' },
    });
    const check = schema.check('WebSocketErrorEvent', message);
    assert.ok(check.valid, check.errors.join('\n'));
  });

  it('keeps a 5xx as it is, with no cause or stack in the message', () => {
    const message = JSON.parse(encodeErrorEvent(GatewayError.internal(undefined, new Error('secret detail'))));
    assert.equal(message.status, 500);
    assert.doesNotMatch(JSON.stringify(message), /secret detail/);
    assert.ok(schema.check('WebSocketErrorEvent', message).valid);
  });
});

describe('encodeStreamEvent', () => {
  it('sends the streaming event object itself, as SSE puts it on its data line', () => {
    const event = { type: 'response.output_text.delta', sequence_number: 4, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'hi', logprobs: [] } as StreamEvent;
    assert.deepEqual(JSON.parse(encodeStreamEvent(event)), event);
  });
});
