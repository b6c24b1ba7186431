import type { GatewayStreamEvent, StreamEvent } from '@latticelm/api';
import type { EventWriter } from '../event-writer';
import { encodeStreamEvent } from './encode-server-event';

/** The part of a `ws` WebSocket the writer uses. */
export interface MessageSocket {
  readonly readyState: number;
  /** bytes queued by send() and not yet handed to the TCP socket */
  readonly bufferedAmount: number;
  send(data: string, callback: (error?: Error) => void): void;
}

const OPEN = 1;
/** above this much unsent data the producer waits (the same order as a TCP socket's high-water mark) */
const HIGH_WATER_BYTES = 256 * 1024;

/**
 * A response's events as WebSocket messages, one event per message. There is no `[DONE]`: the terminal event
 * (response.completed | incomplete | failed) ends the turn, and the connection stays open for the next one.
 */
export class SocketEventWriter implements EventWriter {
  private open = false;
  private waiters: (() => void)[] = [];
  /** the terminal status this turn announced, once it has */
  outcome: 'completed' | 'incomplete' | 'failed' | undefined;

  constructor(private readonly socket: MessageSocket) {}

  get started(): boolean {
    return this.open;
  }

  get closed(): boolean {
    return this.socket.readyState !== OPEN;
  }

  get needsDrain(): boolean {
    return this.socket.bufferedAmount > HIGH_WATER_BYTES;
  }

  start(): void {
    this.open = true;
  }

  write(event: GatewayStreamEvent): void {
    if (event.type === 'response.completed' || event.type === 'response.incomplete' || event.type === 'response.failed') {
      // a hosted tool's event type is any `response.…` string, so the terminal ones do not narrow by type alone
      this.outcome = (event as Extract<StreamEvent, { type: 'response.completed' }>).response.status as SocketEventWriter['outcome'];
    }
    if (this.closed) return;
    this.socket.send(encodeStreamEvent(event), this.sent);
  }

  drained(): Promise<void> {
    if (!this.needsDrain || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  end(): void {
    this.wake();
  }

  /** send()'s callback: the data left ws's buffer (or the socket failed, which `closed` then tells) */
  private readonly sent = (): void => {
    if (this.waiters.length > 0 && (!this.needsDrain || this.closed)) this.wake();
  };

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
