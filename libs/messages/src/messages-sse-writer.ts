import type { GatewayStreamEvent } from '@latticelm/api';
import { SseWriter } from '@latticelm/responses';
import { MessagesStreamEncoder } from './messages-stream-encoder';

/**
 * A streamed response as the Messages API's SSE: `event:` is the Anthropic event type, `data:` its JSON, and the
 * stream simply ends after `message_stop` (or `error`) — there is no `[DONE]`. Headers, backpressure and
 * client-gone handling are the Open Responses writer's.
 */
export class MessagesSseWriter extends SseWriter {
  private readonly encoder = new MessagesStreamEncoder();

  override write(event: GatewayStreamEvent): void {
    if (this.closed) return;
    for (const out of this.encoder.encode(event)) this.response.write(`event: ${out.type}\ndata: ${JSON.stringify(out)}\n\n`);
  }

  override end(): void {
    if (!this.closed) this.response.end();
  }
}
