// What was measured and on what: commit, tree state, machine and Node version.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

function git(root, args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function cpuModel() {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpus()[0]?.model;
  } catch {
    return cpus()[0]?.model;
  }
}

export function describeEnvironment(settings) {
  const status = git(settings.root, ['status', '--porcelain']);
  const changed = status ? status.split('\n').filter(Boolean) : [];
  return {
    date: new Date().toISOString(),
    commit: git(settings.root, ['rev-parse', '--short', 'HEAD']) ?? 'unknown',
    dirty: changed.length > 0,
    changedFiles: changed.length,
    cores: cpus().length,
    cpuModel: cpuModel(),
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
    nodeVersion: execFileSync(settings.node, ['--version'], { encoding: 'utf8' }).trim(),
    benchNodeVersion: process.version,
    dist: settings.dist,
  };
}
