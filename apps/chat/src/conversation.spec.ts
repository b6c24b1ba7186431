import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Conversation } from './conversation';

describe('Conversation', () => {
  it('with storage, chains previous_response_id and sends only the new message', () => {
    const conversation = new Conversation('gpt-4o-mini', true, 'Be brief.');
    assert.deepEqual(conversation.request('Hi'), { model: 'gpt-4o-mini', stream: true, input: 'Hi', instructions: 'Be brief.' });
    conversation.recordAnswer('Hi', 'resp_1', 'Hello!');
    conversation.model = 'claude';
    assert.deepEqual(conversation.request('And you?'), {
      model: 'claude',
      stream: true,
      input: 'And you?',
      instructions: 'Be brief.',
      previous_response_id: 'resp_1',
    });
    assert.equal(conversation.turns, 1);
  });

  it('without storage, resends the transcript with store: false', () => {
    const conversation = new Conversation('m', false);
    conversation.recordAnswer('Hi', 'resp_1', 'Hello!');
    const request = conversation.request('Bye');
    assert.equal(request.store, false);
    assert.equal(request.previous_response_id, undefined);
    assert.deepEqual(request.input, [
      { type: 'message', role: 'user', content: 'Hi' },
      { type: 'message', role: 'assistant', content: 'Hello!' },
      { type: 'message', role: 'user', content: 'Bye' },
    ]);
  });

  it('reset forgets the history but keeps the model', () => {
    const conversation = new Conversation('m', true);
    conversation.recordAnswer('Hi', 'resp_1', 'Hello!');
    conversation.reset();
    assert.equal(conversation.lastResponseId, undefined);
    assert.equal(conversation.turns, 0);
    assert.deepEqual(conversation.request('again'), { model: 'm', stream: true, input: 'again' });
  });
});
