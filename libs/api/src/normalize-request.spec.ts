import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from './gateway-error';
import { normalizeRequest } from './normalize-request';
import { OpenResponsesSchema } from './open-responses-schema';

function paramOf(body: unknown): string | null {
  try {
    normalizeRequest(body);
  } catch (error) {
    assert.ok(error instanceof GatewayError);
    assert.equal(error.status, 400);
    return error.param;
  }
  assert.fail('expected a 400');
}

describe('normalizeRequest', () => {
  it('turns a string input into one user message', () => {
    const request = normalizeRequest({ model: 'gpt-4o', input: 'Hello' });
    assert.equal(request.input.length, 1);
    const [item] = request.input;
    assert.equal(item.type === 'message' && item.role, 'user');
    assert.deepEqual(item.type === 'message' && item.content, [{ type: 'input_text', text: 'Hello' }]);
    assert.equal(request.stream, false);
    assert.equal(request.toolChoice, 'auto');
  });

  it('keeps every input item in a shape the spec allows as an item (GET …/input_items lists them as ItemField)', () => {
    const request = normalizeRequest({
      model: 'm',
      input: [
        { role: 'system', content: 'sys' },
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'look' },
            { type: 'input_image', image_url: 'https://x/y.png' },
            { type: 'input_image', image_url: 'https://x/z.png', detail: 'low' },
            { type: 'input_file', file_data: 'JVBERi0=', filename: 'a.pdf' },
          ],
        },
        { role: 'assistant', content: 'prior answer' },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_image', image_url: 'https://x/w.png', detail: null }] },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'thought' }] },
      ],
    });
    const schema = new OpenResponsesSchema();
    for (const item of request.input) {
      const check = schema.check('ItemField', item);
      assert.ok(check.valid, `${JSON.stringify(item)}\n${check.errors.join('\n')}`);
    }
    const user = request.input[1];
    // InputImageContent requires `detail`; the spec documents 'auto' as its default
    assert.deepEqual(user.type === 'message' && user.content.map((part) => part.type === 'input_image' && part.detail), [false, 'auto', 'low', false]);
  });

  it('accepts the seed form (no type), every role, parts, tools and options', () => {
    const request = normalizeRequest({
      model: 'm',
      provider: 'openai',
      instructions: 'Be brief',
      input: [
        { role: 'system', content: 'sys' },
        { role: 'developer', content: [{ type: 'input_text', text: 'dev' }] },
        { role: 'user', content: [{ type: 'input_text', text: 'look' }, { type: 'input_image', image_url: 'https://x/y.png' }, { type: 'input_file', file_data: 'JVBERi0=', filename: 'a.pdf' }] },
        { role: 'assistant', content: 'prior answer' },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'result' },
      ],
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }],
      tool_choice: { type: 'function', name: 'f' },
      temperature: 0.5,
      top_p: 0.9,
      max_output_tokens: 100,
      parallel_tool_calls: false,
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
      reasoning: { effort: 'low' },
      metadata: { team: 'a' },
      store: false,
      user: 'u1',
      stream: true,
      previous_response_id: 'resp_x',
    });
    assert.equal(request.input.length, 6);
    const assistant = request.input[3];
    assert.deepEqual(assistant.type === 'message' && assistant.content, [{ type: 'output_text', text: 'prior answer', annotations: [] }]);
    assert.deepEqual(request.toolChoice, { type: 'function', name: 'f' });
    assert.equal(request.textFormat.type, 'json_schema');
    assert.equal(request.reasoning?.effort, 'low');
    assert.equal(request.previousResponseId, 'resp_x');
    assert.equal(request.provider, 'openai');
  });

  it('names the offending field', () => {
    assert.equal(paramOf([]), 'body');
    assert.equal(paramOf({ input: 'x' }), 'model');
    assert.equal(paramOf({ model: 'm', input: [{ role: 'user', content: 7 }] }), 'input[0].content');
    assert.equal(paramOf({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_image' }] }] }), 'input[0].content[0].image_url');
    assert.equal(paramOf({ model: 'm', input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: {} }] }), 'input[0].arguments');
    assert.equal(paramOf({ model: 'm', input: 'x', top_p: 3 }), 'top_p');
    assert.equal(paramOf({ model: 'm', input: 'x', max_output_tokens: 1.5 }), 'max_output_tokens');
    assert.equal(paramOf({ model: 'm', input: 'x', tool_choice: 'sometimes' }), 'tool_choice');
    assert.equal(paramOf({ model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'n' } } }), 'text.format.schema');
    assert.equal(paramOf({ model: 'm', input: 'x', reasoning: { effort: 'extreme' } }), 'reasoning.effort');
    assert.equal(paramOf({ model: 'm', input: 'x', metadata: { a: 1 } }), 'metadata.a');
    assert.equal(paramOf({ model: 'm', input: 'x', stream: 'yes' }), 'stream');
    assert.equal(paramOf({ model: 'm', input: 'x', background: true }), 'background');
    assert.equal(paramOf({ model: 'm', input: 'x', bogus: 1 }), 'bogus');
    assert.equal(paramOf({ model: 'm', input: 'x', include: ['message.output_text.logprobs'] }), 'include[0]');
    assert.equal(paramOf({ model: 'm', input: 'x', text: { verbosity: 'loud' } }), 'text.verbosity');
    assert.equal(paramOf({ model: 'm', input: 'x', tools: [{ type: 'function', name: 'bad name' }] }), 'tools[0].name');
  });

  it("keeps an assistant message's phase and refuses a phase the spec does not define", () => {
    const { input } = normalizeRequest({
      model: 'm',
      input: [
        { role: 'user', content: 'q', phase: 'commentary' },
        { type: 'message', role: 'assistant', content: 'checking', phase: 'commentary' },
        { type: 'message', role: 'assistant', content: 'done', phase: 'final_answer' },
        { role: 'assistant', content: 'no phase', phase: null },
      ],
    });
    assert.deepEqual(
      input.map((item) => item.type === 'message' && item.phase),
      [undefined, 'commentary', 'final_answer', undefined],
    );
    assert.equal(paramOf({ model: 'm', input: [{ role: 'assistant', content: 'x', phase: 'final' }] }), 'input[0].phase');
  });

  it('accepts every OpenAI service tier and quotes a value OpenAI does not define as the client sent it', () => {
    for (const tier of ['auto', 'default', 'flex', 'priority', 'scale']) {
      assert.equal(normalizeRequest({ model: 'm', input: 'x', service_tier: tier }).serviceTier, tier);
    }
    for (const [tier, shown] of [['turbo', '"turbo"'], [{ tier: 'flex' }, '{"tier":"flex"}']] as const) {
      assert.throws(
        () => normalizeRequest({ model: 'm', input: 'x', service_tier: tier }),
        (error: unknown) => error instanceof GatewayError && error.param === 'service_tier' && error.message.endsWith(`got ${shown}`),
      );
    }
  });

  it('accepts the fields real clients send that only describe the request', () => {
    const request = normalizeRequest({
      model: 'm',
      input: 'x',
      // Codex CLI sends client_metadata on every request; the AI SDK and the Agents SDK send prompt_cache_retention.
      client_metadata: { originator: 'codex_exec' },
      prompt_cache_key: 'k',
      prompt_cache_retention: '24h',
      safety_identifier: 'user-1',
    });
    assert.equal(request.promptCacheRetention, '24h');
    assert.deepEqual(request.vendorFields, {});
    assert.equal(paramOf({ model: 'm', input: 'x', prompt_cache_retention: 'forever' }), 'prompt_cache_retention');
    assert.equal(paramOf({ model: 'm', input: 'x', client_metadata: 'codex' }), 'client_metadata');
  });

  it('keeps fields only OpenAI defines verbatim, for OpenAI to decide on', () => {
    const contextManagement = [{ type: 'compaction', compact_threshold: 1000 }];
    const request = normalizeRequest({ model: 'm', input: 'x', context_management: contextManagement });
    assert.deepEqual(request.vendorFields, { context_management: contextManagement });
  });

  it('refuses a body nested deeper than 64 levels, naming the path, without overflowing its own stack', () => {
    let deep: unknown = {};
    for (let level = 0; level < 10_000; level++) deep = { a: deep };
    const tooDeep = (field: string, value: unknown) => {
      try {
        normalizeRequest({ model: 'm', input: 'x', [field]: value });
      } catch (error) {
        assert.ok(error instanceof GatewayError);
        assert.equal(error.status, 400);
        assert.equal(error.code, 'nesting_too_deep');
        return error.param;
      }
      return assert.fail('expected a 400');
    };
    assert.match(tooDeep('tool_choice', deep) ?? '', /^tool_choice(\.a)+$/);
    assert.match(tooDeep('text', { format: { type: 'json_schema', name: 'n', schema: deep } }) ?? '', /^text\.format\.schema\.a/);
    assert.match(tooDeep('tools', [{ type: 'function', name: 'f', parameters: deep }]) ?? '', /^tools\[0\]\.parameters\.a/);
    let array: unknown = [];
    for (let level = 0; level < 100_000; level++) array = [array];
    assert.match(tooDeep('input', array) ?? '', /^input(\[0\])+$/);
    // The path names the first level over the limit: the body is level 1, so 64 levels of `a` under it pass.
    const param = tooDeep('tool_choice', deep) ?? '';
    assert.equal(param.split('.').length, 64);
  });

  it('lets a body exactly 64 levels deep through the nesting check, and not one level more', () => {
    const bodyWithSchemaWraps = (wraps: number) => {
      let schema: Record<string, unknown> = { type: 'string' };
      for (let level = 0; level < wraps; level++) schema = { type: 'object', properties: { a: schema } };
      return { model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'n', schema } } };
    };
    // body (1) → text (2) → format (3) → schema (4); each wrap adds two (properties, a): 30 wraps end at 64.
    assert.doesNotThrow(() => normalizeRequest(bodyWithSchemaWraps(30)));
    assert.equal(paramOf(bodyWithSchemaWraps(31))?.startsWith('text.format.schema.properties.a'), true);
  });
});

