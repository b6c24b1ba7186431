import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_KEY_FORM, createKeyBody } from './key-form';

describe('createKeyBody', () => {
  it('sends only what was filled in, in the admin API names', () => {
    assert.deepEqual(createKeyBody({ ...EMPTY_KEY_FORM, name: ' checkout ' }), { ok: true, body: { name: 'checkout' } });
    assert.deepEqual(
      createKeyBody({
        ...EMPTY_KEY_FORM,
        name: 'checkout',
        owner: 'team-payments',
        models: 'gpt-4o-mini, claude-*\ngemini-2.5-flash',
        requestsPerMinute: '600',
        tokensPerMinute: '200000',
        budgetUsd: '50',
        budgetPeriod: 'day',
        budgetMode: 'soft',
        expiresAt: '2027-01-01',
        metadata: 'cost_center=42\n team = payments ',
      }),
      {
        ok: true,
        body: {
          name: 'checkout',
          owner: 'team-payments',
          models: ['gpt-4o-mini', 'claude-*', 'gemini-2.5-flash'],
          limits: { requests_per_minute: 600, tokens_per_minute: 200000 },
          budget: { usd: 50, period: 'day', mode: 'soft' },
          expires_at: '2027-01-01T00:00:00.000Z',
          metadata: { cost_center: '42', team: 'payments' },
        },
      },
    );
  });

  it('reads a datetime-local expiry as UTC', () => {
    const result = createKeyBody({ ...EMPTY_KEY_FORM, name: 'x', expiresAt: '2027-01-01T12:30' });
    assert.deepEqual(result, { ok: true, body: { name: 'x', expires_at: '2027-01-01T12:30:00.000Z' } });
  });

  it('names the field that is wrong', () => {
    assert.deepEqual(createKeyBody(EMPTY_KEY_FORM), { ok: false, field: 'name', message: 'A name is required.' });
    assert.equal((createKeyBody({ ...EMPTY_KEY_FORM, name: 'x', requestsPerMinute: '1.5' }) as { field: string }).field, 'requestsPerMinute');
    assert.equal((createKeyBody({ ...EMPTY_KEY_FORM, name: 'x', budgetUsd: '-1' }) as { field: string }).field, 'budgetUsd');
    assert.equal((createKeyBody({ ...EMPTY_KEY_FORM, name: 'x', expiresAt: 'soon' }) as { field: string }).field, 'expiresAt');
    assert.equal((createKeyBody({ ...EMPTY_KEY_FORM, name: 'x', metadata: 'novalue' }) as { field: string }).field, 'metadata');
  });
});
