import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../../support/gateway-process';
import type { KubeObject } from './rendered-manifests';

/**
 * Validation of rendered objects against the published schemas, in two passes:
 *
 * 1. the OpenAPI schemas of Kubernetes (npm `kubernetes-models`) and of the CRDs used here (Prometheus
 *    Operator, External Secrets, Sealed Secrets: `@kubernetes-models/*`), compiled to ajv validators by those packages: types, enums,
 *    formats (quantities, int-or-string), required fields;
 * 2. unknown fields, which those schemas allow but the API server's strict field validation (kubectl's
 *    default) rejects: every object is type-checked as an object literal against the same packages'
 *    interfaces, so TypeScript's excess-property check names any key the schema does not know.
 */

interface ModelLocation {
  packageName: string;
  /** the import subpath of the kind's module, e.g. apps/v1/Deployment */
  subpath: string;
}

const PACKAGES_BY_GROUP: Record<string, string> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'external-secrets.io': '@kubernetes-models/external-secrets',
  'bitnami.com': '@kubernetes-models/sealed-secrets',
};

function modelLocation(object: KubeObject): ModelLocation {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const packageName = PACKAGES_BY_GROUP[group] ?? 'kubernetes-models';
  return { packageName, subpath: `${group ? `${group}/` : ''}${version}/${object.kind}` };
}

function describe(object: KubeObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/** Pass 1: each object against its kind's OpenAPI schema. */
export function schemaErrors(objects: KubeObject[]): string[] {
  const errors: string[] = [];
  for (const object of objects) {
    const { packageName, subpath } = modelLocation(object);
    const file = join(repoRoot(), 'node_modules', packageName, `${subpath}.js`);
    if (!existsSync(file)) {
      errors.push(`${describe(object)}: no schema for ${object.apiVersion} ${object.kind} in ${packageName}`);
      continue;
    }
    // The packages are ESM with import-only exports; Node 22 loads their files by path with require().
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a schema file chosen at run time by the object's kind
    const module = require(file) as Record<string, ModelClass>;
    const Model = module[object.kind];
    try {
      new Model(object).validate();
    } catch (error) {
      errors.push(`${describe(object)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return errors;
}

/** "Object literal may only specify known properties…", with and without a "did you mean" suggestion. */
const EXCESS_PROPERTY_CODES = new Set([2353, 2561]);
const CANNOT_FIND_MODULE = 2307;
let previousProgram: ts.Program | undefined;

/** Pass 2: keys no schema knows (a misspelt field is silently dropped by a lenient apply, refused by a strict one). */
export function unknownFieldErrors(objects: KubeObject[], prefixOf: (index: number) => string = () => ''): string[] {
  const root = repoRoot();
  const fileName = join(root, '__rendered_objects__.ts');
  const lines: string[] = [];
  const declarations: string[] = [];
  objects.forEach((object, index) => {
    const { packageName, subpath } = modelLocation(object);
    lines.push(`import type { I${object.kind} as T${index} } from ${JSON.stringify(`${packageName}/${subpath}`)};`);
    declarations.push(`export const o${index}: T${index} = ${JSON.stringify(object)};`);
  });
  const firstDeclarationLine = lines.length;
  const source = [...lines, ...declarations].join('\n');
  const options: ts.CompilerOptions = {
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) =>
    name === fileName ? ts.createSourceFile(name, source, languageVersion, true) : getSourceFile(name, languageVersion, onError, shouldCreate);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  // the schema declarations do not change between calls: the previous program's parsed files are reused
  const program = ts.createProgram([fileName], options, host, previousProgram);
  previousProgram = program;
  const syntax = program.getSyntacticDiagnostics().filter((diagnostic) => diagnostic.file?.fileName === fileName);
  if (syntax.length > 0) throw new Error(`the generated check does not parse: ${ts.flattenDiagnosticMessageText(syntax[0].messageText, '\n')}`);
  // Only excess-property diagnostics: types, enums and required fields are the schema pass's job.
  const diagnostics = program
    .getSemanticDiagnostics()
    .filter((diagnostic) => diagnostic.file?.fileName === fileName && EXCESS_PROPERTY_CODES.has(diagnostic.code));
  const unresolved = program.getSemanticDiagnostics().filter((diagnostic) => diagnostic.code === CANNOT_FIND_MODULE);
  if (unresolved.length > 0) throw new Error(`schema types not found: ${ts.flattenDiagnosticMessageText(unresolved[0].messageText, '\n')}`);
  return diagnostics.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').replace(/'"([^"]+)"'/g, "'$1'");
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const index = line - firstDeclarationLine;
    const object = objects[index];
    return `${object ? prefixOf(index) + describe(object) : `line ${line + 1}`}: ${message}`;
  });
}

/** Both passes; an empty list means every object is valid. */
export function validateObjects(objects: KubeObject[]): string[] {
  return validateGroups({ '': objects });
}

/**
 * Both passes over several renders at once (one TypeScript program for all: the costly part), each error
 * prefixed with its render's name.
 */
export function validateGroups(groups: Record<string, KubeObject[]>): string[] {
  const entries = Object.entries(groups).flatMap(([group, objects]) => objects.map((object) => ({ group, object })));
  const prefix = (group: string) => (group ? `${group}: ` : '');
  const objects = entries.map((entry) => entry.object);
  const schema = entries.flatMap(({ group, object }) => schemaErrors([object]).map((error) => prefix(group) + error));
  const fields = unknownFieldErrors(objects, (index) => prefix(entries[index].group));
  return [...schema, ...fields];
}
