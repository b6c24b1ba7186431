import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError, GatewayEventMap, GatewayEvents, RequestScope } from '@latticelm/api';
import type { ApiKeyBudget } from '@latticelm/config';
import { BudgetLedger, BudgetedKey } from './budget-ledger';
import { spendView } from './budget-view';
import { MemorySpendCounter } from './memory-spend-counter';
import { MemoryOwnerBudgetStore } from './owner-budget.store';
import { OwnerBudgets } from './owner-budgets';

const START = Date.parse('2026-01-31T23:59:00Z');
const CENT = 0.01;

function setup(ownerBudgets: { owner: string; budget: ApiKeyBudget }[] = []) {
  let now = START;
  const events = new GatewayEvents();
  const heard: GatewayEventMap['budget.exceeded'][] = [];
  const unpriced: GatewayEventMap['budget.unpriced'][] = [];
  events.on('budget.exceeded', (event) => heard.push(event));
  events.on('budget.unpriced', (event) => unpriced.push(event));
  const owners = new OwnerBudgets(new MemoryOwnerBudgetStore(), ownerBudgets, 30_000);
  const logged: string[] = [];
  const ledger = new BudgetLedger(new MemorySpendCounter(() => now), owners, () => now, events, true, (line) => logged.push(line));
  return {
    ledger,
    logged,
    heard,
    unpriced,
    advance: (ms: number) => (now += ms),
    /** one request by the key that cost `usd` */
    spend: (key: BudgetedKey, usd: number) => ledger.record(key, scope(usd), ledger.budgetsOf(key).length > 0),
    check: (key: BudgetedKey) => ledger.check(ledger.budgetsOf(key)),
  };
}

const scope = (costUsd?: number, costUnknown?: boolean): RequestScope => ({ requestId: 'req', costUsd, costUnknown });
const key = (budget: ApiKeyBudget | null, owner = 'team-a', id = 'key_1'): BudgetedKey => ({ id, name: id, owner, budget });

async function refusal(promise: Promise<void>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('the request was admitted');
}

