import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { promptTextOf } from './prompt-text';

describe('prompt text', () => {
  it('reads each front door: Open Responses input, Chat Completions and Messages messages, embeddings input', () => {
    assert.equal(promptTextOf({ model: 'm', input: 'Hello!', instructions: 'Be brief.' }, 100), 'Be brief.\nHello!');
    assert.equal(
      promptTextOf({ input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }, { type: 'input_image', image_url: 'x' }] }, { type: 'function_call_output', output: 'tool' }] }, 100),
      'Hi',
    );
    assert.equal(promptTextOf({ messages: [{ role: 'system', content: 'Sys' }, { role: 'user', content: [{ type: 'text', text: 'Q?' }] }] }, 100), 'Sys\nQ?');
    assert.equal(promptTextOf({ system: [{ type: 'text', text: 'Claude sys' }], messages: [{ role: 'user', content: 'Hey' }] }, 100), 'Claude sys\nHey');
    assert.equal(promptTextOf({ input: ['a', 'b'] }, 100), 'a\nb');
    assert.equal(promptTextOf({ input: [[1, 2, 3]] }, 100), null, 'token arrays are not text');
  });

  it('truncates to the limit and stops reading once it is reached', () => {
    assert.equal(promptTextOf({ input: 'x'.repeat(50) }, 10), 'x'.repeat(10));
    assert.equal(promptTextOf({ messages: Array.from({ length: 1000 }, () => ({ content: 'abc' })) }, 7), 'abc\nabc');
  });

  it('is null for no body or no text', () => {
    for (const body of [undefined, null, 'text', 42, {}, { input: [] }, { messages: [{ content: [{ type: 'image' }] }] }]) assert.equal(promptTextOf(body, 100), null);
  });
});
