import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '@google/genai';
import { GatewayError } from '@latticelm/api';
import { ClientAbortedError, upstreamTimeout } from '../upstream-error';
import { mapGeminiError } from './gemini-error';
import { GeminiCallFetch } from './gemini-fetch';

/** ApiError as the SDK builds it: the JSON error body stringified into `message`. */
function apiError(status: number, body: unknown): ApiError {
  return new ApiError({ status, message: JSON.stringify(body) });
}

function asGatewayError(error: Error): GatewayError {
  assert.ok(error instanceof GatewayError, `expected a GatewayError, got ${error.name}: ${error.message}`);
  return error;
}

describe('mapGeminiError', () => {
  it('keeps a 400 with the vendor message and the violated field as param', () => {
    const error = asGatewayError(
      mapGeminiError(
        'google',
        apiError(400, {
          error: {
            code: 400,
            message: '* GenerateContentRequest.contents: contents is not specified',
            status: 'INVALID_ARGUMENT',
            details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'contents', description: 'missing' }] }],
          },
        }),
      ),
    );
    assert.equal(error.status, 400);
    assert.equal(error.message, 'google: * GenerateContentRequest.contents: contents is not specified');
    assert.equal(error.param, 'contents');
  });

  it('reads the wait from google.rpc.RetryInfo on a 429', () => {
    const error = asGatewayError(
      mapGeminiError(
        'google',
        apiError(429, {
          error: {
            code: 429,
            message: 'You exceeded your current quota.',
            status: 'RESOURCE_EXHAUSTED',
            details: [
              { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] },
              { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' },
            ],
          },
        }),
      ),
    );
    assert.equal(error.status, 429);
    assert.equal(error.retryAfter, 37);
    assert.match(error.message, /exceeded your current quota/);
  });

  it('prefers a Retry-After header the fetch saw', () => {
    const error = asGatewayError(
      mapGeminiError('vertex', apiError(429, { error: { code: 429, message: 'Resource exhausted.', status: 'RESOURCE_EXHAUSTED' } }), undefined, { attempted: true, responseHeaders: new Headers({ 'retry-after': '5' }) }),
    );
    assert.equal(error.retryAfter, 5);
  });

  it('maps a vendor 5xx to 502 and unwraps a body served as text or inside a stream error chunk', () => {
    const wrapped = apiError(503, { error: { message: JSON.stringify({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }), code: 503, status: 'Service Unavailable' } });
    const fromText = asGatewayError(mapGeminiError('google', wrapped));
    assert.equal(fromText.status, 502);
    assert.match(fromText.message, /google: The model is overloaded\. \(upstream status 503\)/);
    const chunk = new ApiError({ status: 500, message: `got status: INTERNAL. ${JSON.stringify({ error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } })}` });
    assert.match(asGatewayError(mapGeminiError('google', chunk)).message, /Internal error encountered\./);
    const vertexArray = apiError(500, [{ error: { code: 500, message: 'Vertex broke.', status: 'INTERNAL' } }]);
    assert.match(asGatewayError(mapGeminiError('vertex', vertexArray)).message, /Vertex broke\./);
  });

  it('maps aborts, passes gateway errors through and reports other failures as a broken stream', () => {
    const controller = new AbortController();
    controller.abort();
    assert.ok(mapGeminiError('google', new Error('This operation was aborted'), controller.signal) instanceof ClientAbortedError);
    const timeout = upstreamTimeout('google');
    assert.equal(mapGeminiError('google', timeout), timeout);
    assert.equal(asGatewayError(mapGeminiError('google', new TypeError('terminated'))).code, 'upstream_stream_error');
  });
});

describe('GeminiCallFetch', () => {
  const hanging: typeof fetch = (_input, init) =>
    new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));

  it('times out when no response headers arrive within request_timeout', async () => {
    const call = new GeminiCallFetch(hanging, 'google', 5);
    await assert.rejects(call.fetch('http://gemini.invalid/'), (error: unknown) => error instanceof GatewayError && error.code === 'upstream_timeout');
  });

  it('rethrows the caller’s abort as is, and a refused connection as unreachable', async () => {
    const controller = new AbortController();
    const call = new GeminiCallFetch(hanging, 'google', 60_000);
    const pending = call.fetch('http://gemini.invalid/', { signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, (error: unknown) => error instanceof DOMException && error.name === 'AbortError');
    const refused: typeof fetch = () => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }));
    await assert.rejects(
      new GeminiCallFetch(refused, 'google', 60_000).fetch('http://127.0.0.1:1/'),
      (error: unknown) => error instanceof GatewayError && error.code === 'upstream_unreachable' && /ECONNREFUSED/.test(error.message),
    );
  });

  it('keeps the response headers for error mapping', async () => {
    const call = new GeminiCallFetch(async () => new Response('{}', { status: 429, headers: { 'retry-after': '3' } }), 'google', 60_000);
    await call.fetch('http://gemini.invalid/');
    assert.equal(call.responseHeaders?.get('retry-after'), '3');
  });
});
