import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import { createStyle } from './ansi';
import { ChatSession } from './chat-session';
import { chooseModel } from './choose-model';
import { Conversation } from './conversation';
import { ChatGateway, ModelInfo, TurnFailedError, TurnResult } from './gateway-client';
import { Renderer } from './renderer';

type Answer = { deltas: string[]; id: string } | { error: Error };

/** Plays the gateway: answers are queued, requests recorded. */
class FakeGateway implements ChatGateway {
  readonly requests: ResponseCreateParamsStreaming[] = [];
  readonly answers: Answer[] = [];
  models: ModelInfo[] | Error = [{ id: 'gpt-4o-mini', provider: 'openai' }, { id: 'claude', provider: 'anthropic' }];

  async listModels(): Promise<ModelInfo[]> {
    if (this.models instanceof Error) throw this.models;
    return this.models;
  }

  async answer(params: ResponseCreateParamsStreaming, onDelta: (text: string) => void): Promise<TurnResult> {
    this.requests.push(structuredClone(params));
    const answer = this.answers.shift();
    if (!answer) throw new Error('no answer queued');
    if ('error' in answer) throw answer.error;
    answer.deltas.forEach(onDelta);
    return { id: answer.id, model: params.model as string, provider: 'openai', status: 'completed', text: answer.deltas.join(''), usage: { inputTokens: 1, outputTokens: 2 } };
  }
}

function setup(store = true) {
  const gateway = new FakeGateway();
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => (text += chunk));
  const conversation = new Conversation('gpt-4o-mini', store);
  const session = new ChatSession(gateway, conversation, new Renderer(out, createStyle(false)), (error) => (error as Error).message, gateway.models as ModelInfo[]);
  return { gateway, session, conversation, output: () => text };
}

async function* linesOf(...lines: string[]) {
  yield* lines;
}

describe('ChatSession', () => {
  it('streams answers and chains the conversation', async () => {
    const { gateway, session, output } = setup();
    gateway.answers.push({ deltas: ['Hel', 'lo'], id: 'resp_1' }, { deltas: ['Fine.'], id: 'resp_2' });
    let prompts = 0;
    await session.run(linesOf('Hi', 'How are you?'), () => (prompts += 1));
    assert.equal(gateway.requests[0].previous_response_id, undefined);
    assert.equal(gateway.requests[1].previous_response_id, 'resp_1');
    assert.equal(gateway.requests[1].input, 'How are you?');
    assert.equal(output(), 'Hello\n[openai · gpt-4o-mini · 1 in / 2 out tokens]\nFine.\n[openai · gpt-4o-mini · 1 in / 2 out tokens]\n');
    assert.equal(prompts, 3);
  });

  it('prints an error, keeps going, and continues from the last good answer', async () => {
    const { gateway, session, output } = setup();
    gateway.answers.push({ deltas: ['One'], id: 'resp_1' }, { error: new TurnFailedError('cut') }, { deltas: ['Three'], id: 'resp_3' });
    await session.run(linesOf('a', 'b', 'c'), () => undefined);
    assert.match(output(), /error: cut\n/);
    assert.equal(gateway.requests[2].previous_response_id, 'resp_1');
    assert.match(output(), /Three\n/);
  });

  it('switches models, lists them, starts over, and stops at /quit', async () => {
    const { gateway, session, output } = setup();
    gateway.answers.push({ deltas: ['A'], id: 'resp_1' }, { deltas: ['B'], id: 'resp_2' }, { deltas: ['C'], id: 'resp_3' });
    await session.run(linesOf('first', '/model claude', '/models', 'second', '/new', 'third', '/quit', 'never sent'), () => undefined);
    assert.deepEqual(gateway.requests.map((request) => [request.model, request.previous_response_id]), [
      ['gpt-4o-mini', undefined],
      ['claude', 'resp_1'],
      ['claude', undefined],
    ]);
    assert.match(output(), /model: claude\n/);
    assert.match(output(), /\* claude {7}anthropic\n/);
    assert.match(output(), /started a new conversation/);
  });

  it('warns about a model the gateway does not list but lets the gateway decide', async () => {
    const { session, conversation, output } = setup();
    await session.handle('/model mystery');
    assert.equal(conversation.model, 'mystery');
    assert.match(output(), /model: mystery \(not in the gateway's model list\)/);
  });

  it('reports unknown commands and a failing /models', async () => {
    const { gateway, session, output } = setup();
    gateway.models = new Error('HTTP 401: no token');
    await session.run(linesOf('/bogus', '/models', '/help'), () => undefined);
    assert.match(output(), /error: unknown command \/bogus/);
    assert.match(output(), /error: HTTP 401: no token/);
    assert.match(output(), /\/model NAME/);
  });

  it('with --no-store, resends the transcript', async () => {
    const { gateway, session } = setup(false);
    gateway.answers.push({ deltas: ['A'], id: 'resp_1' }, { deltas: ['B'], id: 'resp_2' });
    await session.run(linesOf('one', 'two'), () => undefined);
    assert.equal(gateway.requests[1].store, false);
    assert.equal((gateway.requests[1].input as unknown[]).length, 3);
  });
});

describe('chooseModel', () => {
  const describeError = (error: unknown) => (error as Error).message;

  it('prefers --model, then the first listed model, then gpt-4o-mini with a warning', async () => {
    const gateway = new FakeGateway();
    assert.equal((await chooseModel(gateway, 'claude', describeError)).model, 'claude');
    assert.deepEqual(await chooseModel(gateway, undefined, describeError), { model: 'gpt-4o-mini', models: gateway.models, warning: undefined });
    gateway.models = [];
    assert.match((await chooseModel(gateway, undefined, describeError)).warning ?? '', /lists no models; using gpt-4o-mini/);
    gateway.models = new Error('unreachable');
    const choice = await chooseModel(gateway, undefined, describeError);
    assert.equal(choice.model, 'gpt-4o-mini');
    assert.equal(choice.warning, 'could not list models: unreachable; using gpt-4o-mini');
  });
});