describe('normalizeRequest: tools real agents send', () => {
  it('flattens namespace tools into functions naming their namespace, and keeps hosted tools as sent', () => {
    const request = normalizeRequest({
      model: 'm',
      input: 'hi',
      tools: [
        { type: 'function', name: 'exec' },
        { type: 'namespace', name: 'multi_agent_v1', description: 'agents', tools: [{ type: 'function', name: 'close_agent', parameters: { type: 'object' } }] },
        { type: 'web_search', external_web_access: false },
      ],
    });
    assert.deepEqual(request.tools.map((tool) => [tool.name, tool.namespace]), [['exec', undefined], ['close_agent', 'multi_agent_v1']]);
    assert.deepEqual(request.toolNamespaces, [{ name: 'multi_agent_v1', description: 'agents' }]);
    assert.deepEqual(request.hostedTools, [{ type: 'web_search', external_web_access: false }]);
  });

  it('names what is wrong inside a namespace tool', () => {
    const bad = (tools: unknown[]) => {
      try {
        normalizeRequest({ model: 'm', input: 'hi', tools });
      } catch (error) {
        return (error as { param?: string }).param;
      }
      return undefined;
    };
    assert.equal(bad([{ type: 'namespace', name: 'ns', tools: [{ type: 'web_search' }] }]), 'tools[0].tools[0].type');
    assert.equal(bad([{ type: 'namespace', name: 'ns', tools: 'x' }]), 'tools[0].tools');
    assert.equal(bad([{ type: 'namespace', name: 'bad name', tools: [] }]), 'tools[0].name');
    assert.equal(bad([{ type: 'namespace', name: 'ns', tools: [{ type: 'function', name: 'a' }, { type: 'function', name: 'a' }] }]), 'tools[0].tools[1].name');
    assert.equal(bad([{ type: 42 }]), 'tools[0].type');
  });

  it('keeps a namespaced call, a hosted call and annotations sent back in the input', () => {
    const request = normalizeRequest({
      model: 'm',
      input: [
        { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'q' } },
        { role: 'assistant', content: [{ type: 'output_text', text: 'x', annotations: [{ type: 'url_citation', url: 'https://a', title: 'a', start_index: 0, end_index: 1 }] }] },
        { type: 'function_call', call_id: 'c', namespace: 'ns', name: 'f', arguments: '{}' },
      ],
    });
    assert.deepEqual(request.input[0], { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'q' } });
    assert.equal((request.input[1] as { content: { annotations: unknown[] }[] }).content[0].annotations.length, 1);
    assert.equal((request.input[2] as { namespace?: string }).namespace, 'ns');
  });
});
