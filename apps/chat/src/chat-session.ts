import { COMMAND_HELP, parseCommand } from './chat-command';
import { Conversation } from './conversation';
import type { ChatGateway, ModelInfo } from './gateway-client';
import type { Renderer } from './renderer';

/**
 * The REPL: reads lines, runs commands, streams answers. Every failure is printed and the loop goes on;
 * only /quit or the end of input (Ctrl-D) ends it.
 */
export class ChatSession {
  private inFlight: AbortController | undefined;

  constructor(
    private readonly gateway: ChatGateway,
    private readonly conversation: Conversation,
    private readonly renderer: Renderer,
    private readonly describe: (error: unknown) => string,
    private knownModels: ModelInfo[] = [],
  ) {}

  /** Runs until /quit or until `lines` ends; `prompt` shows the prompt before each line is read. */
  async run(lines: AsyncIterable<string>, prompt: () => void): Promise<void> {
    prompt();
    for await (const line of lines) {
      if ((await this.handle(line)) === 'quit') return;
      prompt();
    }
  }

  /** Cancels the answer being streamed (Ctrl-C); false when nothing was running. */
  cancelTurn(): boolean {
    if (!this.inFlight) return false;
    this.inFlight.abort();
    return true;
  }

  async handle(line: string): Promise<'continue' | 'quit'> {
    const command = parseCommand(line);
    switch (command.kind) {
      case 'empty':
        break;
      case 'message':
        await this.ask(command.text);
        break;
      case 'model':
        this.switchModel(command.name);
        break;
      case 'models':
        await this.listModels();
        break;
      case 'new':
        this.conversation.reset();
        this.renderer.info('started a new conversation');
        break;
      case 'help':
        this.renderer.text(COMMAND_HELP);
        break;
      case 'quit':
        return 'quit';
      case 'unknown':
        this.renderer.error(`unknown command ${command.command}; /help lists the commands`);
        break;
    }
    return 'continue';
  }

  private async ask(text: string): Promise<void> {
    const controller = new AbortController();
    this.inFlight = controller;
    this.renderer.startAnswer();
    try {
      const result = await this.gateway.answer(this.conversation.request(text), (delta) => this.renderer.delta(delta), controller.signal);
      this.conversation.recordAnswer(text, result.id, result.text);
      this.renderer.finishAnswer(result);
    } catch (error) {
      this.renderer.error(this.describe(error));
    } finally {
      this.inFlight = undefined;
    }
  }

  private switchModel(name: string | undefined): void {
    if (!name) {
      this.renderer.info(`model: ${this.conversation.model}`);
      return;
    }
    this.conversation.model = name;
    const known = this.knownModels.length === 0 || this.knownModels.some((model) => model.id === name);
    // the gateway is the judge (it may route names it does not list); we only warn
    this.renderer.info(`model: ${name}${known ? '' : " (not in the gateway's model list)"}`);
  }

  private async listModels(): Promise<void> {
    try {
      this.knownModels = await this.gateway.listModels();
      this.renderer.models(this.knownModels, this.conversation.model);
    } catch (error) {
      this.renderer.error(this.describe(error));
    }
  }
}
