export type LogLevelName = 'debug' | 'info' | 'warn' | 'error' | 'fatal';
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

export interface LogRecord {
  time: Date;
  level: LogLevelName;
  context?: string;
  msg: string;
  fields?: LogFields;
  stack?: string;
}

// Defence in depth: nothing should pass a credential to the logger, but an upstream error message might quote one.
const SECRET = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}|\b(sk|pk|rk)-[A-Za-z0-9_-]{12,}|\b(AIza)[A-Za-z0-9_-]{20,}/g;

export function scrubSecrets(text: string): string {
  return text.replace(SECRET, (match, scheme: string | undefined) => (scheme ? `${scheme} [REDACTED]` : `${match.slice(0, 3)}[REDACTED]`));
}

/** One JSON object per line: time, level, context, msg, then the record's fields. */
export function formatJson(record: LogRecord): string {
  const out: Record<string, LogValue> = { time: record.time.toISOString(), level: record.level };
  if (record.context) out.context = record.context;
  out.msg = scrubSecrets(record.msg);
  if (record.fields) {
    for (const key of Object.keys(record.fields)) {
      const value = record.fields[key];
      if (value !== undefined && !(key in out)) out[key] = value;
    }
  }
  if (record.stack) out.stack = scrubSecrets(record.stack);
  return JSON.stringify(out);
}

/** Human-readable: `time LEVEL [context] msg key=value …`, stack on the following lines. */
export function formatText(record: LogRecord): string {
  let line = `${record.time.toISOString()} ${record.level.toUpperCase().padEnd(5)} ${record.context ? `[${record.context}] ` : ''}${scrubSecrets(record.msg)}`;
  if (record.fields) {
    for (const key of Object.keys(record.fields)) {
      const value = record.fields[key];
      if (value === undefined) continue;
      const text = String(value);
      line += ` ${key}=${/[\s"=]/.test(text) || text === '' ? JSON.stringify(text) : text}`;
    }
  }
  return record.stack ? `${line}\n${scrubSecrets(record.stack)}` : line;
}
