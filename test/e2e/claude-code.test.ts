import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { claudeCodeBinary, runClaudeCode } from '../support/claude-code';
import { SixProviders } from '../support/six-providers';

const binary = claudeCodeBinary();

/**
 * Claude Code (`@anthropic-ai/claude-code`, pinned), non-interactive `-p`, with ANTHROPIC_BASE_URL at the
 * gateway: one prompt on each of the six providers. It sends what it always sends — its system prompt as text
 * blocks with cache_control, a system message among the turns, its tools (one deferred), adaptive thinking
 * with output_config.effort, a no-op context edit, a streamed request — and prints the vendor's answer.
 */
describe('Claude Code → /v1/messages on every provider', { skip: binary.missing }, () => {
  const six = new SixProviders();

  before(() => six.start());
  after(() => six.stop());

  for (const provider of six.providers) {
    it(provider.fixture.name, async () => {
      provider.fake.setDefault({ kind: 'text', text: `Hello from ${provider.fixture.name}.` });
      const run = await runClaudeCode(binary.path ?? '', six.gateway.url, provider.model, 'Say hello');
      assert.equal(run.code, 0, `${run.stderr}\n${JSON.stringify(run.result)}`);
      assert.equal(run.result?.is_error, false);
      assert.equal(run.result?.result, `Hello from ${provider.fixture.name}.`);
      assert.equal(run.result?.stop_reason, 'end_turn');
      const [sent] = provider.generations();
      assert.ok(sent, 'the vendor was called');
      assert.equal(provider.fixture.read.streamed(sent), true);
      assert.match(provider.fixture.read.system(sent) ?? '', /Claude/);
      assert.ok(provider.fixture.read.toolNames(sent).includes('Bash'), 'Claude Code offers its tools');
    });
  }
});
