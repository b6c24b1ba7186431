import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Browser, Page, chromium } from 'playwright-core';
import { RunningGateway, startGateway } from '../support/gateway-harness';

const CHROMIUM = process.env.LATTICELM_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const missing = existsSync(CHROMIUM) ? false : `chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
if (missing && process.env.LATTICELM_REQUIRE_SERVICES === '1') throw new Error(missing);

describe('Swagger UI in headless Chromium', { skip: missing }, () => {
  let gateway: RunningGateway;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];

  before(async () => {
    gateway = await startGateway({ server: { docs_enabled: true } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
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
  });

  it('renders POST /v1/responses from the Open Responses document', async () => {
    await page.goto(`${gateway.url}/docs`);
    const operation = page.locator('#operations-Responses-createResponse');
    await operation.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await operation.textContent()) ?? '', /POST\s*\/v1\/responses/);
    for (const path of ['/v1/responses/{id}/input_items', '/v1/models', '/health', '/ready']) {
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

  it('loaded nothing from another origin and ran without script errors', () => {
    assert.deepEqual(foreignRequests, []);
    assert.deepEqual(pageErrors, []);
  });
});
