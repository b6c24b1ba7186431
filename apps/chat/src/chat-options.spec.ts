import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeUrl, parseChatArgs } from './chat-options';

describe('parseChatArgs', () => {
  it('defaults to localhost:8080, storage on, model from the gateway', () => {
    assert.deepEqual(parseChatArgs([], {}), {
      kind: 'run',
      options: { url: 'http://localhost:8080', model: undefined, token: undefined, instructions: undefined, store: true },
    });
  });

  it('reads every option, flags before env', () => {
    const parsed = parseChatArgs(
      ['--url', 'https://gw.example.com/v1/', '--model', 'claude', '--token', 'tok', '--instructions', 'Be brief.', '--no-store'],
      { LATTICELM_URL: 'http://ignored', LATTICELM_TOKEN: 'ignored' },
    );
    assert.deepEqual(parsed, {
      kind: 'run',
      options: { url: 'https://gw.example.com', model: 'claude', token: 'tok', instructions: 'Be brief.', store: false },
    });
  });

  it('falls back to LATTICELM_URL and LATTICELM_TOKEN', () => {
    const parsed = parseChatArgs([], { LATTICELM_URL: 'http://10.0.0.5:9000', LATTICELM_TOKEN: 'env-token' });
    assert.equal(parsed.kind, 'run');
    if (parsed.kind !== 'run') return;
    assert.equal(parsed.options.url, 'http://10.0.0.5:9000');
    assert.equal(parsed.options.token, 'env-token');
  });

  it('treats empty env variables as unset', () => {
    const parsed = parseChatArgs([], { LATTICELM_URL: '', LATTICELM_TOKEN: ' ' });
    assert.deepEqual(parsed.kind === 'run' && [parsed.options.url, parsed.options.token], ['http://localhost:8080', undefined]);
  });

  it('accepts --opt=value and -h', () => {
    const parsed = parseChatArgs(['--model=gpt-4.1'], {});
    assert.equal(parsed.kind === 'run' && parsed.options.model, 'gpt-4.1');
    assert.deepEqual(parseChatArgs(['-h'], {}), { kind: 'help' });
  });

  it('rejects unknown options, stray words, bad URLs and empty models with a message', () => {
    for (const argv of [['--bogus'], ['hello'], ['--url', 'ftp://x'], ['--url', 'not a url'], ['--model', ' '], ['--model']]) {
      const parsed = parseChatArgs(argv, {});
      assert.equal(parsed.kind, 'invalid', argv.join(' '));
      assert.ok(parsed.kind === 'invalid' && parsed.message.length > 0);
    }
  });
});

describe('normalizeUrl', () => {
  it('strips trailing slashes and /v1 but keeps a path prefix', () => {
    assert.equal(normalizeUrl('http://h:8080/'), 'http://h:8080');
    assert.equal(normalizeUrl('http://h:8080/v1'), 'http://h:8080');
    assert.equal(normalizeUrl('https://h/llm/v1/'), 'https://h/llm');
    assert.equal(normalizeUrl('mailto:x@y'), undefined);
  });
});
