import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMITTED_OPENAPI_FILE, renderCommittedOpenApi } from '../../apps/gateway/src/api-docs';
import { repoRoot } from '../support/gateway-process';

describe('committed OpenAPI document', () => {
  it(`${COMMITTED_OPENAPI_FILE} is what the code generates (else run \`npm run openapi\`)`, () => {
    const committed = readFileSync(join(repoRoot(), COMMITTED_OPENAPI_FILE), 'utf8');
    const generated = renderCommittedOpenApi();
    if (committed === generated) return;
    const committedLines = committed.split('\n');
    const generatedLines = generated.split('\n');
    const line = generatedLines.findIndex((text, index) => text !== committedLines[index]);
    assert.fail(
      `${COMMITTED_OPENAPI_FILE} is out of date; run \`npm run openapi\` and commit it.\n` +
        `first difference at line ${line + 1}:\n  committed: ${committedLines[line]}\n  generated: ${generatedLines[line]}`,
    );
  });
});
