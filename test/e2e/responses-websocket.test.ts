import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, postResponse, startGateway } from '../support/gateway-harness';
import { OidcIssuer } from '../support/oidc-issuer';
import { ResponsesSocket } from '../support/responses-socket';
import { assertValidError, openResponsesSchema } from '../support/spec-assertions';
import type { StreamedEvent } from '../support/sse';

const MODEL = 'gpt-4o-mini';
const openaiProvider = (fake: FakeOpenAI) => ({ openai: { type: 'openai', api_key: 'sk-test', endpoint: `${fake.url}/v1`, max_retries: 0 } });

/** Every event valid against the spec, numbered from 0, created first and one terminal event last. */
function assertValidTurn(events: StreamedEvent[]): void {
  for (const [index, event] of events.entries()) {
    const check = openResponsesSchema().checkStreamingEvent(event);
    assert.ok(check.valid, `event ${index} (${event.type}) invalid:\n${check.errors.join('\n')}`);
    assert.equal(event.sequence_number, index);
  }
  assert.equal(events[0].type, 'response.created');
  assert.equal(events.at(-1)?.type, 'response.completed');
}

function assertErrorEvent(event: StreamedEvent, status: number, code: string): void {
  assert.equal(event.type, 'error', JSON.stringify(event));
  assert.equal(event.status, status);
  assert.equal(event.error.code, code);
  const check = openResponsesSchema().check('WebSocketErrorEvent', event);
  assert.ok(check.valid, check.errors.join('\n'));
}

