#!/usr/bin/env node
// Writes the gateway's OpenAPI document (docs/openapi.json) from the compiled code; `npm run openapi` builds first.
// test/docs/openapi-drift.test.ts fails when the committed copy differs from what the code generates.
// A build outside the repo (LATTICELM_DIST=/tmp/x) needs NODE_PATH=node_modules to find the packages, as in run-tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = process.env.LATTICELM_DIST ?? join(root, 'dist');
process.chdir(root);
const require = createRequire(import.meta.url);
const { COMMITTED_OPENAPI_FILE, renderCommittedOpenApi } = require(join(dist, 'apps/gateway/src/api-docs.js'));
const target = join(root, COMMITTED_OPENAPI_FILE);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderCommittedOpenApi());
console.log(`wrote ${COMMITTED_OPENAPI_FILE}`);
