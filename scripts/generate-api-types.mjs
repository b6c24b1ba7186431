#!/usr/bin/env node
// Writes libs/api/src/generated/open-responses.generated.ts from the Open Responses OpenAPI document
// (`npm run generate:types`; no build needed). test/docs/api-types-drift.spec.ts fails when the committed file
// differs from what this renders.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const { API_TYPES_DOCUMENT, API_TYPES_FILE, renderApiTypes } = require('./render-api-types.cjs');

const root = new URL('..', import.meta.url).pathname;
const document = JSON.parse(readFileSync(join(root, API_TYPES_DOCUMENT), 'utf8'));
const target = join(root, API_TYPES_FILE);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderApiTypes(document, API_TYPES_DOCUMENT));
console.log(`wrote ${API_TYPES_FILE}`);
