import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildConfig } from './build-config';
import { ConfigValidationError } from './config-error';
import { applyEnvOverrides, providersFromEnvironment, readConfigFile } from './raw-config-reader';
import { expandEnv, isCidr, parseDuration, parseSize } from './parse-values';
import { MASK, redactConfig } from './redact-config';

describe('buildConfig', () => {
  it('applies the seed defaults', () => {
    const config = buildConfig({}, 'defaults');
    assert.equal(config.server.port, 8080);
    assert.equal(config.server.host, '', 'every interface, IPv6 and IPv4');
    assert.equal(config.server.maxRequestBodySize, 10 * 1024 * 1024);
    assert.equal(config.server.shutdownTimeoutMs, 30_000);
    assert.equal(config.logging.format, 'json');
    assert.equal(config.logging.level, 'info');
    assert.equal(config.conversations.ttlMs, 3_600_000);
    assert.equal(config.conversations.store, 'sql');
    assert.equal(config.conversations.driver, 'sqlite3');
    assert.equal(config.rateLimit.enabled, false);
    assert.equal(config.rateLimit.requestsPerSecond, 10);
    assert.equal(config.rateLimit.burst, 20);
    assert.equal(config.observability.metrics.path, '/metrics');
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.server));
  });

  it('reads providers, models and per-provider circuit breaker defaults', () => {
    const config = buildConfig(
      {
        server: { address: '127.0.0.1:9090', max_request_body_size: '1MiB' },
        providers: {
          openai: { type: 'openai', api_key: 'sk' },
          azure: { type: 'azureopenai', api_key: 'k', endpoint: 'https://r.openai.azure.com', api_version: '2025-04-01-preview' },
        },
        models: [{ name: 'gpt-4o', provider: 'azure', provider_model_id: 'dep' }, { name: 'gpt-4o-mini', provider: 'openai' }],
      },
      'file.yaml',
    );
    assert.equal(config.server.port, 9090);
    assert.equal(config.server.host, '127.0.0.1');
    assert.equal(config.server.maxRequestBodySize, 1024 * 1024);
    assert.equal(config.providers.azure.apiVersion, '2025-04-01-preview');
    assert.deepEqual(config.providers.openai.circuitBreaker, {
      enabled: true,
      maxRequests: 3,
      intervalMs: 60_000,
      timeoutMs: 30_000,
      failureRatio: 0.5,
      minimumRequests: 5,
    });
    assert.equal(config.models[0].providerModelId, 'dep');
    assert.equal(config.models[1].providerModelId, 'gpt-4o-mini');
  });

  it('PORT overrides the listen port', () => {
    assert.equal(buildConfig({ server: { address: ':8080' } }, 'x', { PORT: '3000' }).server.port, 3000);
  });

  it('lists every problem with its key', () => {
    try {
      buildConfig(
        {
          server: { address: ':http', max_request_body_size: 'lots', shutdown_timeout: 'soon' },
          providers: { weird: { type: 'bedrock' }, az: { type: 'azureopenai', api_key: 'k', circuit_breaker: { failure_ratio: 5 } } },
          models: [{ name: 'm', provider: 'missing' }],
          conversations: { ttl: '1 hour', driver: 'oracle' },
          rate_limit: { burst: 'many' },
        },
        'bad.yaml',
        { PORT: 'eighty' },
      );
      assert.fail('expected a ConfigValidationError');
    } catch (error) {
      assert.ok(error instanceof ConfigValidationError);
      const text = error.message;
      for (const key of [
        'server.address',
        'PORT',
        'server.max_request_body_size',
        'server.shutdown_timeout',
        'providers.weird.type',
        'providers.az.endpoint',
        'models[0].provider',
        'conversations.ttl',
        'conversations.driver',
        'rate_limit.burst',
        'providers.az.circuit_breaker.failure_ratio',
      ]) {
        assert.ok(text.includes(key), `mentions ${key}:\n${text}`);
      }
      assert.match(text, /unknown provider type "bedrock"/);
      assert.match(text, /names provider "missing"/);
    }
  });
});

