import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { describe, it } from 'node:test';
import { CircuitState, GatewayError } from '@latticelm/api';
import { TrafficClock } from '../traffic-clock';
import { ProviderCircuit } from './provider-circuit';

const CONFIG = { enabled: true, maxRequests: 2, intervalMs: 60_000, timeoutMs: 50, failureRatio: 0.5, minimumRequests: 4 };

function circuit(config = CONFIG) {
  const changes = new EventEmitter();
  const log: string[] = [];
  const clock = new TrafficClock();
  const breaker = new ProviderCircuit('p', config, clock, (from: CircuitState, to: CircuitState) => {
    log.push(`${from}->${to}`);
    changes.emit(to);
  });
  return { breaker, changes, log, clock };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** opossum's reset timer is unref'd; a ref'd watchdog keeps the test alive while waiting (and bounds the wait). */
async function reached(changes: EventEmitter, state: CircuitState): Promise<void> {
  const watchdog = setTimeout(() => changes.emit('error', new Error(`circuit never reached ${state}`)), 5_000);
  try {
    await once(changes, state);
  } finally {
    clearTimeout(watchdog);
  }
}

describe('ProviderCircuit', () => {
  it('opens at failure_ratio once minimum_requests calls were seen, and fast-fails with Retry-After', async () => {
    const { breaker, log } = circuit();
    breaker.admit().success();
    breaker.admit().success();
    breaker.admit().failure(new Error('x'));
    await tick();
    assert.equal(breaker.state, 'closed', 'below minimum_requests');
    breaker.admit().failure(new Error('x'));
    await tick();
    assert.equal(breaker.state, 'open', '2 of 4 failed: ratio 0.5 reaches failure_ratio 0.5');
    assert.deepEqual(log, ['closed->open']);
    assert.throws(() => breaker.admit(), (error: GatewayError) => {
      assert.equal(error.status, 503);
      assert.equal(error.code, 'circuit_open');
      assert.equal(error.retryAfter, 1);
      assert.match(error.message, /provider 'p'/);
      return true;
    });
    breaker.shutdown();
  });

  it('half-opens after the timeout, admits max_requests trials and closes after that many successes', async () => {
    const { breaker, changes, log } = circuit({ ...CONFIG, minimumRequests: 1 });
    breaker.admit().failure(new Error('x'));
    await tick();
    assert.equal(breaker.state, 'open');
    await reached(changes, 'half_open');
    const first = breaker.admit();
    const second = breaker.admit();
    assert.throws(() => breaker.admit(), /half-open/);
    first.success();
    await tick();
    assert.equal(breaker.state, 'half_open');
    second.success();
    await tick();
    assert.equal(breaker.state, 'closed');
    assert.deepEqual(log, ['closed->open', 'open->half_open', 'half_open->closed']);
    // a fresh window: one more failure does not re-open at once on stale counts
    breaker.admit().success();
    await tick();
    assert.equal(breaker.state, 'closed');
    breaker.shutdown();
  });

  it('re-opens on a failed trial; a released trial frees its slot without counting', async () => {
    const { breaker, changes } = circuit({ ...CONFIG, minimumRequests: 1 });
    breaker.admit().failure(new Error('x'));
    await reached(changes, 'half_open');
    breaker.admit().release();
    breaker.admit().release();
    const trial = breaker.admit();
    trial.failure(new Error('still down'));
    await tick();
    assert.equal(breaker.state, 'open');
    breaker.shutdown();
  });

  it('is inert when disabled', async () => {
    const { breaker } = circuit({ ...CONFIG, enabled: false, minimumRequests: 1 });
    for (let i = 0; i < 5; i++) breaker.admit().failure(new Error('x'));
    await tick();
    assert.equal(breaker.state, 'closed');
    breaker.shutdown();
  });
});
