import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { UsageLog } from '@latticelm/usage';
import { FakeOpenAI } from '../fakes/fake-openai';
import { chromiumMissing, launchChromium, watchPage } from '../support/chromium';
import { RunningGateway, startGateway } from '../support/gateway-harness';

const missing = chromiumMissing();
const UPSTREAM_KEY = 'sk-upstream-SECRET-console';
const ADMIN_KEY = 'admin-SECRET-console-0123456789';
/** LATTICELM_CONSOLE_SCREENSHOTS=DIR keeps a screenshot of each page at both widths, to look at. */
const SCREENSHOTS = process.env.LATTICELM_CONSOLE_SCREENSHOTS;

/**
 * The admin console end to end: a real gateway with API keys on, the fake OpenAI upstream behind it, Chromium in
 * front. A key is created in the UI, its secret read off the page and used through the official openai SDK; its
 * usage and cost then show on the dashboard and the key's page; it is rotated and revoked in the UI.
 */
describe('admin console end to end, in headless Chromium', { skip: missing }, () => {
  const openai = new FakeOpenAI('openai', UPSTREAM_KEY);
  let gateway: RunningGateway;
  let log: UsageLog;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let secret = '';
  let keyId = '';
  const costs: number[] = [];

  before(async () => {
    await openai.start();
    gateway = await startGateway({
      providers: { openai: { type: 'openai', api_key: UPSTREAM_KEY, endpoint: `${openai.url}/v1`, max_retries: 0 } },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
      auth: { api_keys: { enabled: true, admin_keys: [ADMIN_KEY] } },
      admin: { enabled: true },
      observability: { enabled: true },
      // on with API keys; written only when the test flushes it
      usage_log: { flush_interval: '1h' },
    });
    log = gateway.app.get(UsageLog);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // the wrong credential tried first
    pageErrors = watchPage(page, (status, path) => path === '/admin/api/info' && status === 401);
  });
  after(async () => {
    await browser?.close();
    await gateway?.close();
    await openai.stop();
  });

  const client = (apiKey: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 });
  const go = async (link: string, heading: string | RegExp) => {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };

  it('refuses a wrong credential and signs in with the admin key', async () => {
    await page.goto(`${gateway.url}/admin/`);
    await page.getByLabel('Admin key or token').fill('lm-not-a-real-key-000000000000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#sign-in-problem').filter({ hasText: /^Sign-in required:/ }).waitFor();
    await page.getByLabel('Admin key or token').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('latticelm.admin.token')), ADMIN_KEY);
  });

  it('creates a key in the UI and shows its secret once, with its limits and budget in the list', async () => {
    await go('Keys', 'API keys');
    const form = page.locator('#create-key');
    await form.getByLabel('Name').fill('checkout');
    await form.getByLabel('Owner').fill('team-payments');
    await form.getByLabel('Allowed models').fill('gpt-4o-mini');
    await form.getByLabel('Requests per minute').fill('600');
    await form.getByLabel('Budget (USD)').fill('5');
    await form.getByRole('button', { name: 'Create key' }).click();
    secret = ((await page.locator('#new-secret').textContent()) ?? '').trim();
    assert.match(secret, /^lm-[\w-]{43}$/);
    const row = page.locator('#key-list tbody tr').filter({ hasText: 'checkout' });
    await row.waitFor();
    keyId = (await row.getAttribute('data-key-id')) ?? '';
    assert.match(keyId, /^key_/);
    const text = (await row.textContent()) ?? '';
    assert.match(text, /team-payments/);
    assert.match(text, /active/);
    assert.match(text, /600 req\/min/);
    assert.match(text, /\$5\.00 a month \(hard\)/);
    assert.ok(text.includes(`lm-…${secret.slice(-4)}`), 'the list shows the hint, not the secret');
    assert.ok(!text.includes(secret));
  });

  it('the key calls /v1/responses through the openai SDK, JSON and streamed, with a cost each', async () => {
    const { data: answer, response } = await client(secret).responses.create({ model: 'gpt-4o-mini', input: 'hello' }).withResponse();
    assert.equal(answer.status, 'completed');
    costs.push(Number(response.headers.get('x-latticelm-cost-usd')));
    const stream = await client(secret).responses.create({ model: 'gpt-4o-mini', input: 'hello again', stream: true });
    let completed: any;
    for await (const event of stream) if (event.type === 'response.completed') completed = event.response;
    assert.ok(completed, 'the stream completed');
    costs.push(completed.cost_usd);
    for (const cost of costs) assert.ok(cost > 0, `priced: ${cost}`);
  });

  it('shows the key’s requests, tokens and cost on the dashboard', async () => {
    // each request's record is made when its response closes; one flush then writes both
    await log.recorded(2);
    await log.flush();
    await go('Dashboard', 'Dashboard');
    await page.getByRole('button', { name: 'Refresh' }).click();
    const byKey = page.locator(`#usage-by-key tr[data-group="${keyId}"]`);
    await byKey.waitFor();
    const cells = await byKey.locator('td').allTextContents();
    assert.equal(cells[0], '2', 'requests');
    assert.equal(cells[2], '24', 'input tokens (12 + 12, the fake upstream’s usage)');
    assert.equal(cells[3], '14', 'output tokens');
    assert.equal(cells[4], formatUsd(costs[0] + costs[1]));
    const totals = (await page.locator('#usage-totals').textContent()) ?? '';
    assert.match(totals, /Requests2/);
    assert.match(totals, /Input tokens24/);
    assert.ok(totals.includes(`Cost${formatUsd(costs[0] + costs[1])}`), totals);
    const byModel = await page.locator('#usage-by-model tr[data-group="gpt-4o-mini"] td').allTextContents();
    assert.equal(byModel[0], '2');
    await page.getByLabel('Split by').selectOption('key');
    await page.getByRole('figure', { name: 'Requests by key' }).waitFor();
  });

  it('shows the usage, cost and recent requests on the key’s page', async () => {
    await page.locator(`#usage-by-key tr[data-group="${keyId}"] a`).click();
    await page.getByRole('heading', { level: 1, name: 'checkout' }).waitFor();
    const total = formatUsd(costs[0] + costs[1]);
    await page.locator('#key-usage-totals').filter({ hasText: total }).waitFor();
    assert.match((await page.locator('#key-usage-totals').textContent()) ?? '', /Requests2/);
    const rows = page.locator('#key-requests tbody tr');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    assert.match((await rows.nth(0).textContent()) ?? '', /200 stream.*gpt-4o-mini.*openai/, 'newest first: the streamed one');
  });

  it('lists the recent requests, filtered by key and by status', async () => {
    await go('Requests', 'Recent requests');
    const filters = page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Key id').fill(keyId);
    await filters.getByRole('button', { name: 'Apply' }).click();
    await page.locator('#request-list tbody tr').nth(1).waitFor();
    assert.equal(await page.locator('#request-list tbody tr').count(), 2);
    await filters.getByLabel('Status').fill('error');
    await filters.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No requests recorded.').waitFor();
  });

  it('shows the spend to date against the budget on the key’s page, and the owner’s spend on the keys page', async () => {
    const spent = costs[0] + costs[1];
    await page.goto(`${gateway.url}/admin/#/keys/${keyId}`);
    const tiles = page.locator('#key-spend');
    await tiles.filter({ hasText: `Spend to date${formatUsd(spent)}of $5.00 a month (hard)` }).waitFor();
    assert.ok(((await tiles.textContent()) ?? '').includes(`Budget left${formatUsd(5 - spent)}`));
    assert.ok(((await tiles.textContent()) ?? '').includes(`Spent in total${formatUsd(spent)}`));
    await go('Keys', 'API keys');
    const owner = page.locator('#owner-list tr').filter({ hasText: 'team-payments' });
    await owner.waitFor();
    assert.deepEqual(await owner.locator('td').allTextContents(), ['1', 'none', formatUsd(spent), '—']);
  });

  it('rotates the key in the UI: a new secret once, the old one valid for the grace period', async () => {
    if (!page.url().includes(`#/keys/${keyId}`)) await page.goto(`${gateway.url}/admin/#/keys/${keyId}`);
    await page.getByRole('button', { name: 'Rotate…' }).click();
    await page.getByRole('button', { name: 'Rotate key' }).click();
    await page.locator('#secret-title').filter({ hasText: 'New secret' }).waitFor();
    const rotated = ((await page.locator('#new-secret').textContent()) ?? '').trim();
    assert.match(rotated, /^lm-/);
    assert.notEqual(rotated, secret);
    assert.match((await page.locator('.secret').textContent()) ?? '', /old secret keeps working until/);
    assert.equal((await client(rotated).responses.create({ model: 'gpt-4o-mini', input: 'new' })).status, 'completed');
    assert.equal((await client(secret).responses.create({ model: 'gpt-4o-mini', input: 'old' })).status, 'completed', 'within auth.api_keys.rotation_grace');
    secret = rotated;
  });

  it('streams in the playground with the key just rotated, deltas shown as they arrive', async () => {
    openai.enqueue({ kind: 'slow', text: 'Hello from the playground', chunks: ['Hello ', 'from ', 'the ', 'playground'], gapMs: 400 });
    await go('Playground', 'Playground');
    assert.equal(await page.getByLabel('API key for /v1').inputValue(), secret, 'the secret shown in this tab is offered');
    // the first configured model, once /admin/api/providers has answered
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[name="model"]')?.value === 'gpt-4o-mini');
    await page.getByLabel('Input').fill('Say hello');
    await page.getByRole('button', { name: 'Send' }).click();
    // a part of the answer is on the page while the stream is still open
    await page.waitForFunction(() => {
      const text = document.getElementById('playground-output')?.textContent ?? '';
      return text.startsWith('Hello') && text !== 'Hello from the playground' && document.getElementById('playground-status')?.textContent === 'streaming';
    });
    await page.locator('#playground-status').filter({ hasText: 'completed' }).waitFor();
    assert.equal(await page.locator('#playground-output').textContent(), 'Hello from the playground');
    assert.equal(await page.locator('#playground-output').getAttribute('data-deltas'), '4');
    assert.match((await page.locator('#playground-cost').textContent()) ?? '', /^\$0\.0\d+/);
    assert.equal(openai.requests.at(-1)?.body?.stream, true);
  });

  it('revokes the key in the UI; its secrets are refused from then on', async () => {
    await page.goto(`${gateway.url}/admin/#/keys/${keyId}`);
    await page.getByRole('button', { name: 'Revoke…' }).click();
    await page.getByRole('button', { name: 'Revoke key' }).click();
    await page.locator('#key-title + .badge').filter({ hasText: 'revoked' }).waitFor();
    await assert.rejects(client(secret).responses.create({ model: 'gpt-4o-mini', input: 'after' }), (error: unknown) => error instanceof OpenAI.AuthenticationError);
    assert.equal(await page.getByRole('button', { name: 'Rotate…' }).count(), 0, 'nothing left to do with a revoked key');
  });

  it('lays out at 1280 and 768 pixels without sideways scrolling, every page', async () => {
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
    // the pages with every record there is (the rotated key's and the playground's requests too)
    await log.flush();
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [link, heading] of [
        ['Dashboard', 'Dashboard'],
        ['Keys', 'API keys'],
        ['Providers', 'Providers'],
        ['Requests', 'Recent requests'],
        ['Configuration', 'Configuration'],
        ['Playground', 'Playground'],
      ] as const) {
        await go(link, heading);
        const overflow = await sideways();
        assert.ok(overflow <= 0, `${link} at ${width}px scrolls sideways by ${overflow}px`);
        if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${link.toLowerCase()}-${width}.png`), fullPage: true });
      }
      await go('Keys', 'API keys');
      await page.locator('#key-list a').filter({ hasText: 'checkout' }).click();
      await page.locator('#key-requests').waitFor();
      const overflow = await sideways();
      assert.ok(overflow <= 0, `the key page at ${width}px scrolls sideways by ${overflow}px`);
      if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `key-${width}.png`), fullPage: true });
    }
  });

  it('is usable from the keyboard: a skip link first, the pages reached with Enter', async () => {
    await page.goto(`${gateway.url}/admin/#/`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.getByRole('link', { name: 'Keys', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await page.locator('#create-key').getByLabel('Name').focus();
    await page.keyboard.type('from-keyboard');
    await page.keyboard.press('Enter');
    await page.locator('#key-list tbody tr').filter({ hasText: 'from-keyboard' }).waitFor();
  });

  it('ran without script errors, CSP violations or failed requests', () => {
    assert.deepEqual(pageErrors, []);
  });
});

/** The console's own formatter, as the page writes dollars (format.spec.ts tests it). */
function formatUsd(value: number): string {
  return value >= 1 ? `$${value.toFixed(2)}` : `$${value.toPrecision(4).replace(/0+$/, '').replace(/\.$/, '')}`;
}
