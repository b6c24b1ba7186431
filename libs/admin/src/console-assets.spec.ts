import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { ConsoleAssets, consoleDir } from './console-assets';

describe('ConsoleAssets', () => {
  const dist = mkdtempSync(join(tmpdir(), 'latticelm-console-'));
  const dir = join(dist, 'console');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="assets/main-ABC.js"></script>');
  writeFileSync(join(dir, 'assets', 'main-ABC.js'), 'console.log("x");'.repeat(50));
  writeFileSync(join(dir, 'assets', 'notes.txt'), 'not served');

  it('holds the page and the assets with their type, cache policy, ETag and gzip', () => {
    const assets = ConsoleAssets.load(dir);
    assert.ok(assets.built);
    const page = assets.get('index.html');
    assert.equal(page?.contentType, 'text/html; charset=utf-8');
    assert.equal(page?.cacheControl, 'no-cache');
    const script = assets.get('assets/main-ABC.js');
    assert.equal(script?.cacheControl, 'public, max-age=31536000, immutable');
    assert.match(script?.etag ?? '', /^"[\w-]{27}"$/);
    assert.equal(gunzipSync(script?.gzip ?? Buffer.alloc(0)).toString(), 'console.log("x");'.repeat(50));
    assert.equal(assets.get('assets/notes.txt'), undefined, 'only the types the console is made of');
    assert.equal(assets.get('../index.html'), undefined);
  });

  it('is empty, not an error, when the console was not built', () => {
    assert.equal(ConsoleAssets.load(join(dist, 'nowhere')).built, false);
  });

  it('finds dist/console up from the compiled file', () => {
    const compiled = join(dist, 'libs', 'admin', 'src');
    mkdirSync(compiled, { recursive: true });
    assert.equal(consoleDir(compiled), dir);
  });
});
