import { ANONYMOUS_OWNER } from '@latticelm/api';
import { OTHER_LABEL } from './model-labels';

/** Subjects longer than this are cut: a label value is stored with every series it names. */
const MAX_CALLER_LENGTH = 128;

/**
 * The `caller` label (`observability.metrics.caller`): the token's subject (`anonymous` while auth is off) for
 * the first `maxValues` distinct callers, "other" for the rest, so a large user base cannot explode the series.
 */
export class CallerLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly maxValues: number) {}

  forCaller(subject: string | undefined): string {
    const name = subject === undefined ? ANONYMOUS_OWNER : subject.slice(0, MAX_CALLER_LENGTH);
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.maxValues) return OTHER_LABEL;
    this.seen.add(name);
    return name;
  }
}
