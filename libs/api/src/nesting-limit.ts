/** How deeply a request body may nest objects and arrays; the body itself is level 1. */
export const MAX_NESTING_DEPTH = 64;

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: string | number | undefined;
}

/**
 * The path of the first value nested deeper than `limit` levels (e.g. `tools[0].parameters.properties.a`), or
 * undefined. Walks with an explicit stack: a body 100,000 levels deep must be refused, not overflow ours.
 */
export function findTooDeep(body: unknown, limit = MAX_NESTING_DEPTH): string | undefined {
  const stack: Frame[] = [{ value: body, depth: 1, parent: undefined, key: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { value, depth } = frame;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limit) return pathOf(frame);
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], depth: depth + 1, parent: frame, key: index });
    } else {
      for (const [key, child] of Object.entries(value)) stack.push({ value: child, depth: depth + 1, parent: frame, key });
    }
  }
  return undefined;
}

function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let current: Frame | undefined = frame; current?.key !== undefined; current = current.parent) keys.push(current.key);
  return keys.reverse().reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`), '');
}
