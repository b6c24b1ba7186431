import type { EasyInputMessage, ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';

export interface TranscriptMessage {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * What the client remembers between turns. With storage on, the gateway holds the history and we only chain
 * `previous_response_id`; with --no-store the gateway keeps nothing, so we resend the whole transcript.
 * A failed turn changes nothing: the next question continues from the last answer that arrived.
 */
export class Conversation {
  private previousResponseId: string | undefined;
  private readonly transcript: TranscriptMessage[] = [];

  constructor(
    public model: string,
    private readonly store: boolean,
    private readonly instructions?: string,
  ) {}

  get turns(): number {
    return this.transcript.filter((message) => message.role === 'assistant').length;
  }

  get lastResponseId(): string | undefined {
    return this.previousResponseId;
  }

  /** The request body for the next user message. */
  request(userText: string): ResponseCreateParamsStreaming {
    const params: ResponseCreateParamsStreaming = { model: this.model, stream: true, input: userText };
    if (this.instructions) params.instructions = this.instructions;
    if (this.store) {
      if (this.previousResponseId) params.previous_response_id = this.previousResponseId;
    } else {
      params.store = false;
      const messages: TranscriptMessage[] = [...this.transcript, { role: 'user', content: userText }];
      params.input = messages.map((message): EasyInputMessage => ({ type: 'message', role: message.role, content: message.content }));
    }
    return params;
  }

  /** Records a completed turn so the next request continues from it. */
  recordAnswer(userText: string, responseId: string, answerText: string): void {
    this.previousResponseId = responseId;
    this.transcript.push({ role: 'user', content: userText }, { role: 'assistant', content: answerText });
  }

  reset(): void {
    this.previousResponseId = undefined;
    this.transcript.length = 0;
  }
}
