import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { RunningGateway, postResponse } from '../support/gateway-harness';
import { ThreeVendors } from '../support/three-vendors';
import { collectSse } from '../support/sse';
import { assertValidWithHostedCalls, withoutHostedCalls } from '../support/hosted-calls';
import { assertValidError, assertValidResponse, assertValidStream } from '../support/spec-assertions';

/** The tool set Codex CLI sends (captured from `codex exec` 0.x against a custom provider), cut to its kinds. */
const CODEX_TOOLS = [
  { type: 'web_search', external_web_access: false },
  { type: 'function', name: 'exec_command', description: 'Runs a command in a PTY.', strict: false, parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] } },
  {
    type: 'namespace',
    name: 'multi_agent_v1',
    description: 'Tools for spawning and managing sub-agents.',
    tools: [
      { type: 'function', name: 'close_agent', description: 'Close an agent.', strict: false, parameters: { type: 'object', properties: { id: { type: 'string' } } } },
      { type: 'function', name: 'spawn_agent', description: 'Spawn an agent.', strict: false, parameters: { type: 'object', properties: {} } },
    ],
  },
  { type: 'function', name: 'get_goal', description: 'Get the goal.', strict: false, parameters: { type: 'object', properties: {} } },
];
const CODEX_BODY = { tools: CODEX_TOOLS, tool_choice: 'auto', parallel_tool_calls: false, client_metadata: { originator: 'codex_exec' }, prompt_cache_key: 'thread-1' };

function sse(events: Record<string, unknown>[], numbered = true): string {
  return events.map((event, index) => `event: ${String(event.type)}\ndata: ${JSON.stringify(numbered ? { ...event, sequence_number: index } : event)}\n\n`).join('');
}

/** A Messages stream with a server-side web search (the block kinds of Anthropic's web search streaming docs). */
const SEARCH_ID = 'srvtoolu_01WYG3ziw53XMcoyKL4XcZmE';
const CITED = 'Error-corrected logical qubits were shown.';
const ANTHROPIC_SEARCH_STREAM = sse(
  [
    { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'claude-sonnet-4-6', stop_reason: null, usage: { input_tokens: 2100, output_tokens: 3 } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: 'Let me search.' } },
    { type: 'content_block_stop', index: 0 },
    { type: 'content_block_start', index: 1, content_block: { type: 'server_tool_use', id: SEARCH_ID, name: 'web_search', input: {} } },
    { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"query":"latest quantum computing breakthroughs 2025"}' } },
    { type: 'content_block_stop', index: 1 },
    {
      type: 'content_block_start',
      index: 2,
      content_block: { type: 'web_search_tool_result', tool_use_id: SEARCH_ID, content: [{ type: 'web_search_result', title: 'Quantum 2025', url: 'https://example.com/quantum', encrypted_content: 'Eq', page_age: null }] },
    },
    { type: 'content_block_stop', index: 2 },
    { type: 'content_block_start', index: 3, content_block: { type: 'text', text: '', citations: [] } },
    { type: 'content_block_delta', index: 3, delta: { type: 'citations_delta', citation: { type: 'web_search_result_location', url: 'https://example.com/quantum', title: 'Quantum 2025', encrypted_index: 'Eo', cited_text: '…' } } },
    { type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text: CITED } },
    { type: 'content_block_stop', index: 3 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 90 } },
    { type: 'message_stop' },
  ],
  false,
);

