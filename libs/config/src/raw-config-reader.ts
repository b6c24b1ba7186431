import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigFileError } from './config-error';
import { expandEnv } from './parse-values';

export type RawConfig = Record<string, unknown>;

export interface ConfigSourceOptions {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** `--config FILE` (or `--config=FILE`), else $LATTICELM_CONFIG, else ./config.yaml when present. */
export function findConfigFile({ argv, env, cwd }: ConfigSourceOptions): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--config' || arg === '-c') {
      const file = argv[index + 1];
      if (!file || file.startsWith('-')) throw new ConfigFileError(`${arg} needs a file name (e.g. ${arg} config.yaml)`);
      return file;
    }
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  if (env.LATTICELM_CONFIG) return env.LATTICELM_CONFIG;
  const local = `${cwd}/config.yaml`;
  return existsSync(local) ? local : undefined;
}

export function readConfigFile(path: string, env: NodeJS.ProcessEnv): RawConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory, not a file' : (error as Error).message;
    throw new ConfigFileError(`cannot read config file ${path}: ${reason}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    // The yaml library's messages carry the line and column but not the file.
    throw new ConfigFileError(`${path}: invalid YAML: ${(error as Error).message.trim()}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigFileError(`${path}: the top level must be a mapping`);
  }
  return expandEnvInValues(parsed, env) as RawConfig;
}

/**
 * ${VAR} is expanded inside string values after parsing, never in the YAML text: a secret holding "#" or a
 * newline stays one value and cannot turn into a comment or into extra configuration.
 */
function expandEnvInValues(node: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof node === 'string') return expandEnv(node, env);
  if (Array.isArray(node)) return node.map((entry) => expandEnvInValues(entry, env));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, expandEnvInValues(value, env)]));
  }
  return node;
}

const OVERRIDE_PREFIX = 'LATTICELM_';

/**
 * Any key can be overridden from the environment: LATTICELM_SERVER__ADDRESS=":9090",
 * LATTICELM_PROVIDERS__OPENAI__API_KEY=... ("__" separates levels; values are read as YAML scalars,
 * so "true", "10" and "[a, b]" keep their types).
 */
export function applyEnvOverrides(raw: RawConfig, env: NodeJS.ProcessEnv): RawConfig {
  const origins = new Map(overrideOrigins(raw));
  for (const [name, value] of Object.entries(env)) {
    // An override names a section and a key (LATTICELM_<SECTION>__<KEY>); other LATTICELM_ variables
    // (LATTICELM_CONFIG, the chat client's LATTICELM_TOKEN, test switches) are not configuration keys.
    if (!name.startsWith(OVERRIDE_PREFIX) || value === undefined || !name.includes('__')) continue;
    const path = name.slice(OVERRIDE_PREFIX.length).toLowerCase().split('__').filter(Boolean);
    if (path.length === 0) continue;
    let node: Record<string, unknown> = raw;
    path.slice(0, -1).forEach((segment, depth) => {
      const next = node[segment];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        node[segment] = {};
        const created = path.slice(0, depth + 1).join('.');
        if (!origins.has(created)) origins.set(created, name);
      }
      node = node[segment] as Record<string, unknown>;
    });
    node[path[path.length - 1]] = parseScalar(value);
    origins.set(path.join('.'), name);
  }
  OVERRIDE_ORIGINS.set(raw, origins);
  return raw;
}

const OVERRIDE_ORIGINS = new WeakMap<RawConfig, ReadonlyMap<string, string>>();

/** Which environment variable set each overridden dotted path of this tree (for messages about them). */
export function overrideOrigins(raw: RawConfig): ReadonlyMap<string, string> {
  return OVERRIDE_ORIGINS.get(raw) ?? new Map();
}

function parseScalar(value: string): unknown {
  try {
    return parseYaml(value) ?? value;
  } catch {
    return value;
  }
}

/** With no config file, providers come from the vendors' usual environment variables. */
export function providersFromEnvironment(env: NodeJS.ProcessEnv): RawConfig {
  const providers: RawConfig = {};
  if (env.OPENAI_API_KEY) {
    providers.openai = { type: 'openai', api_key: env.OPENAI_API_KEY, endpoint: env.OPENAI_BASE_URL };
  }
  if (env.AZURE_OPENAI_API_KEY && env.AZURE_OPENAI_ENDPOINT) {
    providers.azureopenai = {
      type: 'azureopenai',
      api_key: env.AZURE_OPENAI_API_KEY,
      endpoint: env.AZURE_OPENAI_ENDPOINT,
      api_version: env.OPENAI_API_VERSION ?? env.AZURE_OPENAI_API_VERSION,
    };
  }
  if (env.ANTHROPIC_API_KEY) {
    providers.anthropic = { type: 'anthropic', api_key: env.ANTHROPIC_API_KEY, endpoint: env.ANTHROPIC_BASE_URL };
  }
  if (env.AZURE_ANTHROPIC_API_KEY && env.AZURE_ANTHROPIC_ENDPOINT) {
    providers.azureanthropic = {
      type: 'azureanthropic',
      api_key: env.AZURE_ANTHROPIC_API_KEY,
      endpoint: env.AZURE_ANTHROPIC_ENDPOINT,
    };
  }
  if (env.GOOGLE_API_KEY ?? env.GEMINI_API_KEY) {
    providers.google = { type: 'google', api_key: env.GOOGLE_API_KEY ?? env.GEMINI_API_KEY };
  }
  if (env.GOOGLE_CLOUD_PROJECT && env.GOOGLE_CLOUD_LOCATION) {
    providers.vertexai = {
      type: 'vertexai',
      project: env.GOOGLE_CLOUD_PROJECT,
      location: env.GOOGLE_CLOUD_LOCATION,
      credentials_file: env.GOOGLE_APPLICATION_CREDENTIALS,
    };
  }
  return providers;
}
