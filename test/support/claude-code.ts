import { runToExit } from './run-to-exit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The last line of `claude -p --output-format json`: the session's result. */
export interface ClaudeCodeResult {
  type: 'result';
  subtype: string;
  is_error: boolean;
  result: string;
  stop_reason: string | null;
  num_turns: number;
  api_error_status: number | null;
  usage: { input_tokens: number; output_tokens: number };
}

/**
 * Claude Code's native binary (`@anthropic-ai/claude-code` installs it from a per-platform package; its
 * postinstall only links it, so the platform package is run directly), or why it is not installed.
 */
export function claudeCodeBinary(): { path?: string; missing?: string } {
  try {
    const launcher = require.resolve('@anthropic-ai/claude-code/package.json');
    const platformPackage = `@anthropic-ai/claude-code-${process.platform}-${process.arch}`;
    const manifest = require.resolve(`${platformPackage}/package.json`, { paths: [dirname(launcher)] });
    return { path: join(dirname(manifest), process.platform === 'win32' ? 'claude.exe' : 'claude') };
  } catch (error) {
    return { missing: `Claude Code is not installed for ${process.platform}-${process.arch}: ${String(error)}` };
  }
}

/**
 * One `claude -p` run with a home of its own, pointed at the gateway by ANTHROPIC_BASE_URL: no telemetry, error
 * reporting, auto-update or other non-essential traffic (the things that would reach the internet), the key as
 * ANTHROPIC_API_KEY (sent as x-api-key).
 */
export async function runClaudeCode(binary: string, baseUrl: string, model: string, prompt: string, timeoutMs = 60_000): Promise<{ code: number | null; result?: ClaudeCodeResult; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'latticelm-claude-'));
  try {
    const run = await runToExit(binary, ['-p', prompt, '--model', model, '--output-format', 'json'], {
      cwd: home,
      timeoutMs,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        ANTHROPIC_BASE_URL: baseUrl,
        ANTHROPIC_API_KEY: 'unused-by-the-gateway',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_TELEMETRY: '1',
        DISABLE_ERROR_REPORTING: '1',
        DISABLE_AUTOUPDATER: '1',
        NO_COLOR: '1',
      },
    });
    const line = run.stdout.trim().split('\n').filter((entry) => entry.startsWith('{')).at(-1);
    return { code: run.code, result: line ? (JSON.parse(line) as ClaudeCodeResult) : undefined, stderr: run.stderr };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
