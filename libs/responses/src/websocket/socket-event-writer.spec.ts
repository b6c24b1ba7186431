import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StreamEvent } from '@latticelm/api';
import { MessageSocket, SocketEventWriter } from './socket-event-writer';

class FakeSocket implements MessageSocket {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  private readonly callbacks: (() => void)[] = [];

  send(data: string, callback: () => void): void {
    this.sent.push(data);
    this.callbacks.push(callback);
  }

  /** the transport flushed everything */
  flush(): void {
    this.bufferedAmount = 0;
    for (const callback of this.callbacks.splice(0)) callback();
  }
}

const delta = { type: 'response.output_text.delta', sequence_number: 2, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'a', logprobs: [] } as StreamEvent;
const completed = { type: 'response.completed', sequence_number: 3, response: { status: 'completed' } } as unknown as StreamEvent;

describe('SocketEventWriter', () => {
  it('sends one message per event and no [DONE]; the terminal event names the outcome', () => {
    const socket = new FakeSocket();
    const sut = new SocketEventWriter(socket);
    sut.start();
    sut.write(delta);
    sut.write(completed);
    sut.end();
    assert.deepEqual(socket.sent.map((data) => JSON.parse(data).type), ['response.output_text.delta', 'response.completed']);
    assert.equal(sut.outcome, 'completed');
  });

  it('asks the producer to wait while the socket holds too much, and lets it go once flushed', async () => {
    const socket = new FakeSocket();
    const sut = new SocketEventWriter(socket);
    sut.write(delta);
    socket.bufferedAmount = 1024 * 1024;
    assert.equal(sut.needsDrain, true);
    let drained = false;
    const waiting = sut.drained().then(() => (drained = true));
    await Promise.resolve();
    assert.equal(drained, false);
    socket.flush();
    await waiting;
    assert.equal(drained, true);
  });

  it('stops sending once the connection is gone, and releases a waiting producer on end()', async () => {
    const socket = new FakeSocket();
    const sut = new SocketEventWriter(socket);
    socket.bufferedAmount = 1024 * 1024;
    const waiting = sut.drained();
    socket.readyState = 3;
    assert.equal(sut.closed, true);
    sut.write(delta);
    assert.equal(socket.sent.length, 0);
    sut.end();
    await waiting;
  });
});
