'use strict';
// Renders TypeScript types from the Open Responses OpenAPI document: one exported type per components/schemas
// entry (in document order) and `StreamingEvent`, the union of POST /responses' `text/event-stream` schema.
// Written for the JSON Schema subset the document uses; any other keyword that shapes a value is an error, so a
// new document that needs more fails here instead of producing a type that is silently wrong.
// Used by scripts/generate-api-types.mjs (writes the file) and by the drift test (compares it).

/** Keywords that describe a value without changing its TypeScript type. */
const IGNORED_KEYWORDS = new Set([
  'title', 'description', 'default', 'example', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'format', '$comment',
  'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties',
]);
const SHAPE_KEYWORDS = new Set([
  '$ref', 'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'oneOf', 'allOf',
  'discriminator',
]);
const SCHEMA_REF = /^#\/components\/schemas\/([A-Za-z_$][A-Za-z0-9_$]*)$/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const STREAMING_EVENT_NAME = 'StreamingEvent';
/** Repo-relative paths of the source document and the generated file. */
const API_TYPES_DOCUMENT = 'libs/api/openapi/openresponses.openapi.json';
const API_TYPES_FILE = 'libs/api/src/generated/open-responses.generated.ts';
const LINE_WIDTH = 120;

class UnsupportedSchemaError extends Error {
  constructor(path, message) {
    super(`${path}: ${message}`);
    this.name = 'UnsupportedSchemaError';
  }
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeywords(schema, path) {
  for (const key of Object.keys(schema)) {
    if (key.startsWith('x-') || IGNORED_KEYWORDS.has(key) || SHAPE_KEYWORDS.has(key)) continue;
    throw new UnsupportedSchemaError(path, `unsupported JSON Schema keyword "${key}" (teach scripts/render-api-types.cjs what it means)`);
  }
}

/** True for a schema that only annotates (`{ "description": … }` beside a $ref in an allOf). */
function isAnnotationOnly(schema) {
  return isObject(schema) && Object.keys(schema).every((key) => !SHAPE_KEYWORDS.has(key) || key === 'discriminator');
}

function literal(value) {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  throw new UnsupportedSchemaError('enum', `only string, number, boolean and null literals are supported, got ${JSON.stringify(value)}`);
}

function propertyKey(name) {
  return IDENTIFIER.test(name) ? name : literal(name);
}

/** JSDoc for a title and/or description, indented; empty when there is neither. */
function docComment(indent, ...paragraphs) {
  const lines = paragraphs
    .filter((text) => typeof text === 'string' && text.trim() !== '')
    .flatMap((text, index) => [...(index > 0 ? [''] : []), ...text.trim().split('\n')])
    .map((line) => line.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim());
  if (lines.length === 0) return '';
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => (line ? `${indent} * ${line}` : `${indent} *`)).join('\n')}\n${indent} */\n`;
}

/**
 * The description of a property: its own, else the first found in its anyOf/oneOf/allOf members (the document
 * often writes `anyOf: [{ allOf: [{ $ref }, { description }] }, { type: 'null' }]`).
 */
function descriptionOf(schema, depth = 0) {
  if (!isObject(schema)) return undefined;
  if (typeof schema.description === 'string') return schema.description;
  if (depth === 2) return undefined;
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    for (const member of schema[key] ?? []) {
      const found = descriptionOf(member, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * A type expression: `text` plus how tightly it binds, so that unions inside arrays or intersections get
 * parentheses and nothing else does.
 */
const ATOM = 3;
const INTERSECTION = 2;
const UNION = 1;

function expression(text, precedence, members) {
  return { text, precedence, members };
}

function wrap(expr, minimum) {
  return expr.precedence >= minimum ? expr.text : `(${expr.text})`;
}

function dedupe(exprs) {
  const seen = new Set();
  return exprs.filter((expr) => (seen.has(expr.text) ? false : (seen.add(expr.text), true)));
}

function union(exprs) {
  const members = dedupe(exprs.flatMap((expr) => expr.members ?? [expr]));
  if (members.length === 1) return members[0];
  return expression(members.map((member) => wrap(member, INTERSECTION)).join(' | '), UNION, members);
}

function intersection(exprs) {
  const members = dedupe(exprs).filter((member) => member.text !== 'unknown');
  if (members.length === 0) return expression('unknown', ATOM);
  if (members.length === 1) return members[0];
  return expression(members.map((member) => wrap(member, ATOM)).join(' & '), INTERSECTION);
}

class Renderer {
  constructor(document) {
    this.document = document;
    this.schemas = document?.components?.schemas;
    if (!isObject(this.schemas)) throw new UnsupportedSchemaError('#/components/schemas', 'the document has no component schemas');
  }

  resolve(ref, path) {
    const match = SCHEMA_REF.exec(ref);
    if (!match) throw new UnsupportedSchemaError(path, `only local #/components/schemas/<Name> references are supported, got ${JSON.stringify(ref)}`);
    if (!(match[1] in this.schemas)) throw new UnsupportedSchemaError(path, `reference to a missing schema ${match[1]}`);
    return { name: match[1], schema: this.schemas[match[1]] };
  }

  /** The type of a schema as an expression; `indent` is that of the line the expression starts on. */
  type(schema, path, indent) {
    if (schema === true) return expression('unknown', ATOM);
    if (schema === false) return expression('never', ATOM);
    if (!isObject(schema)) throw new UnsupportedSchemaError(path, `a schema must be an object or a boolean, got ${JSON.stringify(schema)}`);
    checkKeywords(schema, path);
    if (schema.discriminator !== undefined) this.checkDiscriminator(schema, path);
    const parts = [];
    if (schema.$ref !== undefined) parts.push(expression(this.resolve(schema.$ref, path).name, ATOM));
    if (schema.const !== undefined) parts.push(expression(literal(schema.const), ATOM));
    if (schema.enum !== undefined) {
      if (!Array.isArray(schema.enum) || schema.enum.length === 0) throw new UnsupportedSchemaError(path, 'enum must be a non-empty array');
      parts.push(union(schema.enum.map((value) => expression(literal(value), ATOM))));
    } else if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      parts.push(union(types.map((type) => this.typeKeyword(type, schema, path, indent))));
    } else if (schema.properties !== undefined || schema.required !== undefined || schema.additionalProperties !== undefined) {
      parts.push(this.objectType(schema, path, indent));
    } else if (schema.items !== undefined) {
      parts.push(this.arrayType(schema, path, indent));
    }
    for (const key of ['anyOf', 'oneOf']) {
      if (schema[key] === undefined) continue;
      if (!Array.isArray(schema[key]) || schema[key].length === 0) throw new UnsupportedSchemaError(`${path}/${key}`, `${key} must be a non-empty array`);
      parts.push(union(schema[key].map((member, index) => this.type(member, `${path}/${key}/${index}`, indent))));
    }
    if (schema.allOf !== undefined) {
      if (!Array.isArray(schema.allOf) || schema.allOf.length === 0) throw new UnsupportedSchemaError(`${path}/allOf`, 'allOf must be a non-empty array');
      const members = schema.allOf.map((member, index) => ({ member, index })).filter(({ member }) => !isAnnotationOnly(member));
      parts.push(intersection(members.map(({ member, index }) => this.type(member, `${path}/allOf/${index}`, indent))));
    }
    return intersection(parts);
  }

  typeKeyword(type, schema, path, indent) {
    switch (type) {
      case 'string':
        return expression('string', ATOM);
      case 'integer':
      case 'number':
        return expression('number', ATOM);
      case 'boolean':
        return expression('boolean', ATOM);
      case 'null':
        return expression('null', ATOM);
      case 'array':
        return this.arrayType(schema, path, indent);
      case 'object':
        return this.objectType(schema, path, indent);
      default:
        throw new UnsupportedSchemaError(path, `unsupported type ${JSON.stringify(type)}`);
    }
  }

  arrayType(schema, path, indent) {
    if (schema.items === undefined) return expression('unknown[]', ATOM);
    if (Array.isArray(schema.items)) throw new UnsupportedSchemaError(`${path}/items`, 'tuple items are not supported');
    return expression(`${wrap(this.type(schema.items, `${path}/items`, indent), ATOM)}[]`, ATOM);
  }

  objectType(schema, path, indent) {
    const lines = this.objectMembers(schema, path, `${indent}  `);
    if (lines.length === 0) return expression('{ [key: string]: unknown }', ATOM);
    return expression(`{\n${lines.join('')}${indent}}`, ATOM);
  }

  /**
   * The members of an object type, one per line (with their JSDoc). Without `additionalProperties` the type is
   * closed to the declared properties; an explicit `true` or `{}` adds an index signature.
   */
  objectMembers(schema, path, indent) {
    const properties = schema.properties ?? {};
    if (!isObject(properties)) throw new UnsupportedSchemaError(`${path}/properties`, 'properties must be an object');
    const required = schema.required ?? [];
    if (!Array.isArray(required)) throw new UnsupportedSchemaError(`${path}/required`, 'required must be an array');
    const lines = [];
    for (const [name, property] of Object.entries(properties)) {
      const type = this.type(property, `${path}/properties/${name}`, indent);
      const optional = required.includes(name) ? '' : '?';
      lines.push(`${docComment(indent, descriptionOf(property))}${indent}${propertyKey(name)}${optional}: ${type.text};\n`);
    }
    // required without a declared property: present, any value
    for (const name of required) if (!(name in properties)) lines.push(`${indent}${propertyKey(name)}: unknown;\n`);
    const additional = schema.additionalProperties;
    if (additional === undefined || additional === false) {
      if (Object.keys(properties).length === 0 && required.length === 0 && additional === undefined) {
        return []; // no properties declared: any object
      }
      return lines;
    }
    if (additional === true || isAnnotationOnly(additional)) {
      lines.push(`${indent}[key: string]: unknown;\n`);
      return lines;
    }
    if (lines.length > 0) {
      throw new UnsupportedSchemaError(`${path}/additionalProperties`, 'typed additionalProperties beside declared properties are not supported');
    }
    const value = this.type(additional, `${path}/additionalProperties`, indent);
    return [`${indent}[key: string]: ${value.text};\n`];
  }

  /** The values one member of a discriminated union gives its discriminator property (literals only). */
  discriminatorValues(member, propertyName, path) {
    let schema = member;
    if (isObject(schema) && schema.$ref !== undefined) schema = this.resolve(schema.$ref, path).schema;
    const property = isObject(schema) ? schema.properties?.[propertyName] : undefined;
    const literals = (candidate) => {
      if (!isObject(candidate)) return undefined;
      if (candidate.const !== undefined) return [candidate.const];
      if (Array.isArray(candidate.enum)) return candidate.enum;
      const alternatives = candidate.anyOf ?? candidate.oneOf;
      if (!Array.isArray(alternatives)) return undefined;
      const values = alternatives.map((alternative) => (isObject(alternative) && alternative.type === 'null' ? [null] : literals(alternative)));
      return values.every(Array.isArray) ? values.flat() : undefined;
    };
    const values = literals(property);
    if (!values) throw new UnsupportedSchemaError(path, `a member of a union discriminated by "${propertyName}" must give it literal values`);
    return values.filter((value) => value !== null);
  }

  /**
   * Every member of a union with a discriminator must give the property literal values, so that TypeScript can
   * narrow on it. Values may repeat (ItemParam's messages share `type: 'message'` and differ by role) unless
   * `unique` is asked for.
   */
  checkDiscriminator(schema, path, unique = false) {
    const { propertyName, mapping, ...rest } = schema.discriminator ?? {};
    if (typeof propertyName !== 'string') throw new UnsupportedSchemaError(`${path}/discriminator`, 'discriminator.propertyName must be a string');
    if (mapping !== undefined || Object.keys(rest).length > 0) throw new UnsupportedSchemaError(`${path}/discriminator`, 'only discriminator.propertyName is supported');
    const key = schema.oneOf ? 'oneOf' : 'anyOf';
    if (!Array.isArray(schema[key])) throw new UnsupportedSchemaError(`${path}/discriminator`, 'a discriminator needs a oneOf or anyOf');
    const owners = new Map();
    schema[key].forEach((member, index) => {
      for (const value of this.discriminatorValues(member, propertyName, `${path}/${key}/${index}`)) {
        if (unique && owners.has(value)) {
          throw new UnsupportedSchemaError(path, `two members of the union give "${propertyName}" the value ${JSON.stringify(value)} (members ${owners.get(value)} and ${index})`);
        }
        owners.set(value, index);
      }
    });
  }

  declaration(name, schema, path) {
    const isPlainObject =
      isObject(schema) &&
      (schema.type === 'object' || (schema.type === undefined && schema.properties !== undefined)) &&
      ['$ref', 'enum', 'const', 'anyOf', 'oneOf', 'allOf'].every((key) => schema[key] === undefined);
    const doc = isObject(schema) ? docComment('', schema.title, schema.description) : '';
    if (isPlainObject) {
      checkKeywords(schema, path);
      const members = this.objectMembers(schema, path, '  ');
      if (members.length > 0) return `${doc}export interface ${name} {\n${members.join('')}}\n`;
    }
    const type = this.topLevelType(schema, path);
    return `${doc}export type ${name} =${type.startsWith('\n') ? '' : ' '}${type};\n`;
  }

  /** A union at the top of a declaration gets one member per line when it does not fit on one. */
  topLevelType(schema, path) {
    const members = isObject(schema) && Object.keys(schema).every((key) => !SHAPE_KEYWORDS.has(key) || ['anyOf', 'oneOf', 'discriminator'].includes(key))
      ? (schema.oneOf ?? schema.anyOf)
      : undefined;
    const type = this.type(schema, path, '');
    if (!Array.isArray(members) || members.length < 2 || type.text.length + 40 <= LINE_WIDTH || type.text.includes('\n')) return type.text;
    const rendered = dedupe(members.map((member, index) => this.type(member, `${path}/${schema.oneOf ? 'oneOf' : 'anyOf'}/${index}`, '  ')));
    return `\n${rendered.map((member) => `  | ${wrap(member, INTERSECTION)}`).join('\n')}`;
  }

  /** The SSE answer of POST /responses: a union with one member per event `type`. */
  streamingEventSchema(path) {
    const schema = this.document?.paths?.['/responses']?.post?.responses?.['200']?.content?.['text/event-stream']?.schema;
    if (!isObject(schema) || !Array.isArray(schema.oneOf) || schema.discriminator?.propertyName !== 'type') {
      throw new UnsupportedSchemaError(path, 'POST /responses has no text/event-stream oneOf discriminated by type');
    }
    this.checkDiscriminator(schema, path, true);
    return schema;
  }

  render(source) {
    if (STREAMING_EVENT_NAME in this.schemas) throw new UnsupportedSchemaError('#/components/schemas', `a schema is already named ${STREAMING_EVENT_NAME}`);
    const info = this.document.info ?? {};
    const header =
      `// Generated by scripts/generate-api-types.mjs from ${source}\n` +
      `// (${info.title ?? 'OpenAPI document'} ${info.version ?? ''}). Do not edit: run \`npm run generate:types\`.\n`;
    const declarations = Object.entries(this.schemas).map(([name, schema]) => {
      if (!IDENTIFIER.test(name)) throw new UnsupportedSchemaError(`#/components/schemas/${name}`, 'a schema name must be a TypeScript identifier');
      return this.declaration(name, schema, `#/components/schemas/${name}`);
    });
    const streamingPath = '#/paths/~1responses/post/responses/200/content/text~1event-stream/schema';
    const streaming = this.declaration(
      STREAMING_EVENT_NAME,
      {
        ...this.streamingEventSchema(streamingPath),
        description: 'Every event of a streamed `POST /responses` (its `text/event-stream` answer), discriminated on `type`.',
      },
      streamingPath,
    );
    return `${header}\n${[...declarations, streaming].join('\n')}`;
  }
}

/** The generated TypeScript for an Open Responses OpenAPI document; `source` names the document in the header. */
function renderApiTypes(document, source) {
  return new Renderer(document).render(source);
}

module.exports = { API_TYPES_DOCUMENT, API_TYPES_FILE, renderApiTypes, UnsupportedSchemaError };
