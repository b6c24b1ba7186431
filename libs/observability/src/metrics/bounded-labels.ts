import { OTHER_LABEL } from './model-labels';

/** Values longer than this are cut: a label value is stored with every series it names. */
const MAX_LABEL_LENGTH = 128;

/** A label whose values come from callers: the first `maxValues` distinct ones are kept, the rest are "other". */
export class BoundedLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly maxValues: number) {}

  of(value: string): string {
    const name = value.slice(0, MAX_LABEL_LENGTH);
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.maxValues) return OTHER_LABEL;
    this.seen.add(name);
    return name;
  }
}

/** How many API keys get a `key` label of their own, per process; the others are counted as "other". */
export const MAX_KEY_LABELS = 100;

/** The `key` label of the cost and token counters: the API key's id, for requests a gateway key made. */
export class KeyLabels extends BoundedLabels {
  constructor(maxValues = MAX_KEY_LABELS) {
    super(maxValues);
  }
}
