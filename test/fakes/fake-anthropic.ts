import { ServerResponse } from 'node:http';
import { FakeContext, FakeUpstream, cutAfterFlush, pause, sendJson, startSse, waitForClose, writeSse, sendRecorded } from './fake-upstream';
import { DEFAULT_USAGE, FakeUsage, Scenario, chunksOf, countedTokens } from './scenario';

type Block =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; chunks: string[] }
  | { type: 'tool_use'; id: string; name: string; arguments: string };

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/**
 * Speaks Anthropic's Messages API: POST /v1/messages with the key as `x-api-key` or `Authorization: Bearer` (the
 * 1.x SDK sends the latter) and a required `anthropic-version`; or Claude in Microsoft Foundry: POST
 * /anthropic/v1/messages with `x-api-key` only. JSON answers and the typed SSE stream (message_start,
 * content_block_*, ping, message_delta, message_stop); errors as `{"type":"error","error":{type,message}}`.
 */
export class FakeAnthropic extends FakeUpstream {
  constructor(readonly flavor: 'anthropic' | 'azure' = 'anthropic', expectedKey = 'test-key') {
    super(expectedKey);
  }

  protected async route({ req, res, recorded, scenario }: FakeContext): Promise<void> {
    const expectedPath = this.flavor === 'azure' ? '/anthropic/v1/messages' : '/v1/messages';
    const countTokens = recorded.path === `${expectedPath}/count_tokens`;
    if (req.method !== 'POST' || (recorded.path !== expectedPath && !countTokens)) return sendError(res, 404, 'Not Found');
    if (!req.headers['anthropic-version']) return sendError(res, 400, 'anthropic-version: header is required');
    const bearer = req.headers.authorization?.replace(/^Bearer /, '');
    // Foundry reads a bearer token as a Microsoft Entra token, so an API key must come as x-api-key there.
    const key = this.flavor === 'azure' ? (bearer ? 'entra-token-rejected' : req.headers['x-api-key']) : (req.headers['x-api-key'] ?? bearer);
    if (key !== this.expectedKey) return sendError(res, 401, 'invalid x-api-key');
    // POST /v1/messages/count_tokens: the create body without max_tokens, answered with {input_tokens}
    if (countTokens) return sendJson(res, 200, { input_tokens: countedTokens(recorded.body) });
    const problem = requestProblem(recorded.body);
    if (problem) return sendError(res, 400, problem);
    const model: string = recorded.body.model;
    if (scenario.kind === 'error') {
      return sendError(res, scenario.status, scenario.message, scenario.retryAfter, scenario.vendorType);
    }
    if (scenario.kind === 'hang') return waitForClose(res);
    if (scenario.kind === 'recorded') return sendRecorded(res, scenario);
    if (recorded.body.stream) return this.stream(res, scenario, model);
    return sendJson(res, 200, { ...messageShell(scenario, model), content: blocksOf(scenario).map(finalBlock), ...stopOf(scenario) });
  }

