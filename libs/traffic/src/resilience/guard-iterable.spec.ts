import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guardIterable } from './guard-iterable';

/** A source that yields `items` with `gapMs` between them and records how it ended. */
function source(items: string[], gapMs: number) {
  const seen = { aborted: false, closed: false };
  const open = (signal: AbortSignal) =>
    (async function* () {
      signal.addEventListener('abort', () => (seen.aborted = true));
      try {
        for (const item of items) {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, gapMs);
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(new Error('aborted'));
            });
          });
          yield item;
        }
      } finally {
        seen.closed = true;
      }
    })();
  return { open, seen };
}

async function drain(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const guard = (firstItemMs: number, idleMs: number) => ({
  firstItemMs,
  idleMs,
  timeoutError: (first: boolean) => new Error(first ? 'first' : 'idle'),
});

describe('guardIterable', () => {
  it('passes items through when deadlines are met', async () => {
    const { open } = source(['a', 'b'], 1);
    assert.deepEqual(await drain(guardIterable(open, new AbortController().signal, guard(1000, 1000))), ['a', 'b']);
  });

  it('fails with the first-item error and aborts the source', async () => {
    const { open, seen } = source(['a'], 1000);
    await assert.rejects(drain(guardIterable(open, new AbortController().signal, guard(10, 0))), /first/);
    assert.equal(seen.aborted, true);
  });

  it('fails with the idle error between items', async () => {
    const { open, seen } = source(['a', 'b'], 0);
    const slow = source(['a', 'b'], 200);
    assert.deepEqual(await drain(guardIterable(open, new AbortController().signal, guard(1000, 100))), ['a', 'b']);
    await assert.rejects(drain(guardIterable(slow.open, new AbortController().signal, guard(1000, 100))), /idle/);
    assert.equal(seen.aborted, false);
    assert.equal(slow.seen.aborted, true);
  });

  it('stops with stopError when the stop signal fires', async () => {
    const stop = new AbortController();
    const { open, seen } = source(['a', 'b'], 50);
    const iterable = guardIterable(open, new AbortController().signal, { ...guard(0, 0), stop: stop.signal, stopError: () => new Error('shutting down') });
    const iterator = iterable[Symbol.asyncIterator]();
    assert.equal((await iterator.next()).value, 'a');
    const next = iterator.next();
    stop.abort();
    await assert.rejects(next, /shutting down/);
    assert.equal(seen.aborted, true);
  });

  it('closes the source when the caller stops early', async () => {
    const caller = new AbortController();
    const { open, seen } = source(['a', 'b', 'c'], 1);
    for await (const item of guardIterable(open, caller.signal, guard(0, 0))) {
      assert.equal(item, 'a');
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(seen.closed, true);
  });
});
