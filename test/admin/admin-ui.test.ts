import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FakeOpenAI } from '../fakes/fake-openai';
import { chromiumMissing, launchChromium, watchPage } from '../support/chromium';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { OidcIssuer } from '../support/oidc-issuer';

const missing = chromiumMissing();
const API_KEY = 'sk-live-SECRET-browser-789';
const PG_PASSWORD = 'pg-SECRET-browser';

/** The console signed in with OIDC tokens (auth as before API keys): the admin claim opens it, its lack is said. */
describe('admin console with OIDC sign-in, in headless Chromium', { skip: missing }, () => {
  const issuer = new OidcIssuer();
  const openai = new FakeOpenAI('openai', API_KEY);
  let gateway: RunningGateway;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    await Promise.all([issuer.start(), openai.start()]);
    gateway = await startGateway({
      providers: { openai: { type: 'openai', api_key: API_KEY, endpoint: `${openai.url}/v1` } },
      models: [{ name: 'gpt-4o-mini', provider: 'openai', provider_model_id: 'gpt-4o-mini-2024-07-18' }],
      conversations: { store: 'memory', driver: 'postgres', dsn: `postgres://gw:${PG_PASSWORD}@db:5432/gw` },
      auth: { enabled: true, issuer: issuer.issuer, audience: issuer.audience },
      admin: { enabled: true },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // the 401/403 answers the console is made to provoke, and the usage log's routes where it is not built
    pageErrors = watchPage(page, (status, path) => (path === '/admin/api/info' && status <= 403) || /^\/admin\/api\/(usage|requests)$/.test(path));
  });
  after(async () => {
    await browser?.close();
    await gateway?.close();
    await Promise.all([issuer.stop(), openai.stop()]);
  });

  async function signIn(token: string): Promise<void> {
    await page.getByLabel('Admin key or token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('asks for a credential when auth is on', async () => {
    await page.goto(`${gateway.url}/admin/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.locator('#sign-in-problem').count(), 0, 'no error before anything was tried');
  });

  it('says so when the token has no admin rights', async () => {
    await signIn(await issuer.token({ roles: ['user'] }));
    await page.locator('#sign-in-problem').filter({ hasText: /Not allowed with this credential: admin access requires the 'roles' claim/ }).waitFor();
  });

  it('opens with an admin token: providers with their circuits, and the configuration as YAML with secrets masked', async () => {
    await signIn(await issuer.token({ roles: ['admin'] }));
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Providers' }).click();
    const row = page.locator('#provider-list tr[data-provider="openai"]');
    await row.filter({ hasText: 'gpt-4o-mini → gpt-4o-mini-2024-07-18' }).waitFor();
    assert.match((await row.textContent()) ?? '', /available.*closed/);
    await page.locator('#health-checks').filter({ hasText: /conversation_store\s*healthy/ }).waitFor();

    await page.getByRole('link', { name: 'Configuration' }).click();
    const yaml = (await page.locator('#config-yaml').textContent()) ?? '';
    assert.match(yaml, /\n {2}openai:\n {4}type: openai\n {4}api_key: "\*{8}"\n/);
    assert.match(yaml, /dsn: "?postgres:\/\/gw:\*{8}@db:5432\/gw"?\n/);
    assert.match(yaml, /\n {2}admin_claim: roles\n/);
    const html = await page.content();
    for (const secret of [API_KEY, PG_PASSWORD]) assert.ok(!html.includes(secret), `page shows ${secret}`);
  });

  it('keeps the credential for the tab (sessionStorage) across a reload, and forgets it on sign-out', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Configuration' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  });

  it('ran without script errors or CSP violations', () => {
    assert.deepEqual(pageErrors, []);
  });
});
