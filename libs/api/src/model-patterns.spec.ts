import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelMatcher } from './model-patterns';

describe('modelMatcher', () => {
  it('allows everything when no model is listed', () => {
    assert.equal(modelMatcher([])('anything'), true);
  });

  it('matches exact names and globs, and nothing else', () => {
    const allows = modelMatcher(['gpt-4o-mini', 'claude-*', 'gemini-2.?-flash']);
    assert.equal(allows('gpt-4o-mini'), true);
    assert.equal(allows('gpt-4o'), false);
    assert.equal(allows('claude-sonnet-4-6'), true);
    assert.equal(allows('gemini-2.5-flash'), true);
    assert.equal(allows('gemini-2.5-pro'), false);
    assert.equal(allows('xclaude-3'), false, 'anchored');
  });

  it('treats regular-expression characters literally', () => {
    const allows = modelMatcher(['a.b+(c)']);
    assert.equal(allows('a.b+(c)'), true);
    assert.equal(allows('aXb+(c)'), false);
  });
});