describe('config values', () => {
  it('reads unsupported_parameters per provider (default reject) and per model, and refuses other values', () => {
    const config = buildConfig(
      {
        providers: { anthropic: { api_key: 'k', unsupported_parameters: 'drop' }, google: { api_key: 'k' } },
        models: [
          { name: 'strict', provider: 'anthropic', unsupported_parameters: 'reject' },
          { name: 'inherits', provider: 'anthropic' },
        ],
      },
      'x',
    );
    assert.equal(config.providers.anthropic.unsupportedParameters, 'drop');
    assert.equal(config.providers.google.unsupportedParameters, 'reject');
    assert.equal(config.models[0].unsupportedParameters, 'reject');
    assert.equal(config.models[1].unsupportedParameters, undefined);
    assert.throws(
      () => buildConfig({ providers: { google: { api_key: 'k', unsupported_parameters: 'ignore' } }, models: [{ name: 'm', provider: 'google', unsupported_parameters: 'yes' }] }, 'x'),
      (error: Error) => /providers\.google\.unsupported_parameters: must be one of reject, drop/.test(error.message) && /models\.0\.unsupported_parameters/.test(error.message),
    );
  });

  it('reads models[].pricing (USD per million tokens) strictly, and pricing.enabled (on by default)', () => {
    const providers = { openai: { type: 'openai', api_key: 'k' } };
    const config = buildConfig({ providers, models: [{ name: 'm', provider: 'openai', pricing: { input: 0.5, output: '1.5', cached_input: 0.05 } }] }, 'x');
    assert.deepEqual(config.models[0].pricing, { input: 0.5, output: 1.5, cachedInput: 0.05 });
    assert.equal(config.pricing.enabled, true);
    assert.equal(buildConfig({ pricing: { enabled: false } }, 'x').pricing.enabled, false);
    assert.throws(
      () => buildConfig({ providers, models: [{ name: 'm', provider: 'openai', pricing: { input: -1, cache_read: 2 } }] }, 'x'),
      (error: Error) =>
        /models\.0\.pricing\.input: must be at least 0/.test(error.message) &&
        /models\.0\.pricing\.output: is required/.test(error.message) &&
        /unknown key "cache_read"/.test(error.message),
    );
  });

  it('reads api (responses | chat_completions) for type openai only', () => {
    const config = buildConfig(
      { providers: { openai: { api_key: 'k' }, vllm: { type: 'openai', endpoint: 'http://vllm:8000/v1', api: 'chat_completions' } } },
      'x',
    );
    assert.equal(config.providers.openai.api, 'responses');
    assert.equal(config.providers.vllm.api, 'chat_completions');
    assert.throws(
      () => buildConfig({ providers: { vllm: { type: 'openai', api: 'completions' }, anthropic: { api_key: 'k', api: 'responses' } } }, 'x'),
      (error: Error) =>
        /providers\.vllm\.api: must be one of responses, chat_completions/.test(error.message) &&
        /providers\.anthropic\.api: applies only to type openai \(this provider is type anthropic\)/.test(error.message) &&
        !/unknown key "api"/.test(error.message),
    );
  });

  it('parses durations and sizes', () => {
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('30'), 30_000);
    assert.equal(parseDuration('soon'), undefined);
    assert.equal(parseSize(10485760), 10485760);
    assert.equal(parseSize('10MiB'), 10485760);
    assert.equal(parseSize('10MB'), 10_000_000);
    assert.equal(parseSize('ten'), undefined);
  });

  it('expands ${VAR} and ${VAR:-default}', () => {
    const env = { KEY: 'secret', EMPTY: '' };
    assert.equal(expandEnv('a ${KEY} b', env), 'a secret b');
    assert.equal(expandEnv('${MISSING:-fallback}', env), 'fallback');
    assert.equal(expandEnv('${EMPTY:-fallback}', env), 'fallback');
    assert.equal(expandEnv('${MISSING}', env), '');
  });

  it('overrides any key from LATTICELM_ variables with "__" between levels', () => {
    const raw = applyEnvOverrides({ server: { address: ':8080' } }, {
      LATTICELM_SERVER__ADDRESS: ':9999',
      LATTICELM_RATE_LIMIT__ENABLED: 'true',
      LATTICELM_PROVIDERS__OPENAI__API_KEY: 'sk-env',
    });
    const config = buildConfig({ ...raw, providers: { openai: { type: 'openai', ...(raw.providers as any).openai } } }, 'x');
    assert.equal(config.server.port, 9999);
    assert.equal(config.rateLimit.enabled, true);
    assert.equal(config.providers.openai.apiKey, 'sk-env');
  });

  it('builds providers from the usual variables when there is no config file', () => {
    const providers = providersFromEnvironment({
      OPENAI_API_KEY: 'a',
      ANTHROPIC_API_KEY: 'b',
      GOOGLE_API_KEY: 'c',
      AZURE_OPENAI_API_KEY: 'd',
      AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com',
      GOOGLE_CLOUD_PROJECT: 'p',
      GOOGLE_CLOUD_LOCATION: 'us-central1',
    });
    assert.deepEqual(Object.keys(providers).sort(), ['anthropic', 'azureopenai', 'google', 'openai', 'vertexai']);
    const config = buildConfig({ providers }, 'defaults');
    assert.equal(config.providers.vertexai.project, 'p');
  });

  it('masks secrets and DSN passwords', () => {
    const config = buildConfig(
      {
        providers: { openai: { type: 'openai', api_key: 'sk-very-secret' } },
        conversations: { store: 'sql', driver: 'postgres', dsn: 'postgres://app:hunter2@db:5432/gw' },
        rate_limit: { redis_url: 'redis://:redispass@cache:6379/0' },
      },
      'x',
    );
    const text = JSON.stringify(redactConfig(config));
    for (const secret of ['sk-very-secret', 'hunter2', 'redispass']) assert.ok(!text.includes(secret), `${secret} is masked`);
    assert.ok(text.includes(MASK));
    assert.ok(text.includes('postgres://app:********@db:5432/gw'));
  });
});

