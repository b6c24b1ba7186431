import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { FakeOpenAI } from '../fakes/fake-openai';
import { ChatProcess, spawnChat } from '../support/chat-process';
import { RunningGateway, startGateway } from '../support/gateway-harness';

/** The texts of the messages a vendor request carried, in order, as "role: text". */
function transcriptOf(body: any): string[] {
  return (body.input as any[])
    .filter((item) => item.type === 'message')
    .map((item) => `${item.role}: ${typeof item.content === 'string' ? item.content : item.content.map((part: any) => part.text).join('')}`);
}

describe('chat client (apps/chat) against the gateway', () => {
  const primary = new FakeOpenAI('openai', 'sk-primary');
  const secondary = new FakeOpenAI('openai', 'sk-secondary');
  let gateway: RunningGateway;
  let chat: ChatProcess | undefined;

  before(async () => {
    await Promise.all([primary.start(), secondary.start()]);
    gateway = await startGateway({
      providers: {
        openai: { type: 'openai', api_key: 'sk-primary', endpoint: `${primary.url}/v1`, max_retries: 0 },
        second: { type: 'openai', api_key: 'sk-secondary', endpoint: `${secondary.url}/v1`, max_retries: 0 },
      },
      models: [
        { name: 'gpt-4o-mini', provider: 'openai' },
        { name: 'gpt-4.1', provider: 'second' },
      ],
      conversations: { store: 'memory' },
    });
  });
  after(async () => {
    await gateway.close();
    await Promise.all([primary.stop(), secondary.stop()]);
  });
  beforeEach(() => {
    primary.reset();
    secondary.reset();
  });
  afterEach(() => chat?.kill());

  it('streams two chained turns, lists models, switches model and quits', async () => {
    primary.enqueue(
      { kind: 'text', text: 'Paris is the capital.', usage: { inputTokens: 11, outputTokens: 5 } },
      { kind: 'text', text: 'About 2.1 million people.', usage: { inputTokens: 30, outputTokens: 6 } },
    );
    secondary.enqueue({ kind: 'text', text: 'Berlin, as it happens.', usage: { inputTokens: 50, outputTokens: 4 } });
    chat = spawnChat(['--url', gateway.url]);

    await chat.expect('model gpt-4o-mini'); // no --model: the gateway's first model
    await chat.expect('you> ');
    chat.send('What is the capital of France?');
    await chat.expect('Paris is the capital.\n[openai · gpt-4o-mini · 11 in / 5 out tokens]');
    await chat.expect('you> ');

    chat.send('How many people live there?');
    await chat.expect('About 2.1 million people.\n[openai · gpt-4o-mini · 30 in / 6 out tokens]');
    assert.equal(primary.requests.length, 2);
    // the client sent only the new question plus previous_response_id; the gateway rebuilt the history
    assert.deepEqual(transcriptOf(primary.requests[1].body), [
      'user: What is the capital of France?',
      'assistant: Paris is the capital.',
      'user: How many people live there?',
    ]);

    chat.send('/models');
    await chat.expect('* gpt-4o-mini  openai\n  gpt-4.1      second');
    chat.send('/model gpt-4.1');
    await chat.expect('model: gpt-4.1\n');
    chat.send('And of Germany?');
    await chat.expect('Berlin, as it happens.\n[second · gpt-4.1 · 50 in / 4 out tokens]');
    assert.equal(secondary.requests.length, 1);
    assert.equal(secondary.requests[0].body.model, 'gpt-4.1');
    assert.equal(secondary.requests[0].body.stream, true);
    assert.deepEqual(transcriptOf(secondary.requests[0].body).slice(-2), ['assistant: About 2.1 million people.', 'user: And of Germany?']);

    chat.send('/quit');
    assert.equal(await chat.exit, 0);
    assert.equal(chat.stderr(), '');
  });

  it('prints gateway errors (unknown model, vendor 400, response.failed) and keeps going', async () => {
    primary.enqueue(
      { kind: 'text', text: 'First answer.' },
      { kind: 'error', status: 400, message: 'Invalid schema for function' },
      { kind: 'cut', text: 'half an answer that never ends', afterChunks: 2 },
      { kind: 'text', text: 'Still here.' },
    );
    chat = spawnChat(['--url', `${gateway.url}/v1`, '--model', 'gpt-4o-mini']);
    await chat.expect('you> ');
    chat.send('hello');
    await chat.expect('First answer.');

    chat.send('/model no-such-model');
    await chat.expect("model: no-such-model (not in the gateway's model list)");
    chat.send('anyone there?');
    await chat.expect('error: HTTP 404:');
    await chat.expect('(param model');
    await chat.expect('you> ');

    chat.send('/model gpt-4o-mini');
    await chat.expect('model: gpt-4o-mini\n');
    chat.send('use a tool');
    await chat.expect('error: HTTP 400: openai: Invalid schema for function');
    chat.send('tell me a story');
    await chat.expect('half an ');
    await chat.expect('error: the response failed:');
    chat.send('are you still there?');
    await chat.expect('Still here.\n[openai · gpt-4o-mini');

    // the failed turns left no trace: the last request continues from the first answer
    assert.deepEqual(transcriptOf(primary.requests.at(-1)!.body), ['user: hello', 'assistant: First answer.', 'user: are you still there?']);
    chat.child.stdin?.end(); // Ctrl-D
    assert.equal(await chat.exit, 0);
  });

  it('with --no-store resends the whole transcript (and the instructions) every turn', async () => {
    primary.enqueue({ kind: 'text', text: 'One.' }, { kind: 'text', text: 'Two.' });
    chat = spawnChat(['--url', gateway.url, '--no-store', '--instructions', 'Answer in one word.']);
    await chat.expect('no-store');
    chat.send('first');
    await chat.expect('One.');
    chat.send('second');
    await chat.expect('Two.');
    assert.deepEqual(transcriptOf(primary.requests[1].body).slice(-3), ['user: first', 'assistant: One.', 'user: second']);
    assert.equal(primary.requests[1].body.instructions, 'Answer in one word.');
    chat.send('/quit');
    assert.equal(await chat.exit, 0);
  });
});

describe('chat client authentication', () => {
  let server: ReturnType<typeof createServer>;
  let url: string;
  const seen: (string | undefined)[] = [];

  before(async () => {
    // a stand-in for an authenticated gateway: only /v1/models, only with the right bearer token
    server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== 'Bearer secret-token') {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: { message: 'missing or invalid bearer token', type: 'authentication_error', code: 'unauthorized', param: null } }));
        return;
      }
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'claude-3-5-sonnet', object: 'model', created: 0, owned_by: 'anthropic', provider: 'anthropic' }] }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends --token (or LATTICELM_TOKEN) as a bearer token; without it explains the 401', async () => {
    const withFlag = spawnChat(['--url', url, '--token', 'secret-token']);
    await withFlag.expect('model claude-3-5-sonnet');
    withFlag.send('/quit');
    assert.equal(await withFlag.exit, 0);

    const withEnv = spawnChat([], { LATTICELM_URL: url, LATTICELM_TOKEN: 'secret-token' });
    await withEnv.expect('model claude-3-5-sonnet');
    withEnv.child.stdin?.end();
    assert.equal(await withEnv.exit, 0);

    const without = spawnChat(['--url', url]);
    await without.expect('error: could not list models: HTTP 401: missing or invalid bearer token');
    await without.expect('--token');
    await without.expect('model gpt-4o-mini');
    without.send('/quit');
    assert.equal(await without.exit, 0);
    assert.deepEqual(seen, ['Bearer secret-token', 'Bearer secret-token', 'Bearer unused']);
  });
});
