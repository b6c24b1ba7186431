import type Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv/dist/2020';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DOCUMENT_ID = 'openresponses';

export function openResponsesDocumentPath(): string {
  // tsconfig.build.json includes the document, so it is emitted beside the compiled code wherever the build goes;
  // the source tree's copy serves runs from the sources.
  const candidates = [
    join(__dirname, '..', 'openapi', 'openresponses.openapi.json'),
    join(__dirname, '..', '..', '..', '..', 'libs', 'api', 'openapi', 'openresponses.openapi.json'),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`the Open Responses OpenAPI document was not found (looked in ${candidates.join(', ')})`);
  return found;
}

export interface SchemaCheck {
  valid: boolean;
  errors: string[];
}

/**
 * Validates values against schemas of the Open Responses OpenAPI document itself (JSON Schema 2020-12 inside).
 * Used by tests, and available for runtime self-checks.
 */
export class OpenResponsesSchema {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  readonly document: { components: { schemas: Record<string, unknown> } };

  constructor(documentPath = openResponsesDocumentPath()) {
    this.document = JSON.parse(readFileSync(documentPath, 'utf8')) as OpenResponsesSchema['document'];
    // ajv loads with the first validator, not with every process that imports this library.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { default: Ajv } = require('ajv/dist/2020') as typeof import('ajv/dist/2020');
    const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
    /* eslint-enable @typescript-eslint/no-require-imports */
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...this.document, $id: DOCUMENT_ID });
  }

  schemaNames(): string[] {
    return Object.keys(this.document.components.schemas);
  }

  check(schemaName: string, value: unknown): SchemaCheck {
    let validate = this.compiled.get(schemaName);
    if (!validate) {
      validate = this.ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/${schemaName}`);
      if (!validate) throw new Error(`no schema named ${schemaName} in the Open Responses document`);
      this.compiled.set(schemaName, validate);
    }
    const valid = validate(value);
    return {
      valid,
      errors: valid ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`),
    };
  }

  /** The schema for a streaming event, chosen by its `type` the way the document's discriminator does. */
  streamingEventSchemaName(type: string): string | undefined {
    for (const [name, schema] of Object.entries(this.document.components.schemas)) {
      const typeProperty = (schema as { properties?: { type?: { enum?: string[] } } }).properties?.type;
      if (name.endsWith('StreamingEvent') && typeProperty?.enum?.includes(type)) return name;
    }
    return undefined;
  }

  checkStreamingEvent(event: { type?: unknown }): SchemaCheck {
    const name = typeof event.type === 'string' ? this.streamingEventSchemaName(event.type) : undefined;
    if (!name) return { valid: false, errors: [`unknown streaming event type ${JSON.stringify(event.type)}`] };
    return this.check(name, event);
  }
}
