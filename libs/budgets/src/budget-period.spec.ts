import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CurrentPeriods, PERIOD_RETENTION_MS, periodWindow, retainUntil, secondsToEnd } from './budget-period';

const at = (iso: string) => Date.parse(iso);

describe('periodWindow', () => {
  it('names UTC calendar days, including the last millisecond of one and the first of the next', () => {
    assert.deepEqual(periodWindow('day', at('2026-03-09T23:59:59.999Z')), {
      period: 'day',
      label: 'day:2026-03-09',
      start: at('2026-03-09T00:00:00Z'),
      end: at('2026-03-10T00:00:00Z'),
    });
    assert.equal(periodWindow('day', at('2026-03-10T00:00:00.000Z')).label, 'day:2026-03-10');
  });

  it('is UTC whatever the offset the instant was written with', () => {
    // 23:30 in New York is already the next day in UTC
    assert.equal(periodWindow('day', at('2026-07-04T23:30:00-04:00')).label, 'day:2026-07-05');
    assert.equal(periodWindow('month', at('2026-01-31T20:00:00-05:00')).label, 'month:2026-02');
  });

  it('rolls months over at their end: 30 and 31 days, February in a leap year, December into January', () => {
    assert.deepEqual(periodWindow('month', at('2026-04-30T23:59:59.999Z')), {
      period: 'month',
      label: 'month:2026-04',
      start: at('2026-04-01T00:00:00Z'),
      end: at('2026-05-01T00:00:00Z'),
    });
    assert.equal(periodWindow('month', at('2028-02-29T12:00:00Z')).end, at('2028-03-01T00:00:00Z'));
    const december = periodWindow('month', at('2026-12-31T23:59:59.999Z'));
    assert.equal(december.label, 'month:2026-12');
    assert.equal(december.end, at('2027-01-01T00:00:00Z'));
    assert.equal(periodWindow('month', at('2027-01-01T00:00:00Z')).label, 'month:2027-01');
    assert.equal(periodWindow('day', at('2026-12-31T12:00:00Z')).end, at('2027-01-01T00:00:00Z'));
  });

  it('has one total period that never starts nor ends', () => {
    assert.deepEqual(periodWindow('total', at('2026-05-05T05:05:05Z')), { period: 'total', label: 'total', start: null, end: null });
  });
});

describe('secondsToEnd and retainUntil', () => {
  it('counts whole seconds to the end, at least one, and none for total', () => {
    const now = at('2026-03-09T23:59:58.250Z');
    assert.equal(secondsToEnd(periodWindow('day', now), now), 2);
    const last = at('2026-03-09T23:59:59.999Z');
    assert.equal(secondsToEnd(periodWindow('day', last), last), 1);
    assert.equal(secondsToEnd(periodWindow('month', now), now), 22 * 86_400 + 2);
    assert.equal(secondsToEnd(periodWindow('total', now), now), undefined);
  });

  it('keeps a counter a day past its period, and a total one for ever', () => {
    const window = periodWindow('month', at('2026-03-09T12:00:00Z'));
    assert.equal(retainUntil(window), at('2026-04-01T00:00:00Z') + PERIOD_RETENTION_MS);
    assert.equal(retainUntil(periodWindow('total', 0)), null);
  });
});

describe('CurrentPeriods', () => {
  it('keeps a window while it lasts and moves on at its end, or back with a clock set back', () => {
    const periods = new CurrentPeriods();
    const first = periods.of('day', at('2026-03-09T10:00:00Z'));
    assert.equal(periods.of('day', at('2026-03-09T23:59:59.999Z')), first, 'the same object: nothing computed');
    assert.equal(periods.of('day', at('2026-03-10T00:00:00Z')).label, 'day:2026-03-10');
    assert.equal(periods.of('day', at('2026-03-09T12:00:00Z')).label, 'day:2026-03-09');
    assert.equal(periods.of('month', at('2026-12-31T23:59:59Z')).label, 'month:2026-12');
    assert.equal(periods.of('month', at('2027-01-01T00:00:00Z')).label, 'month:2027-01');
    assert.equal(periods.of('total', 0), periods.of('total', at('2099-01-01T00:00:00Z')));
  });
});
