export interface SseMessage {
  event?: string;
  data: string;
}

/** Parses an SSE body as it arrives; yields each message (event + data) without waiting for the end. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let boundary = buffer.indexOf('\n\n');
    while (boundary !== -1) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const message: SseMessage = { data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) message.event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      message.data = data.join('\n');
      yield message;
      boundary = buffer.indexOf('\n\n');
    }
  }
}

export interface StreamedEvent {
  type: string;
  sequence_number: number;
  [key: string]: any;
}

/** Reads the whole stream: events (parsed) and whether it ended with the literal [DONE]. */
export async function collectSse(response: Response): Promise<{ events: StreamedEvent[]; messages: SseMessage[]; done: boolean }> {
  const messages: SseMessage[] = [];
  const events: StreamedEvent[] = [];
  let done = false;
  if (!response.body) throw new Error('no body');
  for await (const message of readSse(response.body)) {
    messages.push(message);
    if (message.data === '[DONE]') {
      done = true;
      continue;
    }
    events.push(JSON.parse(message.data) as StreamedEvent);
  }
  return { events, messages, done };
}
