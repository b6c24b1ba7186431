import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCompact, formatCount, formatDate, formatMs, formatTime, formatUsd, toEpochMs } from './format';

describe('console formatters', () => {
  it('writes dollars with cents, and fractions of a cent with four significant digits', () => {
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(1234.5), '$1,234.50');
    assert.equal(formatUsd(0.25), '$0.25');
    assert.equal(formatUsd(0.0003675), '$0.0003675');
    assert.equal(formatUsd(0.00012345678), '$0.0001235');
    assert.equal(formatUsd(-2), '-$2.00');
    assert.equal(formatUsd(null), '—');
    assert.equal(formatUsd(Number.NaN), '—');
  });

  it('writes counts in full and compactly', () => {
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(formatCount(undefined), '—');
    assert.equal(formatCompact(1234567), '1.2M');
    assert.equal(formatCompact(950), '950');
  });

  it('writes milliseconds as ms, seconds or minutes', () => {
    assert.equal(formatMs(849.6), '850 ms');
    assert.equal(formatMs(1234), '1.23 s');
    assert.equal(formatMs(12_345), '12.3 s');
    assert.equal(formatMs(61_000), '1m 1s');
    assert.equal(formatMs(null), '—');
  });

  it('reads the API times (Unix seconds or ISO 8601) and writes them in UTC', () => {
    assert.equal(toEpochMs(1_700_000_000), 1_700_000_000_000);
    assert.equal(toEpochMs('1700000000'), 1_700_000_000_000);
    assert.equal(toEpochMs('2026-05-04T13:07:09.123Z'), Date.UTC(2026, 4, 4, 13, 7, 9, 123));
    assert.ok(Number.isNaN(toEpochMs('soon')));
    assert.equal(formatTime(1_700_000_000), '2023-11-14 22:13:20');
    assert.equal(formatTime(null), '—');
    assert.equal(formatDate('2027-01-01T00:00:00Z'), '2027-01-01');
    assert.equal(formatDate(null, 'never'), 'never');
  });
});
