import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StdoutSink } from './stdout-sink';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('StdoutSink', () => {
  it('writes the lines of one turn together, on the next turn', async () => {
    const writes: string[] = [];
    const sink = new StdoutSink((text) => writes.push(text));
    sink.write('a');
    sink.write('b');
    assert.deepEqual(writes, []);
    await nextTurn();
    assert.deepEqual(writes, ['a\nb\n']);
    sink.write('c');
    await nextTurn();
    assert.deepEqual(writes, ['a\nb\n', 'c\n']);
  });

  it('writes at once for an urgent line or a full buffer, keeping the order', () => {
    const writes: string[] = [];
    const sink = new StdoutSink((text) => writes.push(text), 10);
    sink.write('first');
    sink.write('error', true);
    assert.deepEqual(writes, ['first\nerror\n']);
    sink.write('0123456789');
    assert.deepEqual(writes, ['first\nerror\n', '0123456789\n']);
  });
});
