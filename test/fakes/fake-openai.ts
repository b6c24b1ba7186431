import { ServerResponse } from 'node:http';
import { FakeContext, FakeUpstream, cutAfterFlush, pause, sendJson, startSse, waitForClose, writeSse, sendRecorded } from './fake-upstream';
import { answerChatCompletion } from './fake-openai-chat';
import { DEFAULT_USAGE, FakeToolCall, FakeUsage, Scenario, chunksOf, countedTokens, fakeEmbedding, fakeTokenCount } from './scenario';

/**
 * Speaks OpenAI's Responses API: POST /v1/responses with `Authorization: Bearer`, or Azure OpenAI's
 * POST /openai/responses?api-version=… with the `api-key` header; JSON answers and typed SSE events. Embeddings at
 * POST /v1/embeddings, Azure's POST /openai/deployments/D/embeddings, with OpenAI's 2048-input limit. The openai
 * flavor also answers POST /v1/chat/completions (`api: chat_completions` providers).
 */
export class FakeOpenAI extends FakeUpstream {
  constructor(readonly flavor: 'openai' | 'azure' = 'openai', expectedKey = 'test-key') {
    super(expectedKey);
  }

  protected async route({ req, res, recorded, scenario }: FakeContext): Promise<void> {
    const expectedPath = this.flavor === 'azure' ? '/openai/responses' : '/v1/responses';
    const compact = recorded.path === `${expectedPath}/compact`;
    const embeddings = this.flavor === 'azure' ? /^\/openai\/deployments\/[^/]+\/embeddings$/.test(recorded.path) : recorded.path === '/v1/embeddings';
    const inputTokens = recorded.path === `${expectedPath}/input_tokens`;
    const chat = this.flavor === 'openai' && recorded.path === '/v1/chat/completions';
    if (req.method !== 'POST' || (recorded.path !== expectedPath && !compact && !embeddings && !inputTokens && !chat)) {
      return sendJson(res, 404, { error: { message: `fake: no route ${req.method} ${recorded.path}`, type: 'invalid_request_error', code: null, param: null } });
    }
    if (this.flavor === 'azure' && !recorded.query.get('api-version')) {
      return sendJson(res, 404, { error: { code: '404', message: 'Resource not found' } });
    }
    const key = this.flavor === 'azure' ? req.headers['api-key'] : req.headers.authorization?.replace(/^Bearer /, '');
    if (key !== this.expectedKey) {
      return sendJson(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key', param: null } });
    }
    if (embeddings && scenario.kind !== 'error' && scenario.kind !== 'hang') return sendEmbeddings(res, recorded);
    const model: string = recorded.body?.model ?? 'unknown';
    const orphan = orphanToolOutput(recorded.body?.input);
    if (orphan !== undefined) {
      return sendJson(res, 400, { error: { message: `No tool call found for function call output with call_id ${orphan}.`, type: 'invalid_request_error', code: null, param: 'input' } });
    }
    if (compact) return sendJson(res, 200, compactedWindow(recorded.body?.input));
    if (inputTokens) return sendJson(res, 200, { object: 'response.input_tokens', input_tokens: countedTokens(recorded.body) });
    if (scenario.kind === 'error') {
      return sendJson(
        res,
        scenario.status,
        { error: { message: scenario.message, type: scenario.vendorType ?? 'invalid_request_error', code: null, param: null } },
        scenario.retryAfter !== undefined ? { 'retry-after': String(scenario.retryAfter) } : {},
      );
    }
    if (scenario.kind === 'hang') return waitForClose(res);
    if (scenario.kind === 'recorded') return sendRecorded(res, scenario);
    if (chat) return answerChatCompletion(res, scenario, recorded.body);
    const include: string[] = Array.isArray(recorded.body?.include) ? recorded.body.include : [];
    if (recorded.body?.stream) return this.stream(res, scenario, model, include);
    return sendJson(res, 200, finalResponse(scenario, model, include));
  }

  private async stream(res: ServerResponse, scenario: Scenario, model: string, include: string[]): Promise<void> {
    if (scenario.kind === 'slow' && scenario.firstByteDelayMs) await pause(res, scenario.firstByteDelayMs);
    startSse(res);
    let sequence = 0;
    const send = (event: Record<string, unknown>) => writeSse(res, event.type as string, { ...event, sequence_number: sequence++ });
    const shell = responseShell(model, 'in_progress');
    send({ type: 'response.created', response: shell });
    send({ type: 'response.in_progress', response: shell });
    let outputIndex = 0;
    if (scenario.kind === 'text' && scenario.reasoning) {
      const item = { type: 'reasoning', id: 'rs_fake1', summary: [] };
      send({ type: 'response.output_item.added', output_index: outputIndex, item });
      send({ type: 'response.reasoning_text.delta', item_id: item.id, output_index: outputIndex, content_index: 0, delta: scenario.reasoning });
      send({
        type: 'response.output_item.done',
        output_index: outputIndex,
        item: { ...item, content: [{ type: 'reasoning_text', text: scenario.reasoning }], ...encryptedReasoning(include) },
      });
      outputIndex += 1;
    }
    const text = scenario.kind === 'tool_calls' ? scenario.text : scenario.kind === 'hang' || scenario.kind === 'error' || scenario.kind === 'recorded' ? undefined : scenario.text;
    if (text !== undefined || (scenario.kind === 'text' && scenario.refusal)) {
      const item = { type: 'message', id: 'msg_fake1', status: 'in_progress', role: 'assistant', content: [] };
      send({ type: 'response.output_item.added', output_index: outputIndex, item });
      if (text !== undefined) {
        send({ type: 'response.content_part.added', item_id: item.id, output_index: outputIndex, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
        const chunks = scenario.kind === 'tool_calls' ? [text] : chunksOf(scenario as { text: string; chunks?: string[] });
        for (const [index, delta] of chunks.entries()) {
          if (scenario.kind === 'cut' && index === scenario.afterChunks) return cutAfterFlush(res);
          if (scenario.kind === 'slow' && index > 0) await pause(res, scenario.gapMs);
          if (res.destroyed) return;
          send({ type: 'response.output_text.delta', item_id: item.id, output_index: outputIndex, content_index: 0, delta, logprobs: [] });
        }
        send({ type: 'response.output_text.done', item_id: item.id, output_index: outputIndex, content_index: 0, text, logprobs: [] });
      }
      if (scenario.kind === 'text' && scenario.refusal) {
        send({ type: 'response.refusal.delta', item_id: item.id, output_index: outputIndex, content_index: 1, delta: scenario.refusal });
      }
      send({ type: 'response.output_item.done', output_index: outputIndex, item: { ...item, status: 'completed' } });
      outputIndex += 1;
    }
    if (scenario.kind === 'tool_calls') {
      for (const [index, call] of scenario.calls.entries()) {
        const item = { type: 'function_call', id: `fc_fake${index}`, call_id: call.id ?? `call_fake${index}`, name: call.name, ...namespaceOf(call), arguments: '', status: 'in_progress' };
        send({ type: 'response.output_item.added', output_index: outputIndex, item });
        const half = Math.ceil(call.arguments.length / 2);
        for (const delta of [call.arguments.slice(0, half), call.arguments.slice(half)]) {
          if (delta) send({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index: outputIndex, delta });
        }
        send({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: outputIndex, arguments: call.arguments });
        send({ type: 'response.output_item.done', output_index: outputIndex, item: { ...item, arguments: call.arguments, status: 'completed' } });
        outputIndex += 1;
      }
    }
    const final = finalResponse(scenario, model, include);
    send({ type: final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', response: final });
    res.end();
  }
}

function responseShell(model: string, status: string) {
  return {
    id: 'resp_fake1',
    object: 'response',
    created_at: 1_700_000_000,
    status,
    model,
    output: [] as unknown[],
    usage: null as unknown,
    incomplete_details: null as unknown,
    error: null,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
  };
}

/** A call of a function offered inside a `namespace` tool names its namespace beside the function's own name. */
function namespaceOf(call: FakeToolCall): { namespace?: string } {
  return call.namespace !== undefined ? { namespace: call.namespace } : {};
}

function usageOf(usage: FakeUsage | undefined) {
  const value = usage ?? DEFAULT_USAGE;
  return {
    input_tokens: value.inputTokens,
    input_tokens_details: { cached_tokens: value.cachedTokens ?? 0 },
    output_tokens: value.outputTokens,
    output_tokens_details: { reasoning_tokens: value.reasoningTokens ?? 0 },
    total_tokens: value.inputTokens + value.outputTokens,
  };
}

/** The vendor returns encrypted reasoning only when asked (`include: ["reasoning.encrypted_content"]`). */
function encryptedReasoning(include: string[]): { encrypted_content?: string } {
  return include.includes('reasoning.encrypted_content') ? { encrypted_content: 'ENCRYPTED-rs_fake1' } : {};
}

function finalResponse(scenario: Scenario, model: string, include: string[] = []) {
  const response = responseShell(scenario.kind === 'text' || scenario.kind === 'tool_calls' ? scenario.model ?? model : model, 'completed');
  if (scenario.kind === 'text' && scenario.reasoning) {
    response.output.push({ type: 'reasoning', id: 'rs_fake1', summary: [], content: [{ type: 'reasoning_text', text: scenario.reasoning }], ...encryptedReasoning(include) });
  }
  const text = scenario.kind === 'text' || scenario.kind === 'slow' || scenario.kind === 'cut' ? scenario.text : scenario.kind === 'tool_calls' ? scenario.text : undefined;
  const refusal = scenario.kind === 'text' ? scenario.refusal : undefined;
  if (text !== undefined || refusal) {
    response.output.push({
      type: 'message',
      id: 'msg_fake1',
      status: 'completed',
      role: 'assistant',
      content: [
        ...(text !== undefined ? [{ type: 'output_text', text, annotations: [] }] : []),
        ...(refusal ? [{ type: 'refusal', refusal }] : []),
      ],
    });
  }
  if (scenario.kind === 'tool_calls') {
    scenario.calls.forEach((call, index) =>
      response.output.push({ type: 'function_call', id: `fc_fake${index}`, call_id: call.id ?? `call_fake${index}`, name: call.name, ...namespaceOf(call), arguments: call.arguments, status: 'completed' }),
    );
  }
  if (scenario.kind === 'text' && scenario.finish && scenario.finish !== 'stop') {
    response.status = 'incomplete';
    response.incomplete_details = { reason: scenario.finish === 'length' ? 'max_output_tokens' : 'content_filter' };
  }
  response.usage = usageOf(scenario.kind === 'text' || scenario.kind === 'tool_calls' ? scenario.usage : undefined);
  return response;
}

/** OpenAI refuses a function_call_output whose call is not in the input (the gateway always sends the whole context). */
function orphanToolOutput(input: unknown): string | undefined {
  if (!Array.isArray(input)) return undefined;
  const calls = new Set(input.filter((item) => item?.type === 'function_call').map((item) => item.call_id));
  return input.find((item) => item?.type === 'function_call_output' && !calls.has(item.call_id))?.call_id;
}

/** POST /responses/compact: "a list of all user messages, followed by a single compaction item" (openai SDK). */
function compactedWindow(input: unknown) {
  const items: any[] = typeof input === 'string' ? [{ type: 'message', role: 'user', content: input }] : Array.isArray(input) ? input : [];
  const users = items
    .filter((item) => (item?.type ?? 'message') === 'message' && item.role === 'user')
    .map((item, index) => ({
      id: `msg_fakecompact${index}`,
      type: 'message',
      status: 'completed',
      role: 'user',
      content: typeof item.content === 'string' ? [{ type: 'input_text', text: item.content }] : item.content,
    }));
  return {
    id: 'resp_fakecompact1',
    object: 'response.compaction',
    created_at: 1_700_000_000,
    output: [...users, { id: 'cmp_fake1', type: 'compaction', encrypted_content: 'ENCRYPTED-compaction-fake1' }],
    usage: usageOf(undefined),
  };
}

/** POST /embeddings: one vector per input (float or little-endian float32 base64), usage counted per word. */
function sendEmbeddings(res: ServerResponse, recorded: { path: string; body: any }): void {
  const body = recorded.body ?? {};
  const raw = body.input;
  const inputs: (string | number[])[] = typeof raw === 'string' || typeof raw?.[0] === 'number' ? [raw] : Array.isArray(raw) ? raw : [];
  if (inputs.length === 0 || inputs.length > 2048) {
    return sendJson(res, 400, { error: { message: "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", type: 'invalid_request_error', code: null, param: null } });
  }
  const model = recorded.path.startsWith('/openai/deployments/') ? recorded.path.split('/')[3] : body.model;
  const tokens = inputs.reduce((sum, input) => sum + fakeTokenCount(input), 0);
  sendJson(res, 200, {
    object: 'list',
    data: inputs.map((input, index) => {
      const vector = fakeEmbedding(input, body.dimensions);
      return { object: 'embedding', index, embedding: body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
    }),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