  private async stream(res: ServerResponse, scenario: Scenario, model: string): Promise<void> {
    if (scenario.kind === 'slow' && scenario.firstByteDelayMs) await pause(res, scenario.firstByteDelayMs);
    startSse(res);
    const send = (event: Record<string, unknown>) => writeSse(res, event.type as string, event);
    const usage = usageOf(scenario);
    // message_start carries the input counts; output_tokens there is the vendor's running count (1 so far).
    send({ type: 'message_start', message: { ...messageShell(scenario, model), content: [], stop_reason: null, stop_sequence: null, stop_details: null, usage: { ...usage, output_tokens: 1 } } });
    send({ type: 'ping' });
    for (const [index, block] of blocksOf(scenario).entries()) {
      if (block.type === 'text') {
        send({ type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } });
        for (const [chunkIndex, text] of block.chunks.entries()) {
          if (scenario.kind === 'cut' && chunkIndex === scenario.afterChunks) return cutAfterFlush(res);
          if (scenario.kind === 'slow' && chunkIndex > 0) await pause(res, scenario.gapMs);
          if (res.destroyed) return;
          send({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
        }
      } else if (block.type === 'thinking') {
        send({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
        send({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.thinking } });
        send({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } });
      } else {
        send({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
        const half = Math.ceil(block.arguments.length / 2);
        for (const partial_json of [block.arguments.slice(0, half), block.arguments.slice(half)]) {
          send({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } });
        }
      }
      send({ type: 'content_block_stop', index });
    }
    // "The token counts shown in the usage field of the message_delta event are cumulative."
    send({ type: 'message_delta', delta: { ...stopOf(scenario), container: null }, usage });
    send({ type: 'message_stop' });
    res.end();
  }
}

function sendError(res: ServerResponse, status: number, message: string, retryAfter?: number, vendorType?: string): void {
  const headers: Record<string, string> = { 'request-id': 'req_fake1' };
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  const type = vendorType ?? ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  sendJson(res, status, { type: 'error', error: { type, message }, request_id: 'req_fake1' }, headers);
}

/** The checks of the real API that a converter bug would trip, with the vendor's wording. */
function requestProblem(body: any): string | undefined {
  if (typeof body?.model !== 'string') return 'model: Field required';
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) return 'max_tokens: Field required';
  for (const field of ['temperature', 'top_p', 'top_k']) if (field in body) return `${field}: Extra inputs are not permitted`;
  if (body.thinking?.type === 'enabled' && !(body.thinking.budget_tokens >= 1024 && body.thinking.budget_tokens < body.max_tokens)) {
    return '`max_tokens` must be greater than `thinking.budget_tokens`, which must be ≥ 1024';
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  const messages: any[] = body.messages;
  for (const [index, message] of messages.entries()) {
    if (message.role !== 'user' && message.role !== 'assistant') return `messages.${index}.role: Input should be 'user' or 'assistant'`;
    const blocks: any[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (!blocks.length) return `messages.${index}: all messages must have non-empty content except for the optional final assistant message`;
    const results = blocks.filter((block) => block.type === 'tool_result');
    const firstOther = blocks.findIndex((block) => block.type !== 'tool_result');
    if (firstOther !== -1 && blocks.findLastIndex((block) => block.type === 'tool_result') > firstOther) {
      return `messages.${index}: tool_result blocks must come first in the content array`;
    }
    const previousUses = new Set(toolUseIds(messages[index - 1]));
    const orphan = results.find((block) => message.role !== 'user' || !previousUses.has(block.tool_use_id));
    if (orphan) {
      return `messages.${index}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${orphan.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
    const next = messages[index + 1];
    const answered = new Set((Array.isArray(next?.content) ? next.content : []).filter((block: any) => block.type === 'tool_result').map((block: any) => block.tool_use_id));
    const unanswered = next ? toolUseIds(message).filter((id) => !answered.has(id)) : [];
    if (unanswered.length) {
      return `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}

function toolUseIds(message: any): string[] {
  if (message?.role !== 'assistant' || !Array.isArray(message.content)) return [];
  return message.content.filter((block: any) => block.type === 'tool_use').map((block: any) => block.id);
}

function blocksOf(scenario: Scenario): Block[] {
  const blocks: Block[] = [];
  if (scenario.kind === 'text' && scenario.reasoning) blocks.push({ type: 'thinking', thinking: scenario.reasoning, signature: 'sig_fake1' });
  if (scenario.kind === 'text' || scenario.kind === 'cut' || scenario.kind === 'slow') blocks.push({ type: 'text', chunks: chunksOf(scenario) });
  if (scenario.kind === 'tool_calls') {
    if (scenario.text !== undefined) blocks.push({ type: 'text', chunks: [scenario.text] });
    scenario.calls.forEach((call, index) => blocks.push({ type: 'tool_use', id: call.id ?? `toolu_fake${index}`, name: call.name, arguments: call.arguments }));
  }
  return blocks;
}

function finalBlock(block: Block): Record<string, unknown> {
  if (block.type === 'text') return { type: 'text', text: block.chunks.join(''), citations: null };
  if (block.type === 'thinking') return { type: 'thinking', thinking: block.thinking, signature: block.signature };
  return { type: 'tool_use', id: block.id, name: block.name, input: block.arguments ? JSON.parse(block.arguments) : {} };
}

function messageShell(scenario: Scenario, model: string) {
  const served = scenario.kind === 'text' || scenario.kind === 'tool_calls' ? scenario.model ?? model : model;
  return { id: 'msg_fake1', type: 'message', role: 'assistant', model: served, container: null, usage: usageOf(scenario) };
}

/** stop_reason: https://platform.claude.com/docs/en/build-with-claude/handling-stop-reasons */
function stopOf(scenario: Scenario) {
  let stopReason = 'end_turn';
  let stopDetails: Record<string, unknown> | null = null;
  if (scenario.kind === 'tool_calls') stopReason = 'tool_use';
  if (scenario.kind === 'text' && scenario.finish === 'length') stopReason = 'max_tokens';
  if (scenario.kind === 'text' && (scenario.refusal || scenario.finish === 'content_filter')) {
    stopReason = 'refusal';
    stopDetails = { type: 'refusal', category: null, explanation: scenario.refusal ?? null };
  }
  return { stop_reason: stopReason, stop_sequence: null, stop_details: stopDetails };
}

/** Anthropic's input_tokens excludes cache reads and writes; the scenario's inputTokens is the total. */
function usageOf(scenario: Scenario) {
  const usage: FakeUsage = (scenario.kind === 'text' || scenario.kind === 'tool_calls' ? scenario.usage : undefined) ?? DEFAULT_USAGE;
  const cacheRead = usage.cachedTokens ?? 0;
  const cacheCreation = usage.cacheCreationTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.inputTokens - cacheRead - cacheCreation),
    cache_creation_input_tokens: cacheCreation,
    cache_read_input_tokens: cacheRead,
    output_tokens: usage.outputTokens,
    ...(usage.reasoningTokens ? { output_tokens_details: { thinking_tokens: usage.reasoningTokens } } : {}),
    service_tier: 'standard',
  };
}