describe('tools real agents send: namespace tools and hosted web search', () => {
  const vendors = new ThreeVendors();
  const { openai, anthropic, gemini } = vendors;
  let gateway: RunningGateway;

  before(async () => {
    gateway = await vendors.start(({ anthropic: fake }) => ({
      providers: { 'anthropic-dropping': { type: 'anthropic', api_key: 'sk-ant', endpoint: fake.url, max_retries: 0, unsupported_parameters: 'drop' } },
      models: [
        { name: 'claude-dropping', provider: 'anthropic-dropping', provider_model_id: 'claude-sonnet-4-6' },
        { name: 'gemini-3', provider: 'google', provider_model_id: 'gemini-3-flash-preview' },
      ],
    }));
  });
  after(() => vendors.stop());
  beforeEach(() => {
    vendors.reset();
  });

  it('passes a namespace tool and web_search to OpenAI as sent, and keeps the namespace of its call', async () => {
    openai.enqueue({
      kind: 'recorded',
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        id: 'resp_up',
        object: 'response',
        created_at: 1,
        status: 'completed',
        model: 'gpt-5',
        output: [{ type: 'function_call', id: 'fc_up', call_id: 'call_1', namespace: 'multi_agent_v1', name: 'close_agent', arguments: '{"id":"a1"}', status: 'completed' }],
        usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
      }),
    });
    const response = await postResponse(gateway, { model: 'gpt', input: 'close agent a1', ...CODEX_BODY });
    const body = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    assertValidResponse(body);
    assert.deepEqual(body.output[0].namespace, 'multi_agent_v1');
    assert.equal(body.output[0].name, 'close_agent');
    const sent = openai.requests[0].body;
    // in the order sent: a reordered list would change the prompt's prefix, and with it the vendor's cache hits
    assert.deepEqual(sent.tools.map((tool: { type: string; name?: string }) => `${tool.type}:${tool.name ?? ''}`), ['web_search:', 'function:exec_command', 'namespace:multi_agent_v1', 'function:get_goal']);
    assert.deepEqual(sent.tools[2].tools.map((tool: { name: string }) => tool.name), ['close_agent', 'spawn_agent']);
    assert.deepEqual(sent.tools[0], { type: 'web_search', external_web_access: false });
  });

  for (const model of ['claude', 'gemini-3'] as const) {
    it(`offers namespaced functions to ${model} under flat names and gives the call its namespace back, both turns`, async () => {
      const upstream = model === 'claude' ? anthropic : gemini;
      upstream.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_9', name: 'multi_agent_v1__close_agent', arguments: '{"id":"a1"}' }] });
      const first = await postResponse(gateway, { model, input: 'close agent a1', ...CODEX_BODY, parallel_tool_calls: true });
      const body = await first.json();
      assert.equal(first.status, 200, JSON.stringify(body));
      const call = body.output.find((item: { type: string }) => item.type === 'function_call');
      assert.equal(call.name, 'close_agent');
      assert.equal(call.namespace, 'multi_agent_v1');
      const sentTools = JSON.stringify(upstream.requests[0].body);
      assert.ok(sentTools.includes('"multi_agent_v1__close_agent"') && sentTools.includes('"multi_agent_v1__spawn_agent"'), sentTools);
      assert.ok(model === 'claude' ? sentTools.includes('"web_search_20250305"') : sentTools.includes('"googleSearch"'), 'the vendor search is offered');
      if (model === 'gemini-3') assert.equal(upstream.requests[0].body.toolConfig?.includeServerSideToolInvocations, true, 'Gemini is told to show its own search calls');

      // a stateless client sends the call back with its namespace, and the result
      upstream.enqueue({ kind: 'text', text: 'Closed.' });
      const second = await postResponse(gateway, {
        model,
        ...CODEX_BODY,
        parallel_tool_calls: true,
        input: [
          { role: 'user', content: 'close agent a1' },
          { type: 'function_call', call_id: call.call_id, namespace: 'multi_agent_v1', name: 'close_agent', arguments: '{"id":"a1"}' },
          { type: 'function_call_output', call_id: call.call_id, output: 'closed' },
        ],
      });
      assert.equal(second.status, 200, await second.clone().text());
      const replayed = JSON.stringify(upstream.requests[1].body);
      assert.ok(replayed.includes('"name":"multi_agent_v1__close_agent"'), `the earlier call goes back under its flat name: ${replayed}`);
    });
  }

  it('streams an Anthropic web search as a web_search_call with url_citation annotations, and continues the chain without it', async () => {
    anthropic.enqueue({ kind: 'recorded', status: 200, contentType: 'text/event-stream', body: ANTHROPIC_SEARCH_STREAM });
    const response = await postResponse(gateway, { model: 'claude', input: 'Quantum news?', tools: [{ type: 'web_search' }], stream: true, store: true });
    assert.equal(response.status, 200);
    const { events, messages, done } = await collectSse(response);
    assertValidStream(withoutHostedCalls(events), undefined, done);
    assert.equal(messages.filter((message) => message.data !== '[DONE]').length, events.length);
    const types = events.map((event) => event.type);
    for (const type of ['response.web_search_call.in_progress', 'response.web_search_call.searching', 'response.web_search_call.completed', 'response.output_text.annotation.added']) {
      assert.ok(types.includes(type), `${type} in ${types.join(', ')}`);
    }
    const final = events.at(-1)?.response;
    assertValidWithHostedCalls(final);
    assert.deepEqual(final.output.map((item: { type: string }) => item.type), ['message', 'web_search_call', 'message']);
    assert.equal(final.output[1].action.query, 'latest quantum computing breakthroughs 2025');
    assert.match(final.output[1].id, /^ws_/);
    assert.deepEqual(final.output[2].content[0].annotations, [
      { type: 'url_citation', url: 'https://example.com/quantum', title: 'Quantum 2025', start_index: 0, end_index: CITED.length },
    ]);
    const sentTools = anthropic.requests[0].body.tools;
    assert.deepEqual(sentTools, [{ type: 'web_search_20250305', name: 'web_search' }]);

    anthropic.enqueue({ kind: 'text', text: 'More detail.' });
    const next = await postResponse(gateway, { model: 'claude', input: 'Tell me more', previous_response_id: final.id, tools: [{ type: 'web_search' }] });
    assert.equal(next.status, 200, await next.clone().text());
    const history = JSON.stringify(anthropic.requests[1].body.messages);
    assert.ok(history.includes(CITED), history);
    assert.ok(!history.includes('web_search_call') && !history.includes('server_tool_use'), 'the search report stays out of the replayed history');
  });

  it('answers a grounded Gemini response with a web_search_call and url_citation annotations', async () => {
    const text = 'Spain won Euro 2024.';
    gemini.enqueue({
      kind: 'recorded',
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        candidates: [
          {
            content: { role: 'model', parts: [{ text }] },
            finishReason: 'STOP',
            groundingMetadata: {
              webSearchQueries: ['who won euro 2024'],
              groundingChunks: [{ web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/uefa', title: 'uefa.com' } }],
              groundingSupports: [{ segment: { startIndex: 0, endIndex: text.length, text }, groundingChunkIndices: [0] }],
            },
          },
        ],
        usageMetadata: { promptTokenCount: 8, candidatesTokenCount: 6, totalTokenCount: 14 },
        modelVersion: 'gemini-2.5-flash',
      }),
    });
    const response = await postResponse(gateway, { model: 'gemini', input: 'Who won Euro 2024?', tools: [{ type: 'web_search' }] });
    const body = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    assertValidWithHostedCalls(body);
    assert.deepEqual(body.output.map((item: { type: string }) => item.type), ['message', 'web_search_call']);
    assert.deepEqual(body.output[0].content[0].annotations, [
      { type: 'url_citation', url: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/uefa', title: 'uefa.com', start_index: 0, end_index: text.length },
    ]);
    assert.deepEqual(gemini.requests[0].body.tools, [{ googleSearch: {} }]);
  });

  it('passes OpenAI web search events through, in order, with the vendor item ids', async () => {
    const ws = 'ws_67c9fa0502748190b7dd390736892e100be649c1a5ff9609';
    const message = { id: 'msg_up', type: 'message', status: 'in_progress', role: 'assistant', content: [] };
    const annotation = { type: 'url_citation', url: 'https://example.com/sf', title: 'SF weather', start_index: 0, end_index: 9 };
    const doneText = { type: 'output_text', text: 'It rains.', annotations: [annotation] };
    openai.enqueue({
      kind: 'recorded',
      status: 200,
      contentType: 'text/event-stream',
      body: sse([
        { type: 'response.created', response: { id: 'resp_up', status: 'in_progress', output: [] } },
        { type: 'response.output_item.added', output_index: 0, item: { id: ws, type: 'web_search_call', status: 'in_progress' } },
        { type: 'response.web_search_call.in_progress', output_index: 0, item_id: ws },
        { type: 'response.web_search_call.searching', output_index: 0, item_id: ws },
        { type: 'response.web_search_call.completed', output_index: 0, item_id: ws },
        { type: 'response.output_item.done', output_index: 0, item: { id: ws, type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'weather: San Francisco, CA' } } },
        { type: 'response.output_item.added', output_index: 1, item: message },
        { type: 'response.content_part.added', output_index: 1, item_id: 'msg_up', content_index: 0, part: { type: 'output_text', text: '', annotations: [] } },
        { type: 'response.output_text.delta', output_index: 1, item_id: 'msg_up', content_index: 0, delta: 'It rains.' },
        { type: 'response.output_text.annotation.added', output_index: 1, item_id: 'msg_up', content_index: 0, annotation_index: 0, annotation },
        { type: 'response.output_text.done', output_index: 1, item_id: 'msg_up', content_index: 0, text: 'It rains.' },
        { type: 'response.content_part.done', output_index: 1, item_id: 'msg_up', content_index: 0, part: doneText },
        { type: 'response.output_item.done', output_index: 1, item: { ...message, status: 'completed', content: [doneText] } },
        {
          type: 'response.completed',
          response: { id: 'resp_up', status: 'completed', model: 'gpt-5', output: [], usage: { input_tokens: 5, output_tokens: 3, total_tokens: 8, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } } },
        },
      ]),
    });
    const response = await postResponse(gateway, { model: 'gpt', input: 'Weather in SF?', tools: [{ type: 'web_search', search_context_size: 'low' }], stream: true });
    const { events, done } = await collectSse(response);
    assertValidStream(withoutHostedCalls(events), undefined, done);
    const search = events.filter((event) => event.type.startsWith('response.web_search_call.'));
    assert.deepEqual(search.map((event) => [event.type, event.item_id, event.output_index]), [
      ['response.web_search_call.in_progress', ws, 0],
      ['response.web_search_call.searching', ws, 0],
      ['response.web_search_call.completed', ws, 0],
    ]);
    const final = events.at(-1)?.response;
    assertValidWithHostedCalls(final);
    assert.deepEqual(final.output[0], { id: ws, type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'weather: San Francisco, CA' } });
    assert.deepEqual(final.output[1].content[0].annotations, [annotation]);
    assert.deepEqual(openai.requests[0].body.tools, [{ type: 'web_search', search_context_size: 'low' }]);
  });

  it('refuses a hosted tool a vendor has no equivalent for, naming it, or drops it when the provider says drop', async () => {
    const refused = await postResponse(gateway, { model: 'claude', input: 'hi', tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] });
    const error = await refused.json();
    assert.equal(refused.status, 400);
    assertValidError(error);
    assert.equal(error.error.param, 'tools');
    assert.match(error.error.message, /file_search/);
    assert.equal(anthropic.requests.length, 0, 'nothing reached the vendor');

    anthropic.enqueue({ kind: 'text', text: 'ok' });
    const dropped = await postResponse(gateway, { model: 'claude-dropping', input: 'hi', tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] });
    assert.equal(dropped.status, 200, await dropped.clone().text());
    assert.equal(dropped.headers.get('x-latticelm-dropped-parameters'), 'tools');
    assert.equal(anthropic.requests[0].body.tools, undefined);
  });

  it('refuses Google Search beside function tools on Gemini 2.x, which cannot combine them', async () => {
    const refused = await postResponse(gateway, { model: 'gemini', input: 'hi', ...CODEX_BODY, parallel_tool_calls: true });
    const error = await refused.json();
    assert.equal(refused.status, 400, JSON.stringify(error));
    assert.equal(error.error.param, 'tools');
    assert.match(error.error.message, /gemini-2\.5-flash cannot combine Google Search with function calling/);
    assert.equal(gemini.requests.length, 0);
  });

  it("sends Gemini 3's own search calls back with the next turn, where they came", async () => {
    const serverParts = [
      { toolCall: { id: 'srv_1', toolType: 'GOOGLE_SEARCH_WEB', args: { queries: ['northernmost city US'] } }, thoughtSignature: 'c2ln' },
      { toolResponse: { id: 'srv_1', toolType: 'GOOGLE_SEARCH_WEB', response: { search_suggestions: '…' } } },
    ];
    gemini.enqueue({
      kind: 'recorded',
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        candidates: [{ content: { role: 'model', parts: [...serverParts, { functionCall: { name: 'exec_command', args: { cmd: 'weather Utqiagvik' } } }] }, finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 8, totalTokenCount: 28 },
      }),
    });
    const first = await postResponse(gateway, { model: 'gemini-3', input: 'Weather in the northernmost US city?', ...CODEX_BODY, parallel_tool_calls: true, store: true });
    const body = await first.json();
    assert.equal(first.status, 200, JSON.stringify(body));
    assert.deepEqual(body.output.map((item: { type: string }) => item.type), ['reasoning', 'function_call']);
    const call = body.output[1];

    gemini.enqueue({ kind: 'text', text: 'Cold.' });
    const second = await postResponse(gateway, {
      model: 'gemini-3',
      ...CODEX_BODY,
      parallel_tool_calls: true,
      previous_response_id: body.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '-20C' }],
    });
    assert.equal(second.status, 200, await second.clone().text());
    const model = gemini.requests[1].body.contents.find((content: { role: string }) => content.role === 'model');
    assert.deepEqual(model.parts.slice(0, 2), serverParts, 'the server parts go back whole, signature included, before the call');
    assert.equal(model.parts[2].functionCall.name, 'exec_command');
  });

  it("honours the spec's allowed_tools: as sent to OpenAI, by offering only those functions elsewhere", async () => {
    const tools = [
      { type: 'function', name: 'read_file', parameters: { type: 'object', properties: {} } },
      { type: 'function', name: 'delete_file', parameters: { type: 'object', properties: {} } },
    ];
    const toolChoice = { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'read_file' }] };
    openai.enqueue({ kind: 'text', text: 'ok' });
    anthropic.enqueue({ kind: 'text', text: 'ok' });
    gemini.enqueue({ kind: 'text', text: 'ok' });
    for (const model of ['gpt', 'claude', 'gemini']) {
      const response = await postResponse(gateway, { model, input: 'read it', tools, tool_choice: toolChoice });
      const body = await response.json();
      assert.equal(response.status, 200, JSON.stringify(body));
      assertValidResponse(body);
      assert.deepEqual(body.tool_choice, toolChoice);
    }
    assert.deepEqual(openai.requests[0].body.tool_choice, toolChoice);
    assert.deepEqual(anthropic.requests[0].body.tools.map((tool: { name: string }) => tool.name), ['read_file']);
    assert.deepEqual(anthropic.requests[0].body.tool_choice, { type: 'any' });
    assert.deepEqual(gemini.requests[0].body.tools[0].functionDeclarations.map((tool: { name: string }) => tool.name), ['read_file']);
    assert.equal(gemini.requests[0].body.toolConfig.functionCallingConfig.mode, 'ANY');
  });

  it("forces OpenAI's hosted tool choice where the vendor can: Anthropic's search yes, Gemini no", async () => {
    openai.enqueue({ kind: 'text', text: 'ok' });
    const passed = await postResponse(gateway, { model: 'gpt', input: 'news?', tools: [{ type: 'web_search' }], tool_choice: { type: 'web_search' } });
    assert.equal(passed.status, 200, await passed.clone().text());
    assert.deepEqual((await passed.json()).tool_choice, { type: 'web_search' });
    assert.deepEqual(openai.requests[0].body.tool_choice, { type: 'web_search' });

    anthropic.enqueue({ kind: 'text', text: 'ok' });
    const forced = await postResponse(gateway, { model: 'claude', input: 'news?', tools: [{ type: 'web_search' }], tool_choice: { type: 'web_search' } });
    assert.equal(forced.status, 200, await forced.clone().text());
    assert.deepEqual(anthropic.requests[0].body.tool_choice, { type: 'tool', name: 'web_search' });

    const refused = await postResponse(gateway, { model: 'gemini', input: 'news?', tools: [{ type: 'web_search' }], tool_choice: { type: 'web_search' } });
    const error = await refused.json();
    assert.equal(refused.status, 400, JSON.stringify(error));
    assert.equal(error.error.param, 'tool_choice');
  });

  it('refuses a search option Gemini cannot honour, and a hosted call only OpenAI can replay', async () => {
    const filtered = await postResponse(gateway, { model: 'gemini', input: 'hi', tools: [{ type: 'web_search', filters: { allowed_domains: ['example.com'] } }] });
    const filteredError = await filtered.json();
    assert.equal(filtered.status, 400);
    assert.match(filteredError.error.message, /allowed_domains/);

    const replay = await postResponse(gateway, {
      model: 'claude',
      input: [{ type: 'code_interpreter_call', id: 'ci_1', status: 'completed', code: 'print(1)', container_id: 'c', outputs: [] }, { role: 'user', content: 'and?' }],
    });
    const replayError = await replay.json();
    assert.equal(replay.status, 400, JSON.stringify(replayError));
    assert.equal(replayError.error.param, 'input[0]');
    assert.match(replayError.error.message, /code_interpreter_call/);
  });
});
