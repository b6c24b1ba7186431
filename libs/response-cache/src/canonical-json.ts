/**
 * JSON with every object's keys sorted, so that two equal values give one text whatever order their fields were
 * built in. As JSON.stringify: undefined and function fields are left out (null in arrays).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((entry) => (isAbsent(entry) ? 'null' : canonicalJson(entry))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const fields = Object.keys(record)
    .filter((key) => !isAbsent(record[key]))
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${fields.join(',')}}`;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || typeof value === 'function';
}
