import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '@latticelm/api';
import { parseRecentQuery, parseTime, parseUsageQuery } from './usage-query';

const NOW = Date.parse('2026-03-10T12:34:56Z');

function refused(run: () => unknown): { param: string | null; message: string; status: number } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof GatewayError);
    return { param: error.param, message: error.message, status: error.status };
  }
  assert.fail('expected a 400');
}

describe('usage query parameters', () => {
  it('defaults to group_by=day over the last 7 days', () => {
    assert.deepEqual(parseUsageQuery({}, NOW), { groupBy: 'day', from: NOW - 7 * 86_400_000, to: NOW, filters: {} });
  });

  it('reads every group_by, the filters, and from/to as ISO 8601 or unix seconds', () => {
    for (const groupBy of ['key', 'owner', 'model', 'provider', 'day', 'hour']) assert.equal(parseUsageQuery({ group_by: groupBy }, NOW).groupBy, groupBy);
    const query = parseUsageQuery({ group_by: 'key', from: '2026-03-01', to: '1773100800', key_id: 'key_1', owner: 'team-a', model: 'gpt-4o-mini', provider: 'openai' }, NOW);
    assert.deepEqual(query, {
      groupBy: 'key',
      from: Date.parse('2026-03-01T00:00:00Z'),
      to: 1_773_100_800_000,
      filters: { keyId: 'key_1', owner: 'team-a', model: 'gpt-4o-mini', provider: 'openai' },
    });
  });

  it('takes times without an offset as UTC, with one as given, and refuses what is not ISO 8601', () => {
    assert.equal(parseTime('2026-03-01T10:00'), Date.parse('2026-03-01T10:00:00Z'));
    assert.equal(parseTime('2026-03-01T10:00:00.250+02:00'), Date.parse('2026-03-01T08:00:00.250Z'));
    assert.equal(parseTime('1700000000.5'), 1_700_000_000_500);
    for (const bad of ['March 7', '2026-13-01', '2026-03-01T25:00', 'yesterday', '-5', '1e9']) assert.equal(parseTime(bad), undefined, bad);
  });

  it('answers 400 naming the parameter for every bad value', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ group_by: 'week' }, 'group_by', /one of key, owner, model, provider, day, hour/],
      [{ from: 'last tuesday' }, 'from', /ISO 8601/],
      [{ to: 'soon' }, 'to', /ISO 8601/],
      [{ from: '2026-03-05', to: '2026-03-01' }, 'from', /before to/],
      [{ owner: ['a', 'b'] }, 'owner', /once/],
      [{ model: '' }, 'model', /empty/],
      [{ key_id: 'k'.repeat(300) }, 'key_id', /255/],
      [{ groupby: 'key' }, 'groupby', /unknown query parameter/],
    ];
    for (const [params, param, message] of cases) {
      const error = refused(() => parseUsageQuery(params, NOW));
      assert.equal(error.status, 400);
      assert.equal(error.param, param);
      assert.match(error.message, message);
    }
  });
});

describe('recent requests parameters', () => {
  it('defaults to 50, and reads limit, before, status (a number or an outcome) and the filters', () => {
    assert.deepEqual(parseRecentQuery({}), { limit: 50, filters: {} });
    assert.deepEqual(parseRecentQuery({ limit: '10', before: '2026-03-01T00:00:00.123Z', status: '429', model: 'm' }), {
      limit: 10,
      before: Date.parse('2026-03-01T00:00:00.123Z'),
      status: 429,
      filters: { model: 'm' },
    });
    assert.equal(parseRecentQuery({ status: 'stream_failed' }).status, 'stream_failed');
  });

  it('answers 400 naming the parameter', () => {
    for (const [params, param] of [
      [{ limit: '0' }, 'limit'],
      [{ limit: '1001' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ before: 'noon' }, 'before'],
      [{ status: '700' }, 'status'],
      [{ status: 'broken' }, 'status'],
      [{ group_by: 'key' }, 'group_by'],
    ] as const) {
      assert.equal(refused(() => parseRecentQuery(params)).param, param);
    }
  });
});
