import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IDLE_RUN, PlaygroundRun, applyEvent, fromJson, readStream } from './playground-stream';

describe('playground events', () => {
  it('adds deltas as they come and takes usage and cost from the final response', () => {
    let run = applyEvent(IDLE_RUN, 'response.created', JSON.stringify({ response: { id: 'resp_1', model: 'gpt-4o-mini' } }));
    run = applyEvent(run, 'response.output_text.delta', JSON.stringify({ delta: 'Hel' }));
    run = applyEvent(run, 'response.output_text.delta', JSON.stringify({ delta: 'lo' }));
    assert.deepEqual([run.status, run.text, run.deltas], ['streaming', 'Hello', 2]);
    run = applyEvent(run, 'response.completed', JSON.stringify({ response: { id: 'resp_1', provider: 'openai', usage: { input_tokens: 12, output_tokens: 7 }, cost_usd: 0.0000063 } }));
    assert.deepEqual(
      { status: run.status, text: run.text, inputTokens: run.inputTokens, outputTokens: run.outputTokens, costUsd: run.costUsd, provider: run.provider },
      { status: 'completed', text: 'Hello', inputTokens: 12, outputTokens: 7, costUsd: 0.0000063, provider: 'openai' },
    );
  });

  it('says why a response failed, and ignores what it does not show', () => {
    assert.equal(applyEvent(IDLE_RUN, 'response.failed', JSON.stringify({ response: { error: { message: 'upstream down' } } })).error, 'upstream down');
    assert.equal(applyEvent(IDLE_RUN, 'error', JSON.stringify({ error: { message: 'bad' } })).status, 'failed');
    assert.equal(applyEvent(IDLE_RUN, 'response.in_progress', '{}'), IDLE_RUN);
    assert.equal(applyEvent(IDLE_RUN, 'response.output_text.delta', 'not json'), IDLE_RUN);
  });

  it('reads a JSON answer with the cost header', () => {
    const run = fromJson(
      { id: 'resp_2', status: 'completed', output: [{ type: 'reasoning' }, { type: 'message', content: [{ type: 'output_text', text: 'Hi there' }] }], usage: { input_tokens: 3, output_tokens: 2 } },
      '0.0003675',
    );
    assert.deepEqual([run.text, run.costUsd, run.outputTokens, run.status], ['Hi there', 0.0003675, 2, 'completed']);
  });

  it('reads a byte stream cut anywhere, multi-byte characters included', async () => {
    const text = 'event: response.output_text.delta\ndata: {"delta":"héllo "}\n\nevent: response.output_text.delta\ndata: {"delta":"wörld"}\n\n';
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 3) controller.enqueue(bytes.slice(at, at + 3));
        controller.close();
      },
    });
    const seen: PlaygroundRun[] = [];
    const run = await readStream(stream, IDLE_RUN, (next) => seen.push(next));
    assert.equal(run.text, 'héllo wörld');
    assert.deepEqual(seen.map((entry) => entry.text), ['héllo ', 'héllo wörld']);
  });
});
