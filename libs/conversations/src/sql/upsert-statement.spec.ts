import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredResponseRow } from './stored-response.entity';
import { ROW_COLUMNS, UpsertStatement, lastRowPerId, responseRowParameters } from './upsert-statement';

const quoteDouble = (name: string) => `"${name}"`;
const row = (id: string, status = 'completed'): StoredResponseRow => ({
  id,
  owner: 'alice',
  previous_response_id: null,
  model: 'm',
  provider: 'p',
  status,
  input: '[]',
  output: '[]',
  usage: null,
  response: '{}',
  created_at: 1,
  expires_at: 2,
});

const responses = (table: string) => ({ table, columns: ROW_COLUMNS, conflict: ['id'] });

describe('UpsertStatement', () => {
  it('numbers PostgreSQL parameters across rows and updates every column but the key from excluded', () => {
    const text = new UpsertStatement('postgres', responses('"t"'), quoteDouble).text(2);
    assert.match(text, /^INSERT INTO "t" \("id", "owner", .*"expires_at"\) VALUES \(\$1, .*\$12\), \(\$13, .*\$24\) ON CONFLICT \("id"\) DO UPDATE SET /);
    assert.ok(text.includes('"expires_at" = excluded."expires_at"'));
    assert.ok(!text.includes('"id" = excluded'));
  });

  it('uses ? slots and ON DUPLICATE KEY UPDATE for MySQL, with reserved words quoted', () => {
    const text = new UpsertStatement('mysql', responses('`t`'), (name) => `\`${name}\``).text(1);
    assert.match(text, /VALUES \((\?, ){11}\?\) ON DUPLICATE KEY UPDATE `owner` = VALUES\(`owner`\)/);
    assert.ok(text.includes('`usage` = VALUES(`usage`)'));
  });

  it('lays parameters out row after row in column order', () => {
    const values = responseRowParameters([row('a'), row('b')]);
    assert.equal(values.length, ROW_COLUMNS.length * 2);
    assert.equal(values[0], 'a');
    assert.equal(values[ROW_COLUMNS.length], 'b');
  });

  it('adds to the `added` columns of a conflicting row instead of replacing them, on every dialect', () => {
    const shape = { table: '"s"', columns: ['scope', 'period', 'spend', 'expires_at'], conflict: ['scope', 'period'], added: ['spend'] };
    const sqlite = new UpsertStatement('sqlite', shape, quoteDouble).text(1);
    assert.ok(sqlite.endsWith('ON CONFLICT ("scope", "period") DO UPDATE SET "spend" = "s"."spend" + excluded."spend", "expires_at" = excluded."expires_at"'), sqlite);
    const mysql = new UpsertStatement('mysql', { ...shape, table: '`s`' }, (name) => `\`${name}\``).text(1);
    assert.ok(mysql.endsWith('ON DUPLICATE KEY UPDATE `spend` = `spend` + VALUES(`spend`), `expires_at` = VALUES(`expires_at`)'), mysql);
  });

  it('keeps the last row of an id, in first-seen order', () => {
    const rows = lastRowPerId([row('a'), row('b'), row('a', 'failed')]);
    assert.deepEqual(rows.map((r) => [r.id, r.status]), [['a', 'failed'], ['b', 'completed']]);
  });
});
