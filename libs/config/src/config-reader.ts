import { formatDuration, parseDuration, parseSize } from './parse-values';

/** Reads typed values out of a raw YAML tree, recording every problem with its dotted key. */
export class ConfigReader {
  readonly problems: string[] = [];
  /** Every dotted path the schema asked for: what the unknown-key check measures the file against. */
  readonly knownPaths = new Set<string>();
  /** Subtrees not read because their root is already reported (an unknown provider type): no second message. */
  readonly skippedPaths = new Set<string>();
  /**
   * The value in effect at every dotted path read, as the YAML would say it (the given value, else the default;
   * durations as "30s"): what the admin console shows under the YAML's own key names.
   */
  readonly settings = new Map<string, unknown>();
  /** The dotted paths read as lists, whose children's numeric segments are indexes. */
  readonly listPaths = new Set<string>();

  constructor(private readonly root: Record<string, unknown>) {}

  /** Marks a subtree as accounted for without reading it. */
  skip(path: string): void {
    this.skippedPaths.add(path);
  }

  node(path: string): unknown {
    this.knownPaths.add(path);
    let current: unknown = this.root;
    for (const segment of path.split('.')) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
    return current === null ? undefined : current;
  }

  problem(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  string(path: string, fallback: string): string;
  string(path: string): string | undefined;
  string(path: string, fallback?: string): string | undefined {
    const value = this.node(path);
    if (value === undefined || value === '') return this.setting(path, fallback);
    if (typeof value === 'string') return this.setting(path, value);
    if (typeof value === 'number' || typeof value === 'boolean') return this.setting(path, String(value));
    this.problem(path, `must be a string, got ${describe(value)}`);
    return fallback;
  }

  oneOf<T extends string>(path: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(path);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(path, `must be one of ${allowed.join(', ')}, got "${value}"`);
    return fallback;
  }

  boolean(path: string, fallback: boolean): boolean {
    const value = this.node(path);
    if (value === undefined || value === '') return this.setting(path, fallback);
    if (typeof value === 'boolean') return this.setting(path, value);
    if (value === 'true' || value === 'false') return this.setting(path, value === 'true');
    this.problem(path, `must be true or false, got ${describe(value)}`);
    return fallback;
  }

  number(path: string, fallback: number, { min, max, integer }: { min?: number; max?: number; integer?: boolean } = {}): number {
    const value = this.node(path);
    if (value === undefined || value === '') return this.setting(path, fallback);
    const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
      this.problem(path, `must be ${integer ? 'an integer' : 'a number'}, got ${describe(value)}`);
      return fallback;
    }
    if (min !== undefined && parsed < min) {
      this.problem(path, `must be at least ${min}, got ${parsed}`);
      return fallback;
    }
    if (max !== undefined && parsed > max) {
      this.problem(path, `must be at most ${max}, got ${parsed}`);
      return fallback;
    }
    return this.setting(path, parsed);
  }

  duration(path: string, fallbackMs: number): number {
    const value = this.node(path);
    if (value === undefined || value === '') {
      this.settings.set(path, formatDuration(fallbackMs));
      return fallbackMs;
    }
    const parsed = parseDuration(value);
    if (parsed === undefined) {
      this.problem(path, `must be a duration such as "30s", "1h" or "250ms", got ${describe(value)}`);
      return fallbackMs;
    }
    this.settings.set(path, value);
    return parsed;
  }

  size(path: string, fallbackBytes: number): number {
    const value = this.node(path);
    if (value === undefined || value === '') return this.setting(path, fallbackBytes);
    const parsed = parseSize(value);
    if (parsed === undefined) {
      this.problem(path, `must be a size in bytes such as 10485760 or "10MiB", got ${describe(value)}`);
      return fallbackBytes;
    }
    this.settings.set(path, value);
    return parsed;
  }

  stringList(path: string): string[] {
    const value = this.node(path);
    if (value === undefined || value === '') return this.setting(path, []);
    if (typeof value === 'string') return this.setting(path, value.split(',').map((part) => part.trim()).filter(Boolean));
    if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return this.setting(path, value);
    this.problem(path, `must be a list of strings, got ${describe(value)}`);
    return [];
  }

  private setting<T>(path: string, value: T): T {
    if (value !== undefined) this.settings.set(path, value);
    return value;
  }

  mapping(path: string): Record<string, unknown> {
    const value = this.node(path);
    if (value === undefined) return {};
    if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    this.problem(path, `must be a mapping, got ${describe(value)}`);
    return {};
  }

  list(path: string): unknown[] {
    this.listPaths.add(path);
    const value = this.node(path);
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    this.problem(path, `must be a list, got ${describe(value)}`);
    return [];
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  return JSON.stringify(value);
}