describe('server.trusted_proxies and rate_limit.key_prefix', () => {
  it('accepts IPv4/IPv6 addresses and CIDRs, and lists each bad entry', () => {
    assert.deepEqual(buildConfig({ server: { trusted_proxies: ['10.0.0.0/8', '::1', 'fd00::/8'] } }, 'x').server.trustedProxies, ['10.0.0.0/8', '::1', 'fd00::/8']);
    assert.throws(() => buildConfig({ server: { trusted_proxies: ['10.0.0.0/33', 'proxy.local'] } }, 'x'), (error: Error) => {
      assert.match(error.message, /"10\.0\.0\.0\/33" is not an IP address or CIDR/);
      assert.match(error.message, /"proxy\.local" is not an IP address or CIDR/);
      return true;
    });
    assert.equal(isCidr('192.168.1.7'), true);
    assert.equal(isCidr('2001:db8::/129'), false);
  });

  it('defaults the rate-limit key prefix', () => {
    assert.equal(buildConfig({}, 'x').rateLimit.keyPrefix, 'latticelm:ratelimit:');
  });
});

describe('config file reading', () => {
  it('expands ${VAR} inside values after parsing, so secrets with "#" or newlines cannot inject configuration', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'latticelm-config-')), 'c.yaml');
    writeFileSync(file, 'providers:\n  openai:\n    type: openai\n    api_key: ${HASHKEY}\nadmin:\n  enabled: ${ADMIN:-false}\n');
    const raw = readConfigFile(file, { HASHKEY: 'abc #def\nadmin:\n  enabled: true' });
    const config = buildConfig(raw, file);
    assert.equal(config.providers.openai.apiKey, 'abc #def\nadmin:\n  enabled: true');
    assert.equal(config.admin.enabled, false);
  });
});

function problemsOf(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  assert.fail('expected the configuration to be refused');
}

