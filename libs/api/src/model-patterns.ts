/**
 * A key's allowed models: exact names or glob patterns (`*` any run of characters, `?` one), compiled once per
 * key. An empty list allows every model.
 */
export function modelMatcher(patterns: readonly string[]): (model: string) => boolean {
  if (patterns.length === 0) return () => true;
  const exact = new Set(patterns.filter((pattern) => !/[*?]/.test(pattern)));
  const globs = patterns.filter((pattern) => /[*?]/.test(pattern)).map(globToRegExp);
  return (model) => exact.has(model) || globs.some((glob) => glob.test(model));
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
