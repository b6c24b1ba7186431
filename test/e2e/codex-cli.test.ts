import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CodexHome, CodexRun, codexLauncher } from '../support/codex-cli';
import { RecordingProxy } from '../support/recording-proxy';
import { SixProviders } from '../support/six-providers';

/**
 * The Codex CLI (`@openai/codex`, its native binary) run as `codex exec` against the gateway as a custom
 * provider (`wire_api = "responses"`), offline, with its default tool set, on every provider's fake: the vendor
 * asks for a shell command and for a function of Codex's `multi_agent_v1` namespace, Codex runs both and sends
 * the outputs back, the vendor answers in text (streamed, as Codex always asks); then `codex exec resume`
 * carries the thread on.
 * Two Codex runs per provider: each starts a process, so they are kept few.
 */
const launcher = codexLauncher();
const skip = launcher.missing && process.env.LATTICELM_REQUIRE_SERVICES !== '1' ? launcher.missing : undefined;

interface ResponsesTool {
  type: string;
  name?: string;
  tools?: { name: string }[];
}

/**
 * The function names a vendor without OpenAI's tool kinds is offered for a Responses request's tools: each
 * function by its name, each namespaced one under `<namespace>__<name>` (README, "namespace tools").
 */
function flatFunctionNames(tools: ResponsesTool[]): string[] {
  return tools.flatMap((tool) => (tool.type === 'namespace' ? (tool.tools ?? []).map((member) => `${tool.name}__${member.name}`) : tool.type === 'function' ? [tool.name!] : []));
}

/** Tools in one order, to compare as a set: the gateway sends functions first, then namespaces, then hosted tools. */
function sortedTools(tools: ResponsesTool[]): ResponsesTool[] {
  const key = (tool: ResponsesTool) => `${tool.type}:${tool.name ?? ''}`;
  return [...tools].sort((a, b) => key(a).localeCompare(key(b)));
}

function itemsOf(run: CodexRun, type: string) {
  return run.events.filter((event) => event.type === 'item.completed' && event.item?.type === type).map((event) => event.item!);
}

function explain(run: CodexRun): string {
  const failures = run.events.filter((event) => event.type === 'error' || event.type === 'turn.failed');
  return `exit ${run.code}; ${JSON.stringify(failures)}\n${run.stderr.slice(-2000)}`;
}

describe('Codex CLI (codex exec) → gateway', { skip }, () => {
  const six = new SixProviders();
  let proxy: RecordingProxy;
  let codex: CodexHome;

  before(async () => {
    if (launcher.missing) throw new Error(launcher.missing);
    const gateway = await six.start();
    proxy = await new RecordingProxy(gateway.url).start();
    codex = new CodexHome(launcher.path!, `${proxy.url}/v1`);
  });
  after(async () => {
    await proxy.stop();
    await six.stop();
    codex.remove();
  });
  beforeEach(() => {
    six.reset();
    proxy.reset();
  });

  for (const { fixture, fake, model, generations } of six.providers) {
    it(`${fixture.name}: runs a shell command and a namespaced function, answers from their output, and resumes the thread`, { timeout: 120_000 }, async () => {
      // The vendor calls Codex's shell tool and, beside it, a function Codex offers inside its `multi_agent_v1`
      // namespace (under the name the vendor was offered), with an agent id that does not exist.
      const closeAgent = fixture.speaksResponses ? { name: 'close_agent', namespace: 'multi_agent_v1' } : { name: 'multi_agent_v1__close_agent' };
      fake.enqueue(
        {
          kind: 'tool_calls',
          calls: [
            { id: 'call_codex1', name: 'exec_command', arguments: JSON.stringify({ cmd: 'echo codex-was-here', login: false }) },
            { id: 'call_codex2', ...closeAgent, arguments: JSON.stringify({ target: 'no-such-agent' }) },
          ],
        },
        { kind: 'text', text: 'The command printed codex-was-here.' },
        { kind: 'text', text: 'It printed codex-was-here, once.' },
      );
      const first = await codex.exec(model, 'Run `echo codex-was-here` and tell me what it printed.');
      assert.equal(first.code, 0, explain(first));
      const [command] = itemsOf(first, 'command_execution');
      assert.ok(command, `Codex ran a command: ${explain(first)}`);
      assert.equal(command.exit_code, 0);
      assert.match(command.aggregated_output ?? '', /codex-was-here/);
      assert.deepEqual(itemsOf(first, 'agent_message').map((item) => item.text), ['The command printed codex-was-here.']);

      const [asked, answered] = generations();
      assert.ok(fixture.read.streamed(asked) && fixture.read.streamed(answered), 'the gateway streamed from the vendor, as Codex asked');
      const codexTools = (proxy.requests[0].body as { tools: ResponsesTool[] }).tools;
      assert.ok(codexTools.some((tool) => tool.type === 'namespace') && codexTools.some((tool) => tool.type === 'web_search'), 'Codex sent its default tool set');
      if (fixture.speaksResponses) {
        assert.deepEqual(sortedTools(asked.body.tools), sortedTools(codexTools), "Codex's tools reach the vendor as they are");
      } else {
        const offered = fixture.read.toolNames(asked);
        assert.deepEqual(flatFunctionNames(codexTools).filter((name) => !offered.includes(name)), [], `every function is offered by its name: ${offered.join(', ')}`);
        assert.ok(fixture.read.webSearch(asked), "Codex's web_search is the vendor's own search");
      }
      const results = fixture.read.toolResults(answered).map((result) => result.output);
      assert.equal(results.length, 2, `both results reach the vendor: ${JSON.stringify(results)}`);
      assert.ok(results.some((output) => output.includes('codex-was-here')), 'the command output reaches the vendor');
      // Codex's own close_agent answered (an unknown name would be "unsupported call"): the namespace came back to it.
      assert.ok(results.some((output) => output.includes('invalid agent id no-such-agent')), `Codex ran its namespaced function: ${JSON.stringify(results)}`);

      const threadId = first.events.find((event) => event.type === 'thread.started')?.thread_id;
      assert.ok(threadId, 'Codex named its thread');
      const second = await codex.resume(model, threadId, 'What did it print?');
      assert.equal(second.code, 0, explain(second));
      assert.deepEqual(itemsOf(second, 'agent_message').map((item) => item.text), ['It printed codex-was-here, once.']);
      const followUp = generations()[2];
      const turns = fixture.read.turns(followUp);
      assert.deepEqual(turns.at(-1), { role: 'user', text: 'What did it print?' });
      assert.ok(
        turns.some((turn) => turn.role === 'assistant' && turn.text === 'The command printed codex-was-here.'),
        `the earlier answer is in the history: ${JSON.stringify(turns)}`,
      );
      assert.deepEqual(
        fixture.read.toolResults(followUp).map((result) => result.output),
        results,
        'the earlier tool round trip is in the history',
      );
      assert.ok(proxy.requests.every((request) => request.status === 200), `every Codex request was answered 200: ${JSON.stringify(proxy.requests.map((r) => r.status))}`);
    });
  }
});
