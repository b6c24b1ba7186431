import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CodexHome, CodexRun, codexLauncher } from '../support/codex-cli';
import { RecordingProxy } from '../support/recording-proxy';
import { SixProviders } from '../support/six-providers';

/**
 * The Codex CLI (`@openai/codex`, its native binary) run as `codex exec` against the gateway as a custom
 * provider (`wire_api = "responses"`), offline, with its default tool set, on every provider's fake: the vendor
 * asks for a shell command, Codex runs it with its `exec_command` tool and sends the output back, the vendor
 * answers in text (streamed, as Codex always asks); then `codex exec resume` carries the thread on.
 * Two Codex runs per provider: each starts a process, so they are kept few.
 */
const launcher = codexLauncher();
const skip = launcher.missing && process.env.LATTICELM_REQUIRE_SERVICES !== '1' ? launcher.missing : undefined;

/** The tools a Responses request declares, by name; a namespace's tools under their own names. */
function functionToolNames(body: { tools?: { type: string; name?: string; tools?: { name: string }[] }[] }): string[] {
  return (body.tools ?? []).flatMap((tool) => (tool.type === 'namespace' ? (tool.tools ?? []).map((inner) => inner.name) : tool.type === 'function' ? [tool.name!] : []));
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
    it(`${fixture.name}: runs a shell command through its tool, answers from the output, and resumes the thread`, { timeout: 120_000 }, async () => {
      fake.enqueue(
        { kind: 'tool_calls', calls: [{ id: 'call_codex1', name: 'exec_command', arguments: JSON.stringify({ cmd: 'echo codex-was-here', login: false }) }] },
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
      const declared = functionToolNames(proxy.requests[0].body);
      assert.ok(declared.includes('exec_command'), `Codex declared its shell tool: ${declared.join(', ')}`);
      assert.deepEqual(
        declared.filter((name) => !fixture.read.toolNames(asked).includes(name)),
        [],
        'every function tool Codex declared reaches the vendor under its own name',
      );
      const results = fixture.read.toolResults(answered);
      assert.equal(results.length, 1);
      assert.match(results[0].output, /codex-was-here/, 'the command output reaches the vendor');

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
      assert.match(fixture.read.toolResults(followUp)[0]?.output ?? '', /codex-was-here/, 'the earlier tool round trip is in the history');
      assert.ok(proxy.requests.every((request) => request.status === 200), `every Codex request was answered 200: ${JSON.stringify(proxy.requests.map((r) => r.status))}`);
    });
  }
});
