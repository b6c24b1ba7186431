/**
 * JSON values written as YAML (block style, two spaces), for the configuration view: the settings come from the
 * gateway's parsed config, so only mappings, lists, strings, numbers, booleans and null occur. Strings that YAML
 * would read as something else are double-quoted (a JSON string is a valid YAML one). Pure: yaml.spec.ts.
 */
export function toYaml(value: unknown): string {
  return `${block(value, 0).join('\n')}\n`;
}

function block(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((entry) => {
      if (isMapping(entry) && Object.keys(entry).length > 0) {
        const lines = block(entry, indent + 2);
        return [`${pad}- ${lines[0].slice(indent + 2)}`, ...lines.slice(1)];
      }
      if (isNested(entry)) return [`${pad}-`, ...block(entry, indent + 2)];
      return [`${pad}- ${scalar(entry)}`];
    });
  }
  if (isMapping(value)) {
    const entries = Object.entries(value).filter(([, child]) => child !== undefined);
    if (entries.length === 0) return [`${pad}{}`];
    return entries.flatMap(([key, child]) => {
      if (isNested(child)) return [`${pad}${scalar(key)}:`, ...block(child, indent + 2)];
      return [`${pad}${scalar(key)}: ${scalar(child)}`];
    });
  }
  return [`${pad}${scalar(value)}`];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A non-empty mapping or list takes lines of its own; an empty one is written inline ({} or []). */
function isNested(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return isMapping(value) && Object.keys(value).length > 0;
}

const PLAIN = /^[A-Za-z_/.$][\w./@$+-]*(?: [\w./@$+()-]+)*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~|\.inf|\.nan)$/i;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  if (typeof value !== 'string') return JSON.stringify(value);
  return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}
