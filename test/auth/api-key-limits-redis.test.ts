import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Redis from 'ioredis';
import { ApiKeyGate } from '@latticelm/auth';
import { FakeOpenAI } from '../fakes/fake-openai';
import { runName, serviceSkipReason } from '../conversations/service-availability';
import { RunningGateway, postResponse, startGateway } from '../support/gateway-harness';
import { manualClock } from '../traffic/traffic-support';

const fake = new FakeOpenAI('openai', 'k');
const RPM_KEY = `lm-rpm-${'r'.repeat(30)}`;
const TPM_KEY = `lm-tpm-${'t'.repeat(30)}`;
const START = 1_700_000_000_000;

describe('per-key limits shared by two gateways through one Redis', async () => {
  const skip = await serviceSkipReason('Redis', '127.0.0.1', 6379);
  const prefix = `${runName('keylimits')}:`;
  const gateways: RunningGateway[] = [];

  before(async () => {
    if (skip) return;
    await fake.start();
    for (let i = 0; i < 2; i++) {
      const gateway = await startGateway({
        providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1` } },
        models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
        // per-client limits stay off: only the store is named, and key limits follow it
        rate_limit: { store: 'redis', redis_url: 'redis://127.0.0.1:6379', key_prefix: prefix },
        auth: {
          api_keys: {
            enabled: true,
            keys: [
              { name: 'rpm', key: RPM_KEY, limits: { requests_per_minute: 20 } },
              { name: 'tpm', key: TPM_KEY, limits: { tokens_per_minute: 100 } },
            ],
          },
        },
      });
      // both replicas' clocks frozen at the same instant: the count is exact however long the test takes
      manualClock(gateway, START);
      gateways.push(gateway);
    }
  });
  after(async () => {
    if (skip) return;
    await Promise.all(gateways.map((gateway) => gateway.close()));
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await fake.stop();
  });

  it('serves exactly requests_per_minute of 60 concurrent requests spread over both', { skip }, async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const res = await postResponse(gateways[i % 2], { model: 'gpt-4o-mini' }, { authorization: `Bearer ${RPM_KEY}` });
        await res.arrayBuffer();
        return { status: res.status, gateway: i % 2, limit: res.headers.get('x-latticelm-ratelimit-exceeded') };
      }),
    );
    assert.equal(answers.filter((answer) => answer.status === 200).length, 20);
    const refused = answers.filter((answer) => answer.status === 429);
    assert.equal(refused.length, 40);
    assert.ok(refused.every((answer) => answer.limit === 'requests_per_minute'));
    assert.ok(new Set(answers.filter((answer) => answer.status === 200).map((answer) => answer.gateway)).size === 2, 'both served some');
  });

  it('reserves tokens on one gateway and settles them where the other sees it', { skip }, async () => {
    const post = (gateway: RunningGateway, maxOutputTokens: number) =>
      postResponse(gateway, { model: 'gpt-4o-mini', max_output_tokens: maxOutputTokens }, { 'x-api-key': TPM_KEY });
    const first = await post(gateways[0], 90);
    assert.equal(first.status, 200);
    await first.arrayBuffer();
    await gateways[0].app.get(ApiKeyGate).settled();
    // 19 tokens used of the 90 reserved: 81 left, seen from the other replica
    const second = await post(gateways[1], 90);
    assert.equal(second.status, 429);
    assert.equal(second.headers.get('x-ratelimit-remaining-tokens'), '81');
    assert.equal((await post(gateways[1], 81)).status, 200);
  });
});
