import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The gateway's version from its package.json, found by walking up from the compiled file (dist/ sits inside
 * the package) and then from the working directory; "unknown" rather than a crash when neither has it.
 */
export function packageVersion(startDir: string = __dirname): string {
  for (const origin of [startDir, process.cwd()]) {
    let dir = origin;
    for (;;) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const pkg = readPackage(file);
        if (pkg?.name === 'latticelm' && typeof pkg.version === 'string') return pkg.version;
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return 'unknown';
}

function readPackage(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
