import { runToExit } from './run-to-exit';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** One line of `codex exec --json` (the thread's events: thread.started, item.*, turn.*, error). */
export interface CodexEvent {
  type: string;
  thread_id?: string;
  item?: { id: string; type: string; text?: string; command?: string; aggregated_output?: string; exit_code?: number | null; status?: string };
  message?: string;
  error?: { message: string };
}

export interface CodexRun {
  code: number | null;
  events: CodexEvent[];
  stderr: string;
}

/** The Codex CLI's launcher (`@openai/codex`), or why it is not installed (its native binary is per platform). */
export function codexLauncher(): { path?: string; missing?: string } {
  try {
    const launcher = require.resolve('@openai/codex/bin/codex.js');
    const platformPackage = `@openai/codex-${process.platform}-${process.arch}`;
    require.resolve(`${platformPackage}/package.json`, { paths: [dirname(launcher)] });
    return { path: launcher };
  } catch (error) {
    return { missing: `the Codex CLI is not installed for ${process.platform}-${process.arch}: ${String(error)}` };
  }
}

/**
 * A Codex CLI home of its own, configured for one custom Responses provider at `baseUrl` and nothing else: no
 * update check, no analytics, no plugin marketplace sync (the three things that would reach the internet), no
 * retries (a failure shows at once). Everything else, the default tool set included, is Codex's default.
 */
export class CodexHome {
  readonly root = mkdtempSync(join(tmpdir(), 'latticelm-codex-'));
  readonly home = join(this.root, 'codex-home');
  readonly workdir = join(this.root, 'work');

  constructor(
    private readonly launcher: string,
    baseUrl: string,
  ) {
    mkdirSync(this.home);
    mkdirSync(this.workdir);
    writeFileSync(
      join(this.home, 'config.toml'),
      [
        'model_provider = "latticelm"',
        'check_for_update_on_startup = false',
        '',
        '[analytics]',
        'enabled = false',
        '',
        '[features]',
        'plugins = false',
        '',
        '[model_providers.latticelm]',
        'name = "latticelm"',
        `base_url = "${baseUrl}"`,
        'wire_api = "responses"',
        'env_key = "LATTICELM_API_KEY"',
        'request_max_retries = 0',
        'stream_max_retries = 0',
        '',
      ].join('\n'),
    );
  }

  /** `codex exec` with a new thread, to its end. */
  exec(model: string, prompt: string): Promise<CodexRun> {
    return this.run(['exec', '--json', '--skip-git-repo-check', '-m', model, prompt]);
  }

  /** `codex exec resume`: the next turn of a thread, its history read from this home's session files. */
  resume(model: string, threadId: string, prompt: string): Promise<CodexRun> {
    return this.run(['exec', 'resume', '--json', '--skip-git-repo-check', '-m', model, threadId, prompt]);
  }

  private async run(args: string[], timeoutMs = 60_000): Promise<CodexRun> {
    const run = await runToExit(process.execPath, [this.launcher, ...args], {
      cwd: this.workdir,
      env: { PATH: process.env.PATH, HOME: this.root, CODEX_HOME: this.home, LATTICELM_API_KEY: 'unused-by-the-gateway', NO_COLOR: '1' },
      timeoutMs,
    });
    const events = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as CodexEvent);
    return { code: run.code, events, stderr: run.stderr };
  }

  remove(): void {
    if (existsSync(this.root)) rmSync(this.root, { recursive: true, force: true });
  }
}
