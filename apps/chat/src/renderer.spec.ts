import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { coloursWanted, createStyle } from './ansi';
import { Renderer, formatFooter, formatModels } from './renderer';

function capture(colour = false) {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => (text += chunk));
  return { renderer: new Renderer(out, createStyle(colour)), text: () => text };
}

const result = { id: 'resp_1', model: 'gpt-4o-mini', provider: 'openai', status: 'completed', text: 'Hi', usage: { inputTokens: 12, outputTokens: 7 } };

describe('Renderer', () => {
  it('writes deltas as they come, then ends the line before the footer', () => {
    const { renderer, text } = capture();
    renderer.startAnswer();
    renderer.delta('Hel');
    assert.equal(text(), 'Hel');
    renderer.delta('lo');
    renderer.finishAnswer(result);
    assert.equal(text(), 'Hello\n[openai · gpt-4o-mini · 12 in / 7 out tokens]\n');
  });

  it('does not add a blank line after an answer that ended with a newline', () => {
    const { renderer, text } = capture();
    renderer.startAnswer();
    renderer.delta('done\n');
    renderer.finishAnswer(result);
    assert.equal(text(), 'done\n[openai · gpt-4o-mini · 12 in / 7 out tokens]\n');
  });

  it('puts an error that cuts an answer on its own line, red on a terminal', () => {
    const { renderer, text } = capture(true);
    renderer.startAnswer();
    renderer.delta('a b ');
    renderer.error('the response failed: stream cut');
    assert.equal(text(), 'a b \n\u001b[31merror: the response failed: stream cut\u001b[39m\n');
  });

  it('lists models with the current one starred', () => {
    const { renderer, text } = capture();
    renderer.models([{ id: 'gpt-4o-mini', provider: 'openai' }, { id: 'claude', provider: 'anthropic' }], 'claude');
    assert.equal(text(), '  gpt-4o-mini  openai\n* claude       anthropic\n');
  });
});

describe('formatting', () => {
  it('footer shows a missing provider, missing usage and an incomplete status', () => {
    assert.equal(
      formatFooter({ id: 'r', model: 'm', status: 'incomplete', incompleteReason: 'max_output_tokens', text: '' }),
      '[unknown provider · m · incomplete: max_output_tokens]',
    );
  });

  it('model lines without a provider have no trailing spaces', () => {
    assert.deepEqual(formatModels([{ id: 'a' }, { id: 'bbb' }], 'x'), ['  a', '  bbb']);
  });

  it('colours only on a TTY without NO_COLOR', () => {
    assert.equal(coloursWanted({ isTTY: true }, {}), true);
    assert.equal(coloursWanted({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(coloursWanted({}, {}), false);
    assert.equal(createStyle(false).dim('x'), 'x');
  });
});
