import { ANONYMOUS_OWNER } from '@latticelm/api';
import { BoundedLabels } from './bounded-labels';

/**
 * The `caller` label (`observability.metrics.caller`): the token's subject (`anonymous` while auth is off) for
 * the first `maxValues` distinct callers, "other" for the rest, so a large user base cannot explode the series.
 */
export class CallerLabels extends BoundedLabels {
  forCaller(subject: string | undefined): string {
    return this.of(subject ?? ANONYMOUS_OWNER);
  }
}
