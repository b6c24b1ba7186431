import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Browser, Page, chromium } from 'playwright-core';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { OidcIssuer } from '../support/oidc-issuer';

const CHROMIUM = process.env.LATTICELM_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const missing = existsSync(CHROMIUM) ? false : `chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
if (missing && process.env.LATTICELM_REQUIRE_SERVICES === '1') throw new Error(missing);

const API_KEY = 'sk-live-SECRET-browser-789';
const PG_PASSWORD = 'pg-SECRET-browser';

describe('admin page in headless Chromium', { skip: missing }, () => {
  const issuer = new OidcIssuer();
  const openai = new FakeOpenAI('openai', API_KEY);
  let gateway: RunningGateway;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    await Promise.all([issuer.start(), openai.start()]);
    gateway = await startGateway({
      providers: { openai: { type: 'openai', api_key: API_KEY, endpoint: `${openai.url}/v1` } },
      models: [{ name: 'gpt-4o-mini', provider: 'openai', provider_model_id: 'gpt-4o-mini-2024-07-18' }],
      conversations: { store: 'memory', driver: 'postgres', dsn: `postgres://gw:${PG_PASSWORD}@db:5432/gw` },
      auth: { enabled: true, issuer: issuer.issuer, audience: issuer.audience },
      admin: { enabled: true },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // the 401/403 answers the page is made to provoke are logged by Chromium as failed loads
      if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) pageErrors.push(message.text());
    });
  });
  after(async () => {
    await browser?.close();
    await gateway?.close();
    await Promise.all([issuer.stop(), openai.stop()]);
  });

  const status = () => page.locator('#status').textContent();
  const waitForStatus = (pattern: RegExp) =>
    page.waitForFunction((source) => new RegExp(source).test(document.getElementById('status')?.textContent ?? ''), pattern.source, { timeout: 10_000 });

  async function useToken(token: string): Promise<void> {
    await page.fill('#token', token);
    await page.click('#save-token');
  }

  it('asks for a token when auth is on', async () => {
    await page.goto(`${gateway.url}/admin/`);
    await waitForStatus(/bearer token is required/);
  });

  it('says so when the token has no admin rights', async () => {
    await useToken(await issuer.token({ roles: ['user'] }));
    await waitForStatus(/no admin rights/);
  });

  it('shows info, health, providers and the masked config with an admin token', async () => {
    await useToken(await issuer.token({ roles: ['admin'] }));
    await waitForStatus(/^Updated/);
    assert.match((await page.locator('#info').textContent()) ?? '', /Version\s*\d+\.\d+\.\d+/);
    assert.equal(await page.locator('#health-status').textContent(), 'healthy');
    assert.match((await page.locator('#health').textContent()) ?? '', /conversation_store\s*healthy/);
    const row = (await page.locator('#providers tr[data-provider="openai"]').textContent()) ?? '';
    assert.match(row, /gpt-4o-mini → gpt-4o-mini-2024-07-18/);
    assert.match(row, /closed/);
    const config = (await page.locator('#config').textContent()) ?? '';
    assert.match(config, /"apiKey": "\*\*\*\*\*\*\*\*"/);
    assert.match(config, /postgres:\/\/gw:\*\*\*\*\*\*\*\*@db:5432\/gw/);
    const html = await page.content();
    for (const secret of [API_KEY, PG_PASSWORD]) assert.ok(!html.includes(secret), `page shows ${secret}`);
  });

  it('keeps the token for the tab (sessionStorage) across a reload, and forgets it on request', async () => {
    await page.reload();
    await waitForStatus(/^Updated/);
    await page.click('#clear-token');
    await waitForStatus(/bearer token is required/);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  });

  it('ran without script errors or CSP violations', async () => {
    assert.deepEqual(pageErrors, []);
    assert.ok(await status());
  });
});
