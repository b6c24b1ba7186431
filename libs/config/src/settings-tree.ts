/**
 * The dotted paths a ConfigReader read ("models.0.name", "server.address") back into the YAML's shape: mappings
 * under the YAML's own key names, and the children of a path read as a list (`listPaths`) as list entries.
 */
export function settingsTree(settings: ReadonlyMap<string, unknown>, listPaths: ReadonlySet<string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of settings) {
    const segments = path.split('.');
    let node: Record<string, unknown> = root;
    for (let depth = 0; depth < segments.length - 1; depth += 1) {
      const segment = segments[depth];
      const child = node[segment];
      if (child === null || typeof child !== 'object') {
        node[segment] = listPaths.has(segments.slice(0, depth + 1).join('.')) ? [] : {};
      }
      // a list is indexed by its numeric segments exactly as a mapping by its keys
      node = node[segment] as Record<string, unknown>;
    }
    node[segments[segments.length - 1]] = value;
  }
  return root;
}
