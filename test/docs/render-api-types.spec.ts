import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadApiTypesRenderer } from './api-types-renderer';

const { renderApiTypes, UnsupportedSchemaError } = loadApiTypesRenderer();

const event = (type: string, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  required: ['type', 'sequence_number'],
  properties: { type: { type: 'string', enum: [type] }, sequence_number: { type: 'integer' }, ...extra },
});

/** A minimal document: the given schemas plus a POST /responses whose SSE answer is the given union. */
function documentWith(schemas: Record<string, unknown>, events: string[] = ['PingEvent']): unknown {
  return {
    openapi: '3.1.0',
    info: { title: 'Test', version: '1' },
    components: { schemas: { PingEvent: event('ping'), ...schemas } },
    paths: {
      '/responses': {
        post: {
          responses: {
            '200': {
              content: {
                'text/event-stream': {
                  schema: { oneOf: events.map((name) => ({ $ref: `#/components/schemas/${name}` })), discriminator: { propertyName: 'type' } },
                },
              },
            },
          },
        },
      },
    },
  };
}

const render = (schemas: Record<string, unknown>, events?: string[]) => renderApiTypes(documentWith(schemas, events), 'test.json');

describe('renderApiTypes', () => {
  it('renders objects as interfaces: required and optional properties, nullable anyOf, annotated allOf, enums, arrays', () => {
    const output = render({
      Status: { type: 'string', enum: ['on', 'off'] },
      Thing: {
        type: 'object',
        title: 'A thing',
        description: 'Something. */ not the end',
        required: ['id', 'status', 'tags', 'parent'],
        properties: {
          id: { type: 'string', description: 'The id.' },
          status: { allOf: [{ $ref: '#/components/schemas/Status' }, { description: 'Its status.' }] },
          tags: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
          parent: { anyOf: [{ allOf: [{ $ref: '#/components/schemas/Thing' }, { description: 'The parent, if any.' }] }, { type: 'null' }] },
          note: { type: 'string', maxLength: 10 },
          extra: { description: 'Anything.' },
        },
      },
    });
    assert.match(output, /^export type Status = 'on' \| 'off';$/m);
    assert.ok(
      output.includes(
        [
          '/**',
          ' * A thing',
          ' *',
          ' * Something. *\\/ not the end',
          ' */',
          'export interface Thing {',
          '  /** The id. */',
          '  id: string;',
          '  /** Its status. */',
          '  status: Status;',
          '  tags: (string | number)[];',
          '  /** The parent, if any. */',
          '  parent: Thing | null;',
          '  note?: string;',
          '  /** Anything. */',
          '  extra?: unknown;',
          '}',
        ].join('\n'),
      ),
      output,
    );
  });

  it('gives explicit additionalProperties an index signature and leaves undeclared objects open', () => {
    const output = render({
      Open: { type: 'object', required: ['a'], properties: { a: { type: 'string' } }, additionalProperties: true },
      Map: { type: 'object', additionalProperties: { type: 'string' } },
      Anything: { type: 'object' },
    });
    assert.ok(output.includes('export interface Open {\n  a: string;\n  [key: string]: unknown;\n}'), output);
    assert.ok(output.includes('export interface Map {\n  [key: string]: string;\n}'), output);
    assert.ok(output.includes('export type Anything = { [key: string]: unknown };'), output);
  });

  it('adds StreamingEvent, the SSE answer of POST /responses, after the schemas in the order of the document', () => {
    const output = render({ StopEvent: event('stop'), DataEvent: event('data', { data: { type: 'string' } }) }, ['StopEvent', 'PingEvent', 'DataEvent']);
    assert.ok(output.endsWith('export type StreamingEvent = StopEvent | PingEvent | DataEvent;\n'), output);
    const names = [...output.matchAll(/^export (?:interface|type) (\w+)/gm)].map((match) => match[1]);
    assert.deepEqual(names, ['PingEvent', 'StopEvent', 'DataEvent', 'StreamingEvent']);
    assert.equal(render({ StopEvent: event('stop'), DataEvent: event('data') }, ['StopEvent', 'PingEvent', 'DataEvent']), render({ StopEvent: event('stop'), DataEvent: event('data') }, ['StopEvent', 'PingEvent', 'DataEvent']));
  });

  it('refuses a keyword it does not know, naming where', () => {
    assert.throws(
      () => render({ Odd: { type: 'object', properties: { a: { not: { type: 'string' } } } } }),
      (error: Error) => error instanceof UnsupportedSchemaError && /#\/components\/schemas\/Odd\/properties\/a: unsupported JSON Schema keyword "not"/.test(error.message),
    );
    assert.throws(() => render({ Odd: { type: 'object', patternProperties: { '^x': {} } } }), /unsupported JSON Schema keyword "patternProperties"/);
    assert.throws(() => render({ Odd: { $ref: 'other.json#/Thing' } }), /only local #\/components\/schemas\/<Name> references/);
    assert.throws(() => render({ Odd: { $ref: '#/components/schemas/Missing' } }), /reference to a missing schema Missing/);
  });

  it('refuses a discriminated union whose members do not give the discriminator literal values', () => {
    assert.throws(
      () => render({ Loose: { type: 'object', properties: { type: { type: 'string' } } }, Union: { oneOf: [{ $ref: '#/components/schemas/Loose' }], discriminator: { propertyName: 'type' } } }),
      /Union\/oneOf\/0: a member of a union discriminated by "type" must give it literal values/,
    );
  });

  it('refuses streaming events that share a type', () => {
    assert.throws(() => render({ PingAgain: event('ping') }, ['PingEvent', 'PingAgain']), /two members of the union give "type" the value "ping"/);
  });
});
