import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file of the built console, read and compressed once at start-up. */
export interface ConsoleAsset {
  body: Buffer;
  /** gzip of the body, for clients that accept it; absent when it would not be smaller */
  gzip?: Buffer;
  contentType: string;
  etag: string;
  cacheControl: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
// index.html names the assets by content hash: it is revalidated on every load, they never change
const PAGE_CACHE = 'no-cache';
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/** The admin console that `npm run build` put in dist/console/ (index.html and assets/), held in memory. */
export class ConsoleAssets {
  private constructor(private readonly files: ReadonlyMap<string, ConsoleAsset>) {}

  get built(): boolean {
    return this.files.has('index.html');
  }

  /** `index.html` or `assets/<name>`; undefined for anything else. */
  get(path: string): ConsoleAsset | undefined {
    return this.files.get(path);
  }

  static load(dir: string): ConsoleAssets {
    const files = new Map<string, ConsoleAsset>();
    if (existsSync(join(dir, 'index.html'))) files.set('index.html', asset(readFileSync(join(dir, 'index.html')), '.html', PAGE_CACHE));
    const assets = join(dir, 'assets');
    if (existsSync(assets)) {
      for (const name of readdirSync(assets)) {
        const type = extname(name);
        if (CONTENT_TYPES[type]) files.set(`assets/${name}`, asset(readFileSync(join(assets, name)), type, ASSET_CACHE));
      }
    }
    return new ConsoleAssets(files);
  }
}

function asset(body: Buffer, type: string, cacheControl: string): ConsoleAsset {
  const gzip = gzipSync(body, { level: 9 });
  return {
    body,
    ...(gzip.length < body.length ? { gzip } : {}),
    contentType: CONTENT_TYPES[type],
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    cacheControl,
  };
}

/**
 * dist/console beside the compiled gateway: the first `console/` with an index.html up from this file
 * (dist/libs/admin/src → dist), else dist/console under the working directory.
 */
export function consoleDir(startDir: string = __dirname): string {
  for (let dir = startDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'console', 'index.html'))) return join(dir, 'console');
    if (dirname(dir) === dir) return join(process.cwd(), 'dist', 'console');
  }
}
