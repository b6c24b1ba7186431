import { ServerResponse } from 'node:http';
import { cutAfterFlush, pause, sendJson, startSse, writeSse } from './fake-upstream';
import { DEFAULT_USAGE, FakeUsage, Scenario, chunksOf } from './scenario';

/**
 * OpenAI's Chat Completions (POST /v1/chat/completions) for the fake: the shapes of the recorded chunks in
 * libs/providers/src/openai/chat-completions/__fixtures__ — the role in the first delta, tool calls by index,
 * finish_reason in the last choice chunk, then usage without choices when `stream_options.include_usage`.
 */
export async function answerChatCompletion(res: ServerResponse, scenario: Scenario, body: any): Promise<void> {
  const model: string = (scenario.kind === 'text' || scenario.kind === 'tool_calls' ? scenario.model : undefined) ?? body?.model ?? 'unknown';
  if (!body?.stream) return sendJson(res, 200, completion(scenario, model));
  if (scenario.kind === 'slow' && scenario.firstByteDelayMs) await pause(res, scenario.firstByteDelayMs);
  startSse(res);
  const head = { id: 'chatcmpl-fake1', object: 'chat.completion.chunk', created: 1_700_000_000, model, service_tier: 'default', system_fingerprint: 'fp_fake' };
  const includeUsage = body.stream_options?.include_usage === true;
  const send = (delta: Record<string, unknown>, finish: string | null = null) =>
    writeSse(res, undefined, { ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(includeUsage ? { usage: null } : {}) });
  send({ role: 'assistant', content: '', refusal: null });
  const text = scenario.kind === 'text' || scenario.kind === 'slow' || scenario.kind === 'cut' || scenario.kind === 'tool_calls' ? scenario.text : undefined;
  if (text !== undefined) {
    const chunks = scenario.kind === 'tool_calls' ? [text] : chunksOf(scenario as { text: string; chunks?: string[] });
    for (const [index, content] of chunks.entries()) {
      if (scenario.kind === 'cut' && index === scenario.afterChunks) return cutAfterFlush(res);
      if (scenario.kind === 'slow' && index > 0) await pause(res, scenario.gapMs);
      if (res.destroyed) return;
      send({ content });
    }
  }
  if (scenario.kind === 'tool_calls') {
    scenario.calls.forEach((call, index) => {
      send({ tool_calls: [{ index, id: call.id ?? `call_fake${index}`, type: 'function', function: { name: call.name, arguments: '' } }] });
      const half = Math.ceil(call.arguments.length / 2);
      for (const fragment of [call.arguments.slice(0, half), call.arguments.slice(half)]) if (fragment) send({ tool_calls: [{ index, function: { arguments: fragment } }] });
    });
  }
  send({}, finishOf(scenario));
  if (includeUsage) writeSse(res, undefined, { ...head, choices: [], usage: usageOf(scenario) });
  writeSse(res, undefined, '[DONE]');
  res.end();
}

function finishOf(scenario: Scenario): string {
  if (scenario.kind === 'tool_calls') return 'tool_calls';
  return scenario.kind === 'text' && scenario.finish ? scenario.finish : 'stop';
}

function usageOf(scenario: Scenario) {
  const value: FakeUsage = (scenario.kind === 'text' || scenario.kind === 'tool_calls' ? scenario.usage : undefined) ?? DEFAULT_USAGE;
  return {
    prompt_tokens: value.inputTokens,
    completion_tokens: value.outputTokens,
    total_tokens: value.inputTokens + value.outputTokens,
    prompt_tokens_details: { cached_tokens: value.cachedTokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: value.reasoningTokens ?? 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function completion(scenario: Scenario, model: string) {
  const text = scenario.kind === 'text' || scenario.kind === 'slow' || scenario.kind === 'cut' || scenario.kind === 'tool_calls' ? scenario.text : undefined;
  const toolCalls =
    scenario.kind === 'tool_calls'
      ? scenario.calls.map((call, index) => ({ id: call.id ?? `call_fake${index}`, type: 'function', function: { name: call.name, arguments: call.arguments } }))
      : undefined;
  return {
    id: 'chatcmpl-fake1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text ?? null, refusal: scenario.kind === 'text' ? (scenario.refusal ?? null) : null, annotations: [], ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: finishOf(scenario),
      },
    ],
    usage: usageOf(scenario),
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  };
}
