import type { GatewayStreamEvent } from '@latticelm/api';
import { SseWriter } from '../sse-writer';
import { ChatCompletionChunkEncoder } from './chat-completion-chunks';

/**
 * A response's events as Chat Completions SSE: `data:` lines without `event:` names (what OpenAI sends and its
 * SDK parses), then `data: [DONE]`. Transport, backpressure and the close come from SseWriter.
 */
export class ChatCompletionsSseWriter extends SseWriter {
  private readonly encoder: ChatCompletionChunkEncoder;

  constructor(response: ConstructorParameters<typeof SseWriter>[0], includeUsage: boolean) {
    super(response);
    this.encoder = new ChatCompletionChunkEncoder(includeUsage);
  }

  override write(event: GatewayStreamEvent): void {
    for (const frame of this.encoder.encode(event)) this.send(`data: ${JSON.stringify(frame)}\n\n`);
  }
}
