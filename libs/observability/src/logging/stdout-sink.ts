import { writeSync } from 'node:fs';

/**
 * Log lines to stdout, gathered per turn of the event loop: one write for all the lines of a turn instead of
 * one per access line (stdout to a pipe or file is a synchronous write each time). Lines are written on the
 * next turn, at once when 64 KiB are waiting or an error is logged, and before the process exits.
 */
export class StdoutSink {
  private pending = '';
  private scheduled = false;

  constructor(
    private readonly out: (text: string) => void = (text) => void process.stdout.write(text),
    private readonly maxPendingChars = 64 * 1024,
  ) {}

  readonly write = (line: string, urgent = false): void => {
    this.pending += `${line}\n`;
    if (urgent || this.pending.length >= this.maxPendingChars) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  };

  readonly flush = (): void => {
    this.scheduled = false;
    if (!this.pending) return;
    const out = this.pending;
    this.pending = '';
    this.out(out);
  };

  /** For process exit, when no later turn comes. */
  flushSync(): void {
    if (!this.pending) return;
    const out = this.pending;
    this.pending = '';
    try {
      writeSync(1, out);
    } catch {
      // stdout is gone: nothing left to tell
    }
  }
}

let shared: StdoutSink | undefined;

/** The process's one stdout sink (several loggers, one ordering). */
export function stdoutSink(): StdoutSink {
  if (!shared) {
    const sink = new StdoutSink();
    process.once('exit', () => sink.flushSync());
    shared = sink;
  }
  return shared;
}
