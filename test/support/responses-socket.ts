import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { StreamedEvent } from './sse';

export interface Refusal {
  status: number;
  headers: IncomingMessage['headers'];
  body: any;
}

/**
 * A client of the gateway's WebSocket mode through `ws` (a client we did not write): messages are queued as they
 * arrive and read in order, so a test awaits what the server sends instead of sleeping.
 */
export class ResponsesSocket {
  private readonly messages: any[] = [];
  private waiter: (() => void) | undefined;
  readonly closed: Promise<{ code: number; reason: string }>;
  pings = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse((data as Buffer).toString('utf8')));
      this.waiter?.();
    });
    ws.on('ping', () => (this.pings += 1));
    this.closed = once(ws, 'close').then(([code, reason]) => ({ code: code as number, reason: String(reason) }));
    void this.closed.then(() => this.waiter?.());
  }

  /** Opens ws://…/v1/responses; rejects with the HTTP answer when the upgrade is refused. */
  static open(gatewayUrl: string, headers: Record<string, string> = {}, options: WebSocket.ClientOptions = {}, path = '/v1/responses'): Promise<ResponsesSocket> {
    const ws = new WebSocket(`${gatewayUrl.replace(/^http/, 'ws')}${path}`, { headers, ...options });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new ResponsesSocket(ws)));
      ws.once('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { refusal: { status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined } })));
      });
      ws.once('error', reject);
    });
  }

  static async refusal(gatewayUrl: string, headers: Record<string, string> = {}, path?: string): Promise<Refusal> {
    try {
      const socket = await ResponsesSocket.open(gatewayUrl, headers, {}, path);
      socket.ws.terminate();
    } catch (error) {
      const refusal = (error as { refusal?: Refusal }).refusal;
      if (refusal) return refusal;
      throw error;
    }
    throw new Error('the upgrade was accepted');
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  create(body: Record<string, unknown>): void {
    this.send({ type: 'response.create', ...body });
  }

  /** The next message the server sends; rejects if the connection closes first. */
  async next(): Promise<any> {
    while (this.messages.length === 0) {
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('the connection closed');
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
    return this.messages.shift();
  }

  /** Messages up to and including the turn's terminal event (response.completed | incomplete | failed, or error). */
  async turn(): Promise<StreamedEvent[]> {
    const events: StreamedEvent[] = [];
    for (;;) {
      const message = await this.next();
      events.push(message);
      if (['response.completed', 'response.incomplete', 'response.failed', 'error'].includes(message.type)) return events;
    }
  }

  close(): void {
    this.ws.close();
  }
}