describe('strict configuration', () => {
  it('names every unknown key with the closest known one, all at once', () => {
    const problems = problemsOf(() =>
      buildConfig(
        {
          server: { adress: ':8080' },
          ratelimit: { enabled: true },
          providers: { openai: { type: 'openai', api_key: 'k', endpont: 'http://x', circuit_breaker: { failure_rate: 0.2 } } },
          models: [{ name: 'a', provider: 'openai', fallbakcs: ['a'], circuit_breaker: { timout: '5s' } }],
          observability: { tracing: { exporter: { endpoint: 'x', insecur: true } } },
          wholly_unrelated: 1,
        },
        'f.yaml',
      ),
    );
    assert.deepEqual(problems.sort(), [
      'models[0].circuit_breaker.timout: unknown key "timout"; did you mean "timeout"?',
      'models[0].fallbakcs: unknown key "fallbakcs"; did you mean "fallbacks"?',
      'observability.tracing.exporter.insecur: unknown key "insecur"; did you mean "insecure"?',
      'providers.openai.circuit_breaker.failure_rate: unknown key "failure_rate"; did you mean "failure_ratio"?',
      'providers.openai.endpont: unknown key "endpont"; did you mean "endpoint"?',
      'ratelimit: unknown key "ratelimit"; did you mean "rate_limit"?',
      'server.adress: unknown key "adress"; did you mean "address"?',
      'wholly_unrelated: unknown key "wholly_unrelated"',
    ]);
  });

  it('names the environment variable behind an unknown key, and the one meant', () => {
    const raw = applyEnvOverrides({ rate_limit: { enabled: false } }, { LATTICELM_RATELIMIT__ENABLED: 'true', LATTICELM_RATE_LIMIT__BRUST: '5' });
    assert.deepEqual(problemsOf(() => buildConfig(raw, 'x')).sort(), [
      'LATTICELM_RATELIMIT__ENABLED: unknown key "ratelimit"; did you mean LATTICELM_RATE_LIMIT__ENABLED?',
      'LATTICELM_RATE_LIMIT__BRUST: unknown key "rate_limit.brust"; did you mean LATTICELM_RATE_LIMIT__BURST?',
    ]);
  });

  it('leaves LATTICELM_ variables that name no section and key alone (LATTICELM_CONFIG, LATTICELM_TOKEN, test switches)', () => {
    const raw = applyEnvOverrides({}, { LATTICELM_CONFIG: 'c.yaml', LATTICELM_TOKEN: 't', LATTICELM_REQUIRE_SERVICES: '1' });
    assert.deepEqual(raw, {});
    assert.doesNotThrow(() => buildConfig(raw, 'x'));
  });

  it('requires a port in server.address', () => {
    for (const address of ['8090', '127.0.0.1', 'localhost']) {
      assert.match(problemsOf(() => buildConfig({ server: { address } }, 'x')).join('\n'), /server\.address: must be "host:port" or ":port"/);
    }
    assert.equal(buildConfig({ server: { address: '[::1]:9000' } }, 'x').server.host, '::1');
  });

  it('reports a provider type typo once, not again for its keys or for the models naming it', () => {
    const problems = problemsOf(() =>
      buildConfig({ providers: { g: { type: 'gooogle', api_key: 'k', whatever: 1 } }, models: [{ name: 'm', provider: 'g' }] }, 'x'),
    );
    assert.deepEqual(problems, [
      'providers.g.type: unknown provider type "gooogle"; did you mean "google"? (known: openai, azureopenai, anthropic, azureanthropic, google, vertexai)',
    ]);
  });

  it('refuses Vertex AI api_key together with project, saying how to fix it', () => {
    const problems = problemsOf(() =>
      buildConfig({ providers: { v: { type: 'vertexai', api_key: 'k', project: 'p', location: 'us-central1' } } }, 'x'),
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^providers\.v: api_key .*express mode.* cannot be combined with project: remove api_key .* or remove project/);
    assert.equal(buildConfig({ providers: { v: { type: 'vertexai', api_key: 'k' } } }, 'x').providers.v.apiKey, 'k');
  });

  it('takes a model circuit_breaker over its provider, key by key', () => {
    const config = buildConfig(
      {
        providers: { openai: { type: 'openai', api_key: 'k', circuit_breaker: { minimum_requests: 2, timeout: '10s' } } },
        models: [
          { name: 'a', provider: 'openai', circuit_breaker: { failure_ratio: 0.9 } },
          { name: 'b', provider: 'openai' },
        ],
      },
      'x',
    );
    assert.deepEqual(config.models[0].circuitBreaker, { ...config.providers.openai.circuitBreaker, failureRatio: 0.9 });
    assert.equal(config.models[0].circuitBreaker?.minimumRequests, 2);
    assert.equal(config.models[0].circuitBreaker?.timeoutMs, 10_000);
    assert.equal(config.models[1].circuitBreaker, undefined);
  });

  it('names the file in YAML errors and says when the file is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'latticelm-config-'));
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'server:\n  address: [\n');
    assert.throws(() => readConfigFile(broken, {}), (error: Error) => error.message.startsWith(`${broken}: invalid YAML:`) && /line \d+/.test(error.message));
    const missing = join(dir, 'missing.yaml');
    assert.throws(() => readConfigFile(missing, {}), { message: `cannot read config file ${missing}: no such file` });
  });
});
