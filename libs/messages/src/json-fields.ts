import { GatewayError } from '@latticelm/api';

export type JsonObject = Record<string, unknown>;

/** A 400 naming the field by its path in the Messages request (`messages[2].content[0].source`). */
export function invalid(path: string, message: string, code = 'invalid_request'): never {
  throw GatewayError.invalidRequest(path, message, code);
}

export function unsupported(path: string, what: string): never {
  throw GatewayError.invalidRequest(path, `${what} is not supported by this gateway's Messages API`, 'unsupported_parameter');
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Reads typed fields of one JSON object, each error naming `<path>.<key>` (or the key alone at the top). */
export class Fields {
  constructor(
    readonly value: JsonObject,
    readonly path: string,
  ) {}

  static of(value: unknown, path: string): Fields {
    if (!isObject(value)) invalid(path, `'${path}' must be an object, got ${describe(value)}`);
    return new Fields(value, path);
  }

  at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  string(key: string): string | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') invalid(this.at(key), `'${this.at(key)}' must be a string, got ${describe(value)}`);
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined) invalid(this.at(key), `'${this.at(key)}' is required`, 'missing_required_parameter');
    return value;
  }

  number(key: string, min: number, max: number, integer = false): number | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      invalid(this.at(key), `'${this.at(key)}' must be ${integer ? 'an integer' : 'a number'}, got ${describe(value)}`);
    }
    if (value < min || value > max) invalid(this.at(key), `'${this.at(key)}' must be between ${min} and ${max}, got ${value}`);
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') invalid(this.at(key), `'${this.at(key)}' must be a boolean, got ${describe(value)}`);
    return value;
  }

  array(key: string): unknown[] | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) invalid(this.at(key), `'${this.at(key)}' must be an array, got ${describe(value)}`);
    return value as unknown[];
  }

  object(key: string): Fields | undefined {
    return this.has(key) ? Fields.of(this.value[key], this.at(key)) : undefined;
  }
}
