import type { GatewayStreamEvent } from '@latticelm/api';

/**
 * Where a streamed response's events go: SSE on HTTP, messages on a WebSocket. Nothing is sent before start()
 * (on HTTP that is the moment the 200 leaves), and end() closes the turn in the transport's own way.
 */
export interface EventWriter {
  readonly started: boolean;
  /** the client went away: stop producing */
  readonly closed: boolean;
  /** the transport's buffer is full: await drained() before the next event */
  readonly needsDrain: boolean;
  start(headers?: Record<string, string>): void;
  write(event: GatewayStreamEvent): void;
  drained(): Promise<void>;
  end(): void;
}
