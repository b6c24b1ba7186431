import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayLogger } from './gateway-logger';
import { scrubSecrets } from './format-log-line';

const FIXED = new Date('2025-01-02T03:04:05.000Z');

function capture(format: 'json' | 'text', level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
  const lines: string[] = [];
  const logger = new GatewayLogger({ format, level }, (line) => lines.push(line), () => FIXED);
  return { logger, lines };
}

describe('GatewayLogger', () => {
  it('writes one JSON object per record with Nest context', () => {
    const { logger, lines } = capture('json');
    logger.log('listening', 'Gateway');
    logger.write('info', 'request', { request_id: 'r1', status: 200, stream: false, provider: undefined });
    assert.deepEqual(JSON.parse(lines[0]), { time: FIXED.toISOString(), level: 'info', context: 'Gateway', msg: 'listening' });
    assert.deepEqual(JSON.parse(lines[1]), { time: FIXED.toISOString(), level: 'info', msg: 'request', request_id: 'r1', status: 200, stream: false });
  });

  it("moves Nest's start-up chatter to debug", () => {
    const quiet = capture('json', 'info');
    quiet.logger.log('AppModule dependencies initialized', 'InstanceLoader');
    quiet.logger.log('Mapped {/v1/models, GET} route', 'RouterExplorer');
    quiet.logger.log('listening', 'Gateway');
    assert.deepEqual(quiet.lines.map((line) => JSON.parse(line).msg), ['listening']);
    const verbose = capture('json', 'debug');
    verbose.logger.log('AppModule dependencies initialized', 'InstanceLoader');
    assert.equal(JSON.parse(verbose.lines[0]).level, 'debug');
  });

  it('filters by level and maps verbose to debug', () => {
    const { logger, lines } = capture('json', 'warn');
    logger.log('dropped');
    logger.debug('dropped');
    logger.verbose('dropped');
    logger.warn('kept');
    assert.equal(lines.length, 1);
    const debug = capture('json', 'debug');
    debug.logger.verbose('shown', 'Ctx');
    assert.equal(JSON.parse(debug.lines[0]).level, 'debug');
  });

  it("follows Nest's error(message, stack, context) convention", () => {
    const { logger, lines } = capture('json');
    logger.error('boom', 'Error: boom\n    at x (y.js:1:1)', 'Errors');
    logger.error('plain', 'Errors');
    const first = JSON.parse(lines[0]);
    assert.equal(first.context, 'Errors');
    assert.match(first.stack, /at x/);
    assert.equal(JSON.parse(lines[1]).context, 'Errors');
  });

  it('writes text lines with quoted values where needed', () => {
    const { logger, lines } = capture('text');
    logger.write('info', 'request', { method: 'POST', route: '/v1/responses', note: 'two words' }, 'Access');
    assert.equal(lines[0], `${FIXED.toISOString()} INFO  [Access] request method=POST route=/v1/responses note="two words"`);
  });

  it('writes the fields a Nest Logger call passes (the request id of the request being served)', () => {
    const { logger, lines } = capture('json');
    logger.warn('slow store', { request_id: 'req-8' }, 'Store');
    logger.error('store down', { request_id: 'req-9' }, 'Store');
    assert.deepEqual(lines.map((line) => [JSON.parse(line).request_id, JSON.parse(line).context]), [['req-8', 'Store'], ['req-9', 'Store']]);
  });

  it('scrubs credentials that slip into messages', () => {
    assert.equal(scrubSecrets('bad key sk-proj-abcdefghijklmnop given'), 'bad key sk-[REDACTED] given');
    assert.equal(scrubSecrets('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y'), 'Authorization: Bearer [REDACTED]');
    assert.equal(scrubSecrets('task-force is fine'), 'task-force is fine');
  });
});
