import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FakeOpenAI } from '../fakes/fake-openai';
import { chromiumMissing, launchChromium } from '../support/chromium';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { OidcIssuer } from '../support/oidc-issuer';

const missing = chromiumMissing();

describe('Swagger UI in headless Chromium', { skip: missing }, () => {
  const openai = new FakeOpenAI('openai', 'sk-openai');
  const issuer = new OidcIssuer();
  let gateway: RunningGateway;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];

  before(async () => {
    await Promise.all([openai.start(), issuer.start()]);
    gateway = await startGateway({
      server: { docs_enabled: true },
      admin: { enabled: true },
      observability: { enabled: true, metrics: { enabled: true, path: '/metrics' } },
      providers: { openai: { type: 'openai', api_key: 'sk-openai', endpoint: `${openai.url}/v1`, max_retries: 0 } },
      models: [{ name: 'docs-model', provider: 'openai', provider_model_id: 'gpt-5' }],
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(gateway.url) && !url.startsWith('data:')) foreignRequests.push(url);
    });
  });
  after(async () => {
    await browser?.close();
    await gateway?.close();
    await Promise.all([openai.stop(), issuer.stop()]);
  });

  it('renders POST /v1/responses from the Open Responses document', async () => {
    await page.goto(`${gateway.url}/docs`);
    const operation = page.locator('#operations-Responses-createResponse');
    await operation.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await operation.textContent()) ?? '', /POST\s*\/v1\/responses/);
    for (const path of ['/v1/responses/{id}/input_items', '/v1/models', '/health', '/ready', '/admin/api/providers', '/metrics']) {
      assert.ok(await page.locator(`.opblock-summary-path[data-path="${path}"]`).count(), path);
    }
    assert.match((await page.locator('.info .title').textContent()) ?? '', /latticelm/);
  });

  it('expands the operation to the CreateResponseBody request and the SSE answer', async () => {
    await page.locator('#operations-Responses-createResponse .opblock-summary').click();
    const body = page.locator('#operations-Responses-createResponse .opblock-body');
    await body.locator('.responses-wrapper').waitFor({ state: 'visible', timeout: 10_000 });
    const text = (await body.textContent()) ?? '';
    assert.match(text, /application\/json/);
    for (const status of ['200', '400', '429', '504']) assert.ok(await body.locator(`tr.response[data-code="${status}"]`).count(), status);
    const screenshot = join(mkdtempSync(join(tmpdir(), 'latticelm-docs-')), 'swagger-ui.png');
    await page.screenshot({ path: screenshot, fullPage: false });
    assert.ok(statSync(screenshot).size > 10_000, 'screenshot has content');
    process.stdout.write(`# screenshot: ${screenshot}\n`);
  });

  it('answers the first "Try it out" → Execute with a 200 from the configured model', async () => {
    assert.equal(await page.locator('.auth-wrapper .authorize').count(), 0, 'no Authorize button while auth is off');
    const operation = page.locator('#operations-Responses-createResponse');
    await operation.locator('.try-out__btn').click();
    const body = operation.locator('textarea.body-param__text');
    await body.waitFor({ state: 'visible', timeout: 10_000 });
    const request = JSON.parse(await body.inputValue()) as { model: string; input: string };
    assert.deepEqual(Object.keys(request).sort(), ['input', 'model']);
    assert.equal(request.model, 'docs-model');
    openai.enqueue({ kind: 'text', text: 'Hello there, nice to meet!' });
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table tbody .response-col_status');
    await status.first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal((await status.first().textContent())?.trim(), '200');
    assert.match((await operation.locator('.live-responses-table tbody .response-col_description').first().textContent()) ?? '', /Hello there, nice to meet!/);
    assert.equal(openai.requests.at(-1)?.body?.model, 'gpt-5', 'the configured model reached its vendor id');
  });

  it('shows the Authorize button when auth is on', async () => {
    const guarded = await startGateway({ auth: { enabled: true, issuer: issuer.issuer, audience: issuer.audience } });
    const second = await browser.newPage();
    try {
      await second.goto(`${guarded.url}/docs`);
      await second.locator('.auth-wrapper .authorize').waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await second.locator('.auth-wrapper .authorize').count(), 1);
    } finally {
      await second.close();
      await guarded.close();
    }
  });

  it('loaded nothing from another origin and ran without script errors', () => {
    assert.deepEqual(foreignRequests, []);
    assert.deepEqual(pageErrors, []);
  });
});
