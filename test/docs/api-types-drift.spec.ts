import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/gateway-process';
import { loadApiTypesRenderer } from './api-types-renderer';

describe('generated Open Responses types', () => {
  const { API_TYPES_DOCUMENT, API_TYPES_FILE, renderApiTypes } = loadApiTypesRenderer();

  it(`${API_TYPES_FILE} is what ${API_TYPES_DOCUMENT} generates (else run \`npm run generate:types\`)`, () => {
    const document: unknown = JSON.parse(readFileSync(join(repoRoot(), API_TYPES_DOCUMENT), 'utf8'));
    const committed = readFileSync(join(repoRoot(), API_TYPES_FILE), 'utf8');
    const generated = renderApiTypes(document, API_TYPES_DOCUMENT);
    if (committed === generated) return;
    const committedLines = committed.split('\n');
    const generatedLines = generated.split('\n');
    const line = generatedLines.findIndex((text, index) => text !== committedLines[index]);
    assert.fail(
      `${API_TYPES_FILE} is out of date; run \`npm run generate:types\` and commit it.\n` +
        `first difference at line ${line + 1}:\n  committed: ${committedLines[line]}\n  generated: ${generatedLines[line]}`,
    );
  });
});
