import type { Writable } from 'node:stream';
import type { Style } from './ansi';
import type { ModelInfo, TurnResult } from './gateway-client';

/**
 * Everything the chat client prints. Answers are written piece by piece as deltas arrive; the rest are whole
 * lines. Kept apart from the loop so the formatting is testable without a terminal.
 */
export class Renderer {
  private answerOpen = false;
  private endsWithNewline = true;

  constructor(
    private readonly out: Writable,
    private readonly style: Style,
  ) {}

  banner(url: string, model: string, store: boolean): void {
    this.line(`${this.style.bold('latticelm chat')} ${this.style.dim(`· ${url} · model ${model}${store ? '' : ' · no-store'} · /help for commands`)}`);
  }

  startAnswer(): void {
    this.answerOpen = true;
    this.endsWithNewline = true;
  }

  delta(text: string): void {
    if (!text) return;
    this.out.write(text);
    this.endsWithNewline = text.endsWith('\n');
  }

  /** Closes the streamed answer and prints the dim provider/usage footer. */
  finishAnswer(result: TurnResult): void {
    this.closeAnswer();
    this.line(this.style.dim(formatFooter(result)));
  }

  error(message: string): void {
    this.closeAnswer();
    this.line(this.style.red(`error: ${message}`));
  }

  info(message: string): void {
    this.line(this.style.dim(message));
  }

  text(message: string): void {
    this.line(message);
  }

  models(models: readonly ModelInfo[], current: string): void {
    if (models.length === 0) {
      this.info('the gateway lists no models');
      return;
    }
    formatModels(models, current).forEach((line, index) => this.line(models[index].id === current ? this.style.cyan(line) : line));
  }

  private closeAnswer(): void {
    if (this.answerOpen && !this.endsWithNewline) this.out.write('\n');
    this.answerOpen = false;
    this.endsWithNewline = true;
  }

  private line(text: string): void {
    this.out.write(`${text}\n`);
  }
}

/** e.g. "[openai · gpt-4o-mini · 12 in / 7 out tokens]" */
export function formatFooter(result: TurnResult): string {
  const parts = [result.provider ?? 'unknown provider', result.model];
  if (result.usage) parts.push(`${result.usage.inputTokens} in / ${result.usage.outputTokens} out tokens`);
  if (result.status !== 'completed') parts.push(result.incompleteReason ? `${result.status}: ${result.incompleteReason}` : result.status);
  return `[${parts.join(' · ')}]`;
}

/** One line per model, the current one starred, providers aligned. */
export function formatModels(models: readonly ModelInfo[], current: string): string[] {
  const width = Math.max(...models.map((model) => model.id.length));
  return models.map((model) => `${model.id === current ? '*' : ' '} ${model.id.padEnd(width)}${model.provider ? `  ${model.provider}` : ''}`.trimEnd());
}
