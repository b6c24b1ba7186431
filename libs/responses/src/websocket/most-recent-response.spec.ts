import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationItem } from '@latticelm/api';
import { MostRecentResponse } from './most-recent-response';

const items: ConversationItem[] = [{ type: 'message', id: 'msg_1', status: 'completed', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }];

describe('MostRecentResponse', () => {
  it('keeps only the latest response of the connection', () => {
    const sut = new MostRecentResponse();
    sut.remember('resp_1', { items, chainLength: 1 });
    assert.equal(sut.lookup('resp_1')?.chainLength, 1);
    sut.remember('resp_2', { items, chainLength: 2 });
    assert.equal(sut.lookup('resp_1'), undefined);
    assert.equal(sut.lookup('resp_2')?.chainLength, 2);
  });

  it('evicts the referenced response (after a failed continuation), and only that one', () => {
    const sut = new MostRecentResponse();
    sut.remember('resp_1', { items, chainLength: 1 });
    sut.evict('resp_other');
    assert.ok(sut.lookup('resp_1'));
    sut.evict('resp_1');
    assert.equal(sut.lookup('resp_1'), undefined);
  });
});
