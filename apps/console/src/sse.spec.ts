import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseEvent, SseParser } from './sse';

function parse(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

describe('SseParser', () => {
  const stream = 'event: response.created\ndata: {"a":1}\n\n: keep-alive\n\nevent: response.output_text.delta\ndata: {"delta":"Hi"}\n\n';

  it('hands over typed events, skipping comments', () => {
    assert.deepEqual(parse([stream]), [
      { event: 'response.created', data: '{"a":1}' },
      { event: 'response.output_text.delta', data: '{"delta":"Hi"}' },
    ]);
  });

  it('gives the same events whatever the chunks, one character at a time included', () => {
    assert.deepEqual(parse([...stream]), parse([stream]));
    assert.deepEqual(parse(['event: x\r', '\ndata: 1\r\n\r', '\n']), [{ event: 'x', data: '1' }]);
  });

  it('joins data lines, defaults the event name, and drops an event the stream cut off', () => {
    assert.deepEqual(parse(['data: a\ndata: b\n\n']), [{ event: 'message', data: 'a\nb' }]);
    assert.deepEqual(parse(['data: whole\n\ndata: cut']), [{ event: 'message', data: 'whole' }]);
  });
});
