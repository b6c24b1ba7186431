import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { repoRoot } from '../support/gateway-process';

/**
 * The lint gate's own rules (eslint.config.mjs), run through ESLint's API on code given as if it were an existing
 * file: each boundary fires where it should and stays quiet where the code is allowed.
 */
interface Probe {
  file: string;
  code: string;
  rules: string[];
}

// tsc-alias rewrites anything in the compiled output that looks like an aliased or baseUrl import, string literals
// included, so the probes spell those through placeholders
const ALIAS = '@latticelm';
const LIBS = 'libs';
const RESTRICTED = '@typescript-eslint/no-restricted-imports';
const BOUNDARY = 'no-restricted-imports';
const ENV = 'no-restricted-properties';
const CHECKED_RULES = new Set([RESTRICTED, BOUNDARY, ENV, '@typescript-eslint/no-explicit-any']);

const PROBES: Probe[] = [
  // vendor SDKs only in their provider folders (and in tests)
  { file: 'libs/responses/src/index.ts', code: "import OpenAI from 'openai';\nexport const o = OpenAI;", rules: [RESTRICTED] },
  { file: 'libs/responses/src/index.ts', code: "import type { Response } from 'openai/resources/responses/responses';\nexport type R = Response;", rules: [RESTRICTED] },
  { file: 'libs/providers/src/provider-registry.ts', code: "import { GoogleGenAI } from '@google/genai';\nexport const g = GoogleGenAI;", rules: [RESTRICTED] },
  { file: 'libs/providers/src/openai/openai-error.ts', code: "import { Anthropic } from '@anthropic-ai/sdk';\nexport const a = Anthropic;", rules: [RESTRICTED] },
  { file: 'libs/providers/src/azure-openai/azure-openai.provider.ts', code: "import OpenAI from 'openai';\nexport const o = OpenAI;", rules: [] },
  { file: 'libs/providers/src/azure-anthropic/azure-anthropic.provider.ts', code: "import { Anthropic } from '@anthropic-ai/sdk';\nexport const a = Anthropic;", rules: [] },
  { file: 'libs/providers/src/vertex-ai/vertex-ai.provider.ts', code: "import { GoogleGenAI } from '@google/genai';\nexport const g = GoogleGenAI;", rules: [] },
  { file: 'test/fakes/fake-anthropic.ts', code: "import { Anthropic } from '@anthropic-ai/sdk';\nexport const a = Anthropic;", rules: [] },
  // the environment only through libs/config (tests may set it)
  { file: 'libs/responses/src/index.ts', code: 'export const e = process.env.X;', rules: [ENV] },
  { file: 'libs/responses/src/index.ts', code: 'const { env } = process;\nexport const e = env.X;', rules: [ENV] },
  { file: 'apps/gateway/src/main.ts', code: "import { env } from 'node:process';\nexport const e = env.PORT;", rules: [RESTRICTED] },
  { file: 'libs/config/src/load-config.ts', code: 'export const e = process.env.X;', rules: [] },
  { file: 'test/support/gateway-process.ts', code: 'export const e = process.env.X;', rules: [] },
  // another lib only through its alias
  { file: 'libs/responses/src/index.ts', code: `export * from '${ALIAS}/providers/src/provider';`, rules: [BOUNDARY] },
  { file: 'libs/responses/src/index.ts', code: "export * from '../../providers/src/provider';", rules: [BOUNDARY] },
  { file: 'libs/traffic/src/rate-limit/memory-token-bucket.storage.ts', code: "export * from '../../../providers/src/provider';", rules: [BOUNDARY] },
  { file: 'libs/responses/src/index.ts', code: `export * from '${LIBS}/providers/src/provider';`, rules: [BOUNDARY] },
  { file: 'test/e2e/startup.test.ts', code: "export * from '../../libs/providers/src/provider';", rules: [BOUNDARY] },
  { file: 'libs/traffic/src/rate-limit/memory-token-bucket.storage.ts', code: "export * from '../traffic-clock';", rules: [] },
  { file: 'libs/responses/src/index.ts', code: `export * from '${ALIAS}/providers';`, rules: [] },
  { file: 'test/e2e/startup.test.ts', code: "export * from '../../apps/gateway/src/create-gateway-app';", rules: [] },
  // `any` only in tests
  { file: 'libs/responses/src/index.ts', code: 'export const a: any = 1;', rules: ['@typescript-eslint/no-explicit-any'] },
  { file: 'libs/responses/src/response-assembler.spec.ts', code: 'export const a: any = 1;', rules: [] },
  { file: 'test/e2e/startup.test.ts', code: 'export const a: any = 1;', rules: [] },
];

describe('lint gate', () => {
  it('reports each boundary rule where it applies, and nothing where the code is allowed', async () => {
    // Only the project's own rules: they need no type information, and without it the probes take a second
    // instead of building the whole program (the type-aware rules are typescript-eslint's, run by `npm run lint`).
    const eslint = new ESLint({
      cwd: repoRoot(),
      overrideConfig: { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false } } },
      ruleFilter: ({ ruleId }) => CHECKED_RULES.has(ruleId),
    });
    for (const probe of PROBES) {
      const [result] = await eslint.lintText(probe.code, { filePath: probe.file });
      const fatal = result.messages.filter((message) => message.fatal);
      assert.deepEqual(fatal, [], `${probe.file} did not parse`);
      assert.deepEqual(
        result.messages.map((message) => message.ruleId),
        probe.rules,
        `${probe.file}: ${probe.code.split('\n')[0]}`,
      );
    }
  });
});
