import type { ConfigReader } from './config-reader';

/**
 * Every key present in the raw tree that the schema never asked for, with the closest known sibling.
 * `origins` maps a dotted path to the environment variable that put it there, so the message names what the
 * operator actually wrote.
 */
export function unknownKeyProblems(raw: Record<string, unknown>, read: ConfigReader, origins: ReadonlyMap<string, string>): string[] {
  const known = read.knownPaths;
  const children = new Map<string, Set<string>>();
  const withDescendants = new Set<string>();
  for (const path of known) {
    const segments = path.split('.');
    for (let depth = 1; depth <= segments.length; depth += 1) {
      const parent = segments.slice(0, depth - 1).join('.');
      if (depth < segments.length) withDescendants.add(segments.slice(0, depth).join('.'));
      let siblings = children.get(parent);
      if (!siblings) children.set(parent, (siblings = new Set()));
      siblings.add(segments[depth - 1]);
    }
  }
  const problems: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (read.skippedPaths.has(path)) return;
    if (Array.isArray(node)) {
      node.forEach((entry, index) => visit(entry, path ? `${path}.${index}` : String(index)));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (value === undefined) continue;
      const childPath = path ? `${path}.${key}` : key;
      if (known.has(childPath) || withDescendants.has(childPath)) {
        // A key read as a single value holds no keys of its own to check (its reader reported a wrong type).
        if (withDescendants.has(childPath)) visit(value, childPath);
        continue;
      }
      const suggestion = closest(key, [...(children.get(path) ?? [])]);
      problems.push(describeUnknown(childPath, suggestion, origins));
    }
  };
  visit(raw, '');
  return problems;
}

function describeUnknown(path: string, suggestion: string | undefined, origins: ReadonlyMap<string, string>): string {
  const envName = origins.get(path);
  const segments = path.split('.');
  const key = segments[segments.length - 1];
  const shown = displayPath(path);
  if (envName) {
    const hint = suggestion ? `; did you mean ${envName.replace(envSegment(segments), envSegment([...segments.slice(0, -1), suggestion]))}?` : '';
    return `${envName}: unknown key "${shown}"${hint}`;
  }
  return `${shown}: unknown key "${key}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
}

/** models.0.name → models[0].name, as the other messages write list entries. */
function displayPath(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

function envSegment(segments: string[]): string {
  return `LATTICELM_${segments.join('__').toUpperCase()}`;
}

/** The known key nearest to `key` by edit distance, when it is near enough to be a typo of it. */
export function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const normalized = key.toLowerCase().replace(/[-_]/g, '');
  for (const candidate of candidates) {
    const distance = candidate.replace(/_/g, '') === normalized ? 0 : editDistance(key.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) rows[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
