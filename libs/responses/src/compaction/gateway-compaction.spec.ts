import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationItem } from '@latticelm/api';
import { decodeGatewayCompaction, encodeGatewayCompaction, expandGatewayCompactions, toCompactedWindow, toCompactionTranscript } from './gateway-compaction';

const user = (text: string, id = 'msg_u'): ConversationItem => ({ type: 'message', id, status: 'completed', role: 'user', content: [{ type: 'input_text', text }] });
const assistant = (text: string): ConversationItem => ({ type: 'message', id: 'msg_a', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] });
const conversation: ConversationItem[] = [
  user('Remember the code word: slate.', 'msg_1'),
  assistant('OK.'),
  { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' },
  { type: 'function_call_output', id: 'fco_1', call_id: 'call_1', output: 'sunny', status: 'completed' },
  { type: 'message', id: 'msg_2', status: 'completed', role: 'user', content: [{ type: 'input_text', text: 'And this?' }, { type: 'input_image', image_url: 'https://x/y.png', detail: 'auto' }] },
];

describe('gateway compaction', () => {
  it('round-trips a summary through its opaque content, and tells a vendor item apart', () => {
    const content = encodeGatewayCompaction('The code word is slate. ünïcode');
    assert.equal(decodeGatewayCompaction(content), 'The code word is slate. ünïcode');
    assert.doesNotMatch(content, /slate/, 'not readable at a glance');
    assert.equal(decodeGatewayCompaction('gAAAAABpM0Yj-vendor-encrypted'), undefined);
  });

  it('compacts into every user message, then one compaction item (the shape OpenAI returns)', () => {
    const window = toCompactedWindow(conversation, 'summary text');
    assert.deepEqual(window.slice(0, -1).map((item) => item.id), ['msg_1', 'msg_2']);
    const last = window.at(-1);
    assert.equal(last?.type, 'compaction');
    assert.match(last?.id ?? '', /^cmp_/);
    assert.equal(last?.type === 'compaction' && decodeGatewayCompaction(last.encrypted_content), 'summary text');
  });

  it("expands the gateway's items into a user message with the summary, leaving a vendor's as they are", () => {
    const ours = { type: 'compaction' as const, id: 'cmp_1', encrypted_content: encodeGatewayCompaction('slate') };
    const theirs = { type: 'compaction' as const, id: 'cmp_2', encrypted_content: 'gAAAA-vendor' };
    const expanded = expandGatewayCompactions([user('first'), ours, theirs, user('next')]);
    assert.equal(expanded[1].type, 'message');
    assert.equal(expanded[1].type === 'message' && expanded[1].role, 'user');
    assert.match(JSON.stringify(expanded[1]), /Summary of the earlier conversation[^"]*\\n\\nslate/);
    assert.deepEqual(expanded[2], theirs);
    const plain = [user('x')];
    assert.equal(expandGatewayCompactions(plain), plain, 'no copy when there is nothing to expand');
  });

  it('writes the conversation as a plain transcript: tool calls, results and media in words', () => {
    const transcript = toCompactionTranscript(conversation, 'anthropic');
    assert.match(transcript, /user: Remember the code word: slate\./);
    assert.match(transcript, /assistant: OK\./);
    assert.match(transcript, /assistant called get_weather\(\{"city":"Paris"\}\) \[call call_1\]/);
    assert.match(transcript, /tool result \[call call_1\]: sunny/);
    assert.match(transcript, /user: And this\? \[image\]/);
  });

  it("refuses a vendor's compaction item it cannot read, naming it", () => {
    assert.throws(
      () => toCompactionTranscript([user('x'), { type: 'compaction', id: 'cmp_v', encrypted_content: 'gAAAA' }], 'anthropic'),
      (error: { status: number; param: string; code: string }) => error.status === 400 && error.param === 'input[1].encrypted_content' && error.code === 'unsupported_parameter',
    );
  });
});