describe('Open Responses over WebSocket: authentication on the upgrade', () => {
  const issuer = new OidcIssuer();
  const fake = new FakeOpenAI('openai', 'sk-test');
  let gateway: RunningGateway;

  before(async () => {
    await Promise.all([issuer.start(), fake.start()]);
    gateway = await startGateway({
      providers: openaiProvider(fake),
      models: [{ name: MODEL, provider: 'openai' }],
      auth: { enabled: true, issuer: issuer.issuer, audience: issuer.audience },
    });
  });
  after(async () => {
    await gateway?.close();
    await Promise.all([issuer.stop(), fake.stop()]);
  });

  it('refuses an upgrade without a token, or with a bad one, with 401 and the HTTP guard’s answer', async () => {
    const missing = await ResponsesSocket.refusal(gateway.url);
    assert.equal(missing.status, 401);
    assert.equal(missing.headers['www-authenticate'], 'Bearer realm="latticelm"');
    assertValidError(missing.body);
    assert.equal(missing.body.error.code, 'missing_token');
    const expired = await ResponsesSocket.refusal(gateway.url, { authorization: `Bearer ${await issuer.token({ exp: Math.floor(Date.now() / 1000) - 120 })}` });
    assert.equal(expired.status, 401);
    assert.match(String(expired.headers['www-authenticate']), /error="invalid_token"/);
    assert.match(expired.body.error.message, /expired/);
  });

  it("serves a valid token's turns in its subject's name: its stored responses are its own", async () => {
    const socket = await ResponsesSocket.open(gateway.url, { authorization: `Bearer ${await issuer.token()}` });
    socket.create({ model: MODEL, input: 'hello' });
    const events = await socket.turn();
    assertValidTurn(events);
    const id = events.at(-1)?.response.id as string;
    const get = (token: string) => fetch(`${gateway.url}/v1/responses/${id}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await get(await issuer.token())).status, 200);
    assert.equal((await get(await issuer.token({ sub: 'user-b' }))).status, 404, 'another subject cannot read it');

    const other = await ResponsesSocket.open(gateway.url, { authorization: `Bearer ${await issuer.token({ sub: 'user-b' })}` });
    other.create({ model: MODEL, input: 'continue', previous_response_id: id });
    assertErrorEvent((await other.turn())[0], 404, 'previous_response_not_found');
    socket.close();
    other.close();
  });
});

describe('Open Responses over WebSocket: frames, limits and keep-alive', () => {
  const fake = new FakeOpenAI('openai', 'sk-test');
  let gateway: RunningGateway;
  let limited: RunningGateway;
  let throttled: RunningGateway;

  before(async () => {
    await fake.start();
    const base = { providers: openaiProvider(fake), models: [{ name: MODEL, provider: 'openai' }] };
    [gateway, limited, throttled] = await Promise.all([
      startGateway({ ...base, server: { websocket: { max_pending_requests: 1 } } }),
      startGateway({ ...base, server: { websocket: { ping_interval: '50ms', max_connection_age: '400ms' } } }),
      startGateway({ ...base, rate_limit: { enabled: true, requests_per_second: 0.01, burst: 1 } }),
    ]);
  });
  after(async () => {
    await Promise.all([gateway?.close(), limited?.close(), throttled?.close()]);
    await fake.stop();
  });

  it('answers a bad frame with a clear error event, and the connection goes on serving', async () => {
    const socket = await ResponsesSocket.open(gateway.url);
    socket.send('{"type": "response.create", "model": ');
    const notJson = await socket.next();
    assertErrorEvent(notJson, 400, 'invalid_json');
    assert.match(notJson.error.message, /not valid JSON/);
    socket.send({ type: 'response.cancel' });
    const unknown = await socket.next();
    assertErrorEvent(unknown, 400, 'unsupported_event_type');
    assert.equal(unknown.error.param, 'type');
    socket.create({ model: MODEL, input: 'hi', stream: true });
    assert.equal((await socket.next()).error.param, 'stream');
    socket.create({ model: MODEL, input: 'hi', temperature: 7 });
    assert.equal((await socket.next()).error.param, 'temperature');
    socket.create({ model: MODEL, input: 'hi' });
    assertValidTurn(await socket.turn());
    socket.close();
    assert.equal((await socket.closed).code, 1005);
  });

  it('runs queued response.create messages one after another, and refuses more than max_pending_requests', async () => {
    fake.enqueue({ kind: 'slow', text: 'one two', chunks: ['one ', 'two'], gapMs: 150 });
    const socket = await ResponsesSocket.open(gateway.url);
    socket.create({ model: MODEL, input: 'first' });
    socket.create({ model: MODEL, input: 'second' });
    socket.create({ model: MODEL, input: 'third' });
    // The refusal of the third is sent when it arrives, so it may come before or among the first turn's events.
    const messages: StreamedEvent[] = [];
    while (messages.filter((message) => message.type === 'response.completed').length < 2) messages.push(await socket.next());
    const errors = messages.filter((message) => message.type === 'error');
    assert.equal(errors.length, 1);
    assertErrorEvent(errors[0], 429, 'too_many_pending_requests');
    const events = messages.filter((message) => message.type !== 'error');
    const split = events.findIndex((message) => message.type === 'response.completed') + 1;
    const [first, second] = [events.slice(0, split), events.slice(split)];
    assertValidTurn(first);
    assertValidTurn(second);
    assert.equal(first.at(-1)?.response.output[0].content[0].text, 'one two', 'the second turn began after the first ended');
    assert.notEqual(second[0].response.id, first[0].response.id);
    socket.close();
  });

  it("takes each turn's token from the client's rate-limit bucket, as a POST would", async () => {
    const socket = await ResponsesSocket.open(throttled.url);
    socket.create({ model: MODEL, input: 'one' });
    assertValidTurn(await socket.turn());
    socket.create({ model: MODEL, input: 'two' });
    const [refused] = await socket.turn();
    assertErrorEvent(refused, 429, 'rate_limit_exceeded');
    assert.equal((await postResponse(throttled, { model: MODEL })).status, 429, 'one bucket for both transports');
    socket.close();
  });

  it('refuses an upgrade on any other path with 404', async () => {
    const refusal = await ResponsesSocket.refusal(gateway.url, {}, '/v1/models');
    assert.equal(refusal.status, 404);
    assertValidError(refusal.body);
  });

  it('pings, and closes a connection that stops answering', async () => {
    const socket = await ResponsesSocket.open(limited.url, {}, { autoPong: false });
    const { code } = await socket.closed;
    assert.ok(socket.pings >= 1, 'the server pinged');
    assert.equal(code, 1006, 'terminated without a close frame');
  });

  it('ends a connection at max_connection_age with websocket_connection_limit_reached, then a close frame', async () => {
    const socket = await ResponsesSocket.open(limited.url);
    assertErrorEvent(await socket.next(), 400, 'websocket_connection_limit_reached');
    assert.equal((await socket.closed).code, 1000);
    assert.ok(socket.pings >= 1, 'a live connection is pinged and answers');
  });
});
