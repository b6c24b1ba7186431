import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redisTarget } from './redis-connection-options';

describe('redisTarget', () => {
  it("reads the seed's redis://:password@host:6379/0", () => {
    const target = redisTarget('redis://:s3cret@cache:6380/2');
    assert.equal(target.description, 'redis at cache:6380/2');
    assert.equal(target.secret, 's3cret');
    assert.equal(target.options.host, 'cache');
    assert.equal(target.options.port, 6380);
    assert.equal(target.options.db, 2);
    assert.equal(target.options.password, 's3cret');
    assert.equal(target.options.tls, undefined);
  });

  it('defaults port and database, and turns on TLS for rediss://', () => {
    const target = redisTarget('rediss://user:pw@cache');
    assert.equal(target.options.port, 6379);
    assert.equal(target.options.db, 0);
    assert.equal(target.options.username, 'user');
    assert.deepEqual(target.options.tls, {});
  });

  it('rejects other schemes and non-numeric databases', () => {
    assert.throws(() => redisTarget('http://cache:6379'), /redis:\/\//);
    assert.throws(() => redisTarget('redis://cache/main'), /databases are numbers/);
  });
});