describe('BudgetLedger', () => {
  it('serves the request that crosses a hard budget and refuses the next with 429 insufficient_quota', async () => {
    const { spend, check, heard } = setup();
    const capped = key({ usd: 3 * CENT, period: 'month', mode: 'hard' });
    await check(capped);
    await spend(capped, 2 * CENT);
    await check(capped);
    await spend(capped, 2 * CENT);
    const error = await refusal(check(capped));
    assert.equal(error.status, 429);
    assert.equal(error.type, 'insufficient_quota');
    assert.equal(error.code, 'insufficient_quota');
    assert.equal(error.message, "API key 'key_1' has reached its month budget of $0.03 (hard): $0.04 spent since 2026-01-01T00:00:00Z. It resets at 2026-02-01T00:00:00Z.");
    assert.deepEqual(error.responseHeaders(), {
      'ratelimit-limit': '0.03',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '60',
      'retry-after': '60',
      'x-latticelm-ratelimit-exceeded': 'key_budget',
    });
    assert.deepEqual(heard, [{ scope: 'key', mode: 'hard' }]);
  });

  it('refuses once the spend equals the budget exactly, and starts over with the next month', async () => {
    const { spend, check, advance } = setup();
    const capped = key({ usd: 5 * CENT, period: 'month', mode: 'hard' });
    await spend(capped, 2 * CENT);
    await spend(capped, 3 * CENT);
    await refusal(check(capped));
    advance(60_000);
    await check(capped);
  });

  it('keeps a day budget per UTC day and a total one for ever', async () => {
    const { spend, check, advance } = setup();
    const daily = key({ usd: CENT, period: 'day', mode: 'hard' }, 'team-a', 'key_day');
    const lifetime = key({ usd: CENT, period: 'total', mode: 'hard' }, 'team-b', 'key_total');
    await spend(daily, CENT);
    await spend(lifetime, CENT);
    await refusal(check(daily));
    const total = await refusal(check(lifetime));
    assert.equal(total.responseHeaders()['retry-after'], undefined, 'a total budget never resets');
    assert.equal(total.responseHeaders()['ratelimit-reset'], undefined);
    assert.match(total.message, /total budget of \$0\.01 \(hard\): \$0\.01 spent\. It does not reset/);
    advance(60_000 + 86_400_000 - 1);
    await check(daily);
    await refusal(check(lifetime));
  });

  it('serves a request over a soft budget, and says so on the event bus', async () => {
    const { spend, check, heard, logged, advance } = setup();
    const soft = key({ usd: CENT, period: 'month', mode: 'soft' });
    await spend(soft, 2 * CENT);
    await check(soft);
    await check(soft);
    assert.deepEqual(heard, [
      { scope: 'key', mode: 'soft' },
      { scope: 'key', mode: 'soft' },
    ]);
    assert.deepEqual(logged, ["API key 'key_1' has reached its month budget of $0.01 (soft): $0.02 spent since 2026-01-01T00:00:00Z; requests are still served (soft budget)"], 'one line a period');
    advance(60_000);
    await spend(soft, 2 * CENT);
    await check(soft);
    assert.equal(logged.length, 2, 'and again in the next');
    assert.match(logged[1], /since 2026-02-01T00:00:00Z/);
  });

  it("adds every key's spend to its owner, whose budget applies to all of its keys", async () => {
    const { spend, check, ledger } = setup([{ owner: 'team-a', budget: { usd: 3 * CENT, period: 'day', mode: 'hard' } }]);
    const first = key(null, 'team-a', 'key_a1');
    const second = key({ usd: 100, period: 'month', mode: 'hard' }, 'team-a', 'key_a2');
    const elsewhere = key(null, 'team-b', 'key_b');
    await spend(first, 2 * CENT);
    await check(second);
    await spend(second, 2 * CENT);
    const error = await refusal(check(first));
    assert.match(error.message, /^owner 'team-a' has reached its day budget of \$0\.03 \(hard\): \$0\.04 spent since 2026-01-31T00:00:00Z/);
    assert.equal(error.headers['x-latticelm-ratelimit-exceeded'], 'owner_budget');
    await refusal(check(second));
    await check(elsewhere);
    const [owner, keyA1] = await ledger.spendOf([
      { scope: 'owner', id: 'team-a' },
      { scope: 'key', id: 'key_a1' },
    ]);
    assert.deepEqual(owner, { day: 0.04, month: 0.04, total: 0.04 });
    assert.deepEqual(keyA1, { day: 0.02, month: 0.02, total: 0.02 });
  });

  it('records nothing for a request no vendor billed, and counts one of unknown cost without guessing', async () => {
    const { ledger, check, unpriced } = setup();
    const capped = key({ usd: CENT, period: 'total', mode: 'hard' });
    await ledger.record(capped, scope(), true);
    await ledger.record(capped, scope(0.5, true), true);
    await ledger.record(key(null, 'team-a', 'key_free'), scope(undefined, true), false);
    await check(capped);
    assert.deepEqual(unpriced, [{ budgeted: true }, { budgeted: false }]);
  });

  it('sums in integer nano-USD, so a thousand small costs add up exactly', async () => {
    const { spend, ledger } = setup();
    const busy = key(null);
    for (let i = 0; i < 1000; i++) await spend(busy, 0.0000061);
    const [totals] = await ledger.spendOf([{ scope: 'key', id: 'key_1' }]);
    assert.equal(totals.total, 0.0061);
  });
});

describe('spendView', () => {
  const totals = { day: 0.5, month: 12.000018, total: 40 };
  const now = Date.parse('2026-03-09T12:00:00Z');

  it("shows the budget period's spend, its bounds and what is left", () => {
    assert.deepEqual(spendView({ usd: 50, period: 'month', mode: 'hard' }, totals, now), {
      spend_usd: 12.000018,
      spend: { day_usd: 0.5, month_usd: 12.000018, total_usd: 40 },
      budget_period_start: Date.parse('2026-03-01T00:00:00Z') / 1000,
      budget_period_end: Date.parse('2026-04-01T00:00:00Z') / 1000,
      budget_remaining_usd: 37.999982,
    });
    assert.equal(spendView({ usd: 10, period: 'total', mode: 'soft' }, totals, now).budget_remaining_usd, 0, 'never below zero');
    assert.equal(spendView({ usd: 10, period: 'total', mode: 'soft' }, totals, now).budget_period_start, null);
  });

  it('shows the total without a budget', () => {
    assert.deepEqual(spendView(null, totals, now), { spend_usd: 40, spend: { day_usd: 0.5, month_usd: 12.000018, total_usd: 40 } });
  });
});
