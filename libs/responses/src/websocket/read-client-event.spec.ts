import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readClientEvent } from './read-client-event';

function refusal(data: string | Buffer) {
  const event = readClientEvent(data);
  assert.equal(event.ok, false, `expected a refusal for ${String(data)}`);
  return event.ok ? assert.fail() : event.error;
}

describe('readClientEvent', () => {
  it('reads a response.create as a streamed request (text or binary frame)', () => {
    for (const data of [
      JSON.stringify({ type: 'response.create', model: 'gpt-4o-mini', store: false, input: 'hi', tools: [] }),
      Buffer.from(JSON.stringify({ type: 'response.create', model: 'gpt-4o-mini', store: false, input: 'hi', tools: [] })),
    ]) {
      const event = readClientEvent(data);
      assert.ok(event.ok);
      assert.equal(event.request.model, 'gpt-4o-mini');
      assert.equal(event.request.stream, true, 'every WebSocket response streams');
      assert.equal(event.request.store, false);
      assert.equal(event.request.input.length, 1);
    }
  });

  it('carries previous_response_id for a continuation', () => {
    const event = readClientEvent(JSON.stringify({ type: 'response.create', model: 'm', previous_response_id: 'resp_1', input: [{ type: 'function_call_output', call_id: 'call_1', output: 'ok' }] }));
    assert.ok(event.ok);
    assert.equal(event.request.previousResponseId, 'resp_1');
  });

  it('refuses what is not JSON, not an object, or not response.create, naming the field', () => {
    const notJson = refusal('{"type": "response.create",');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.code, 'invalid_json');
    assert.equal(refusal('[1,2]').param, null);
    const missing = refusal('{"model":"m"}');
    assert.equal(missing.param, 'type');
    assert.equal(missing.code, 'missing_required_parameter');
    const other = refusal('{"type":"response.cancel"}');
    assert.equal(other.param, 'type');
    assert.equal(other.code, 'unsupported_event_type');
  });

  it('refuses the HTTP-only fields stream, stream_options and background', () => {
    for (const field of ['stream', 'stream_options', 'background']) {
      const error = refusal(JSON.stringify({ type: 'response.create', model: 'm', input: 'hi', [field]: field === 'stream_options' ? {} : false }));
      assert.equal(error.param, field);
      assert.equal(error.code, 'unsupported_parameter');
    }
  });

  it('refuses a body the HTTP endpoint would refuse, with the same error', () => {
    const error = refusal(JSON.stringify({ type: 'response.create', model: 'm', input: 'hi', temperature: 9 }));
    assert.equal(error.status, 400);
    assert.equal(error.param, 'temperature');
    assert.equal(refusal(JSON.stringify({ type: 'response.create', input: 'hi' })).param, 'model');
  });
});
