import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConfig } from '@latticelm/config';
import { providerOverview } from './provider-overview';

describe('providerOverview', () => {
  it('lists providers with masked endpoints, their models, availability and circuit state', () => {
    const config = buildConfig(
      {
        providers: {
          openai: { type: 'openai', api_key: 'k', endpoint: 'https://u:secret@proxy.example/v1?api-key=abc' },
          broken: { type: 'openai', api_key: 'k' },
        },
        models: [
          { name: 'fast', provider: 'openai', provider_model_id: 'gpt-4o-mini', fallbacks: ['slow'] },
          { name: 'slow', provider: 'broken' },
        ],
      },
      'x',
    );
    const overview = providerOverview(config, (name) => name === 'openai', { openai: 'half_open' });
    assert.deepEqual(overview[0], {
      name: 'openai',
      type: 'openai',
      endpoint: 'https://u:********@proxy.example/v1?api-key=********',
      status: 'available',
      circuit: 'half_open',
      models: [{ name: 'fast', provider_model_id: 'gpt-4o-mini', fallbacks: ['slow'] }],
    });
    assert.equal(overview[1].status, 'unavailable');
    assert.equal(overview[1].circuit, null);
    assert.equal(overview[1].endpoint, null);
  });
});
