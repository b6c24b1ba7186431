// The lint gate: typescript-eslint with type information over apps/, libs/ and test/, plus the project's
// boundaries (configuration only through libs/config, libs only through their @latticelm/<lib> alias, each vendor
// SDK only in its own provider folder). `npm run lint` runs it with --max-warnings 0; .ci/run runs it before the
// tests.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// the admin console's components are .tsx (type-checked against apps/console/tsconfig.json, the nearest one)
const TS_FILES = ['apps/**/*.ts', 'apps/console/**/*.tsx', 'libs/**/*.ts', 'test/**/*.ts'];
const TEST_FILES = ['test/**/*.ts', '**/*.spec.ts'];

// ---- vendor SDKs: each only in its provider folder(s) under libs/providers/src/ (tests and fakes may use any) ----
const VENDOR_SDKS = {
  openai: { folders: ['openai', 'azure-openai'] },
  '@anthropic-ai/sdk': { folders: ['anthropic', 'azure-anthropic'] },
  '@google/genai': { folders: ['google', 'vertex-ai'] },
};

function vendorRestriction(sdk) {
  const where = VENDOR_SDKS[sdk].folders.map((folder) => `libs/providers/src/${folder}/`).join(' or ');
  const message = `the ${sdk} SDK belongs in ${where}; other code talks to vendors through the Provider port`;
  return { path: { name: sdk, message }, pattern: { group: [`${sdk}/*`], message } };
}

// importing env from the process module is the same as reading process.env
const ENV_IMPORT_MESSAGE = 'read configuration through @latticelm/config (libs/config is the one place that reads the environment)';
const ENV_IMPORTS = ['process', 'node:process'].map((name) => ({ name, importNames: ['env'], message: ENV_IMPORT_MESSAGE }));

/** @typescript-eslint/no-restricted-imports options: the vendor SDKs not allowed here, and env imports unless `env`. */
function foreignImports({ allowedSdks = [], env = false }) {
  const banned = Object.keys(VENDOR_SDKS).filter((sdk) => !allowedSdks.includes(sdk)).map(vendorRestriction);
  return [
    'error',
    {
      paths: [...banned.map((b) => b.path), ...(env ? [] : ENV_IMPORTS)],
      patterns: banned.map((b) => b.pattern),
    },
  ];
}

const vendorFolderBlocks = Object.entries(VENDOR_SDKS).map(([sdk, { folders }]) => ({
  files: folders.map((folder) => `libs/providers/src/${folder}/**/*.ts`),
  rules: { '@typescript-eslint/no-restricted-imports': foreignImports({ allowedSdks: [sdk] }) },
}));

// ---- module boundaries: another lib only through its alias @latticelm/<lib> ----
// A path into another lib is either a deep alias, a path from the baseUrl, or a relative path that climbs out of
// the importing file's own unit (libs/<lib>, apps/<app>, test/). no-restricted-imports sees only the import string,
// so the last case is checked per directory depth: a file N directories below its unit's root leaves the unit with
// N+1 leading "../". Libs and apps never leave themselves that way; tests may reach into an app (e.g. the
// gateway's factory), never into a lib.
const MAX_DEPTH = 8;
const DEEP_ALIAS = {
  group: ['@latticelm/*/**'],
  message: 'import another lib through its alias @latticelm/<lib> (its index), not a path inside it',
};
const BASE_URL_PATHS = {
  group: ['libs/**', 'apps/**', 'test/**'],
  message: 'import another lib through its alias @latticelm/<lib>, not a path from the repository root',
};

function boundaryBlocks(unitGlob, unitName, { onlyIntoLibs = false } = {}) {
  return Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => ({
    files: [`${unitGlob}/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            DEEP_ALIAS,
            BASE_URL_PATHS,
            {
              regex: `^(\\.\\./){${depth + 1},}${onlyIntoLibs ? 'libs/' : ''}`,
              message: `this relative path leaves ${unitName}${onlyIntoLibs ? ' into libs/' : ''}; import libs through @latticelm/<lib>`,
            },
          ],
        },
      ],
    },
  }));
}

export default defineConfig(
  { ignores: ['dist/', 'bench/', 'scripts/', '**/node_modules/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: TS_FILES,
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test reports a failing describe/it itself; their returned promises are not for awaiting
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // a switch on a union lists every member or has a default; vendor unions (hundreds of event types) keep a
      // default for what the gateway does not translate, and defaults that guard values newer than the SDK stay
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, allowDefaultCaseForExhaustiveSwitch: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // async without await is how a Promise-returning interface is implemented (a throw becomes a rejection), and
      // async generators in fakes need no await
      '@typescript-eslint/require-await': 'off',
      // passing a caught error or an abort reason on is fine, as only-throw-error allows for throw
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // the compiler's noFallthroughCasesInSwitch already rejects fallthrough; a case holding only a comment is empty
      'no-fallthrough': ['error', { allowEmptyCase: true }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: ENV_IMPORT_MESSAGE },
      ],
      '@typescript-eslint/no-restricted-imports': foreignImports({}),
    },
  },
  ...boundaryBlocks('libs/*', 'its lib'),
  ...boundaryBlocks('apps/*', 'its app'),
  ...boundaryBlocks('test', 'test/', { onlyIntoLibs: true }),
  ...vendorFolderBlocks,
  {
    // the one reader of the environment for the gateway
    files: ['libs/config/**/*.ts'],
    rules: {
      'no-restricted-properties': 'off',
      '@typescript-eslint/no-restricted-imports': foreignImports({ env: true }),
    },
  },
  {
    // the chat CLI is a client of the gateway's own OpenAI-compatible API, and the official openai SDK is its HTTP
    // client; it never talks to a vendor
    files: ['apps/chat/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': foreignImports({ allowedSdks: ['openai'] }) },
  },
  {
    // the chat CLI is a separate program with its own options (LATTICELM_URL, NO_COLOR); its entry point is its one
    // reader of the environment and passes it on explicitly, as libs/config does for the gateway
    files: ['apps/chat/src/main.ts'],
    rules: {
      'no-restricted-properties': 'off',
      '@typescript-eslint/no-restricted-imports': foreignImports({ allowedSdks: ['openai'], env: true }),
    },
  },
  {
    // tests may use `any` (and so `any` values) for payloads they inspect, set the environment of what they start,
    // and drive the vendor SDKs (against fakes) directly
    files: TEST_FILES,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      'no-restricted-properties': 'off',
      '@typescript-eslint/no-restricted-imports': 'off',
    },
  },
);
