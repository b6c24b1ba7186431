import type { LoggerService } from '@nestjs/common';
import type { GatewayConfig } from '@latticelm/config';
import { LogFields, LogLevelName, LogRecord, formatJson, formatText } from './format-log-line';
import { stdoutSink } from './stdout-sink';

/** Takes one formatted line; `urgent` lines (errors) are not held back. */
export type LogSink = (line: string, urgent?: boolean) => void;

const RANK: Record<LogLevelName, number> = { debug: 10, info: 20, warn: 30, error: 40, fatal: 50 };

const NEST_BOOT_CONTEXTS: ReadonlySet<string> = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

const writeStdout: LogSink = (line, urgent) => stdoutSink().write(line, urgent);

/**
 * Replaces Nest's console logger: one line per record on stdout, JSON or text (`logging.format`), filtered by
 * `logging.level`. Nest calls it with (message, ...params) where the last string param is the context.
 */
export class GatewayLogger implements LoggerService {
  private readonly threshold: number;
  private readonly format: (record: LogRecord) => string;

  constructor(
    options: GatewayConfig['logging'],
    private readonly sink: LogSink = writeStdout,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.threshold = RANK[options.level];
    this.format = options.format === 'json' ? formatJson : formatText;
  }

  isEnabled(level: LogLevelName): boolean {
    return RANK[level] >= this.threshold;
  }

  /**
   * A structured record: `fields` become JSON keys (or key=value pairs in text). Code serving a request passes its
   * `request_id` among the fields, so an error line can be matched with its access line.
   */
  write(level: LogLevelName, msg: string, fields?: LogFields, context?: string, stack?: string): void {
    if (!this.isEnabled(level)) return;
    this.sink(this.format({ time: this.now(), level, context, msg, fields, stack }), RANK[level] >= RANK.error);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.fromNest('info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.fromNest('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.fromNest('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.fromNest('debug', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.fromNest('fatal', message, params);
  }

  /** Nest's convention: error(message, stack?, context?). */
  error(message: unknown, ...params: unknown[]): void {
    if (!this.isEnabled('error')) return;
    let stack: string | undefined;
    let context: string | undefined;
    const strings = params.filter((param): param is string => typeof param === 'string');
    if (strings.length >= 2) [stack, context] = strings.slice(-2);
    else if (strings.length === 1) {
      if (/\n\s+at /.test(strings[0])) stack = strings[0];
      else context = strings[0];
    }
    if (message instanceof Error) stack ??= message.stack;
    this.write('error', messageText(message), params.find(isFields), context, stack);
  }

  private fromNest(level: LogLevelName, message: unknown, params: unknown[]): void {
    const last = params.length ? params[params.length - 1] : undefined;
    const context = typeof last === 'string' ? last : undefined;
    // Nest's own start-up chatter (one line per module and route) is for debugging, not for every boot's log.
    const effective = level === 'info' && context !== undefined && NEST_BOOT_CONTEXTS.has(context) ? 'debug' : level;
    if (!this.isEnabled(effective)) return;
    // Nest's Logger passes extra arguments through: a plain object among them is the record's fields.
    const fields = params.find(isFields);
    this.write(effective, messageText(message), fields, context);
  }
}

function isFields(param: unknown): param is LogFields {
  return typeof param === 'object' && param !== null && !Array.isArray(param) && !(param instanceof Error);
}

function messageText(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  try {
    return JSON.stringify(message) ?? String(message);
  } catch {
    return String(message);
  }
}
