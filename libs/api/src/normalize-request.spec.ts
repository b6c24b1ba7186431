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

  it('quotes an unsupported service_tier as the client sent it, objects included', () => {
    for (const [tier, shown] of [['flex', '"flex"'], [{ tier: 'flex' }, '{"tier":"flex"}']] as const) {
      assert.throws(
        () => normalizeRequest({ model: 'm', input: 'x', service_tier: tier }),
        (error: unknown) => error instanceof GatewayError && error.param === 'service_tier' && error.message === `service_tier ${shown} is not supported`,
      );
    }
  });
});
