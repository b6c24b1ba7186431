import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConfig } from './build-config';
import { MASK, redactConfig, redactText, redactUrlPassword } from './redact-config';

describe('redactUrlPassword', () => {
  const cases: [string, string][] = [
    ['postgres://app:hunter2@db:5432/gw?sslmode=disable', `postgres://app:${MASK}@db:5432/gw?sslmode=disable`],
    ['postgresql://app:p@ss@db/gw', `postgresql://app:${MASK}@db/gw`],
    ['redis://:redispass@cache:6379/0', `redis://:${MASK}@cache:6379/0`],
    ['rediss://default:s3cr3t@cache:6380', `rediss://default:${MASK}@cache:6380`],
    ['root:mypw@tcp(127.0.0.1:3306)/test?parseTime=true', `root:${MASK}@tcp(127.0.0.1:3306)/test?parseTime=true`],
    ['root:p@ss:w@rd@tcp(db)/test', `root:${MASK}@tcp(db)/test`],
    ['user:pw@unix(/tmp/mysql.sock)/db', `user:${MASK}@unix(/tmp/mysql.sock)/db`],
    ['user:pw@/db', `user:${MASK}@/db`],
    ['https://api.openai.com/v1', 'https://api.openai.com/v1'],
    ['conversations.db', 'conversations.db'],
    ['localhost:4317', 'localhost:4317'],
  ];
  for (const [input, expected] of cases) {
    it(`masks ${input}`, () => assert.equal(redactUrlPassword(input), expected));
  }
});

describe('redactText', () => {
  it('masks secret parameters in query strings and key/value DSNs', () => {
    assert.equal(redactText('https://x.example/v1?api-key=abc&x=1'), `https://x.example/v1?api-key=${MASK}&x=1`);
    assert.equal(redactText('host=db user=app password=hunter2 dbname=gw'), `host=db user=app password=${MASK} dbname=gw`);
    assert.equal(redactText('postgres://db/gw?password=hunter2'), `postgres://db/gw?password=${MASK}`);
  });
});

describe('redactConfig', () => {
  it('masks keys, DSN and URL passwords and leaves the credentials file path alone', () => {
    const config = buildConfig(
      {
        providers: {
          openai: { type: 'openai', api_key: 'sk-very-secret' },
          vertex: { type: 'vertexai', project: 'p', location: 'us-central1', credentials_file: '/secrets/sa.json' },
        },
        conversations: { store: 'sql', driver: 'mysql', dsn: 'gw:my@sql@tcp(db:3306)/gw' },
        rate_limit: { redis_url: 'redis://:redispass@cache:6379/0' },
      },
      'x',
    );
    const text = JSON.stringify(redactConfig(config));
    for (const secret of ['sk-very-secret', 'my@sql', 'sql@tcp', 'redispass']) assert.ok(!text.includes(secret), `${secret} is masked`);
    assert.ok(text.includes('/secrets/sa.json'));
    assert.ok(text.includes(`gw:${MASK}@tcp(db:3306)/gw`));
  });
});
