import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { documentOptions, gatewayOpenApiDocument } from '../../apps/gateway/src/api-docs';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { OidcIssuer } from '../support/oidc-issuer';

describe('API reference over HTTP (auth and a one-request rate limit on)', () => {
  const issuer = new OidcIssuer();
  let gateway: RunningGateway;

  before(async () => {
    await issuer.start();
    gateway = await startGateway({
      auth: { enabled: true, issuer: issuer.issuer, audience: issuer.audience },
      rate_limit: { enabled: true, requests_per_second: 0.001, burst: 1 },
    });
  });
  after(async () => {
    await gateway?.close();
    await issuer.stop();
  });

  it('serves the OpenAPI 3.1 document at /docs/openapi.json, without a token, however often', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const res = await fetch(`${gateway.url}/docs/openapi.json`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const document = (await res.json()) as { openapi: string; paths: Record<string, { post?: { security?: unknown } }> };
      assert.equal(document.openapi, '3.1.0');
      assert.ok(document.paths['/v1/responses'].post);
      assert.deepEqual(document.paths['/v1/responses'].post?.security, [{ bearerAuth: [] }]);
      assert.deepEqual(document, gatewayOpenApiDocument(documentOptions(gateway.config, 'gpt-4o-mini')));
    }
  });

  it('serves Swagger UI and its assets from the gateway itself', async () => {
    const page = await fetch(`${gateway.url}/docs`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /swagger-ui-bundle\.js/);
    assert.doesNotMatch(html, /(src|href)=["']?(https?:)?\/\//i, 'no asset from another origin');
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css', 'swagger-ui-init.js']) {
      const res = await fetch(`${gateway.url}/docs/${asset}`);
      assert.equal(res.status, 200, asset);
      assert.ok((await res.arrayBuffer()).byteLength > 0, asset);
    }
  });

  it('still guards the API itself', async () => {
    const res = await fetch(`${gateway.url}/v1/models`);
    assert.equal(res.status, 401);
  });
});

describe('API reference turned off (server.docs_enabled: false)', () => {
  let gateway: RunningGateway;
  before(async () => {
    gateway = await startGateway({ server: { docs_enabled: false } });
  });
  after(() => gateway?.close());

  it('answers 404 in the error shape', async () => {
    for (const path of ['/docs', '/docs/openapi.json']) {
      const res = await fetch(`${gateway.url}${path}`);
      assert.equal(res.status, 404, path);
      const body = (await res.json()) as { error?: { type?: string } };
      assert.equal(body.error?.type, 'not_found', path);
    }
  });
});
