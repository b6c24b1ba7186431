import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { StreamEvent } from '@latticelm/api';
import { SseWriter } from './sse-writer';

const event = (sequence: number) => ({ type: 'response.output_text.delta', sequence_number: sequence, delta: 'x' }) as unknown as StreamEvent;

describe('SseWriter', () => {
  it("sends the headers and one turn's events in one socket write, and [DONE] at the end", async () => {
    const socketWrites: string[] = [];
    const server = createServer((_req, res) => {
      // What reaches the socket's handle: one _write or _writev call is one system call.
      const socket = res.socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
      const write = socket._write.bind(socket);
      const writev = socket._writev.bind(socket);
      socket._write = (chunk: unknown, ...rest: unknown[]) => {
        socketWrites.push(String(chunk));
        write(chunk, ...rest);
      };
      socket._writev = (chunks: unknown, ...rest: unknown[]) => {
        socketWrites.push((chunks as { chunk: unknown }[]).map((entry) => String(entry.chunk)).join(''));
        writev(chunks, ...rest);
      };
      const sse = new SseWriter(res);
      sse.start();
      sse.write(event(0));
      sse.write(event(1));
      sse.write(event(2));
      setImmediate(() => {
        sse.write(event(3));
        sse.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      const text = await res.text();
      assert.deepEqual([...text.matchAll(/"sequence_number":(\d)/g)].map((match) => Number(match[1])), [0, 1, 2, 3]);
      assert.ok(text.endsWith('data: [DONE]\n\n'));
    } finally {
      server.close();
    }
    const first = socketWrites.findIndex((chunk) => chunk.includes('"sequence_number":0'));
    assert.notEqual(first, -1);
    assert.ok(socketWrites[first].startsWith('HTTP/1.1 200'), 'the headers leave with the first events');
    assert.ok(socketWrites[first].includes('"sequence_number":2'), 'events of one turn leave together');
    assert.ok(!socketWrites[first].includes('"sequence_number":3'));
  });
});
