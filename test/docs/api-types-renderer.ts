import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../support/gateway-process';

/** The exports of scripts/render-api-types.cjs (plain JS, so that generating needs no build). */
export interface ApiTypesRenderer {
  API_TYPES_DOCUMENT: string;
  API_TYPES_FILE: string;
  renderApiTypes: (document: unknown, source: string) => string;
  UnsupportedSchemaError: new (...args: never[]) => Error;
}

export function loadApiTypesRenderer(): ApiTypesRenderer {
  // A CommonJS script loaded at run time from the repository, not a module compiled with the tests.
  return createRequire(__filename)(join(repoRoot(), 'scripts', 'render-api-types.cjs')) as ApiTypesRenderer;
}
