import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit } from './group-commit';

/** A commit function whose calls the test settles by hand, so batching is observed without timing. */
function manualCommit() {
  const calls: { items: string[]; settle: (error?: Error) => void }[] = [];
  const commit = (items: string[]) =>
    new Promise<void>((resolve, reject) => calls.push({ items: [...items], settle: (error) => (error ? reject(error) : resolve()) }));
  return { calls, commit };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('commits a lone write at once, and writes that arrive meanwhile together in the next commit', async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit, 100);
    const settled: string[] = [];
    const first = group.write('a').then(() => settled.push('a'));
    assert.deepEqual(calls.map((call) => call.items), [['a']]);
    const rest = ['b', 'c', 'd'].map((item) => group.write(item).then(() => settled.push(item)));
    await tick();
    assert.equal(calls.length, 1, 'nothing more is committed while the first commit is in flight');
    assert.deepEqual(settled, [], 'no write is reported before its commit');
    calls[0].settle();
    await first;
    await tick();
    assert.deepEqual(calls.map((call) => call.items), [['a'], ['b', 'c', 'd']]);
    assert.deepEqual(settled, ['a']);
    calls[1].settle();
    await Promise.all(rest);
    assert.deepEqual(settled, ['a', 'b', 'c', 'd']);
  });

  it('splits a long queue into batches of at most maxBatch', async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit, 2);
    const writes = ['a', 'b', 'c', 'd', 'e'].map((item) => group.write(item));
    for (let index = 0; index < 3; index++) {
      await tick();
      calls[index].settle();
    }
    await Promise.all(writes);
    assert.deepEqual(calls.map((call) => call.items), [['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const committed: string[][] = [];
    const group = new GroupCommit(async (items: string[]) => {
      committed.push(items);
      if (items.includes('bad')) throw new Error(`refused ${items.join(',')}`);
    }, 10);
    const hold = group.write('first');
    const results = await Promise.allSettled([hold, group.write('x'), group.write('bad'), group.write('y')]);
    assert.deepEqual(results.map((result) => result.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    assert.match(String((results[2] as PromiseRejectedResult).reason), /refused bad$/);
    assert.deepEqual(committed, [['first'], ['x', 'bad', 'y'], ['x'], ['bad'], ['y']]);
  });

  it('flushed() waits for everything queued', async () => {
    const { calls, commit } = manualCommit();
    const group = new GroupCommit(commit, 10);
    let done = false;
    void group.write('a');
    void group.write('b');
    const flushed = group.flushed().then(() => (done = true));
    calls[0].settle();
    await tick();
    assert.equal(done, false);
    calls[1].settle();
    await flushed;
    assert.equal(done, true);
  });
});
