import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '@latticelm/api';
import { CallInterceptor, CallOutcome, ClientAbortedError, Provider, ProviderChain, ProviderEvent, ProviderRequest } from '@latticelm/providers';
import { TrafficClock, TrafficTimer } from '../traffic-clock';
import { AttemptContext, runAttempt } from './run-attempt';

/** Timers the test fires by hand: no test waits for real time. */
class ManualClock extends TrafficClock {
  readonly timers: { ms: number; fire: () => void; live: boolean; refreshed: number }[] = [];
  override timer(ms: number, fire: () => void): TrafficTimer {
    const entry = { ms, fire, live: true, refreshed: 0 };
    this.timers.push(entry);
    return { refresh: () => void entry.refreshed++, cancel: () => void (entry.live = false) };
  }
  fireLive(ms: number): void {
    const timer = this.timers.find((candidate) => candidate.live && candidate.ms === ms);
    assert.ok(timer, `no live ${ms} ms timer`);
    timer.fire();
  }
}

/** A provider whose events the test releases one at a time; it records the signal it got and how it ended. */
class GatedProvider extends Provider {
  readonly name = 'p';
  readonly type = 'openai' as const;
  signal: AbortSignal | undefined;
  closed = false;
  private gates: (() => void)[] = [];
  constructor(private readonly items: ProviderEvent[]) {
    super();
  }
  release(): void {
    this.gates.shift()?.();
  }
  async *generate(_request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    this.signal = signal;
    try {
      for (const item of this.items) {
        await new Promise<void>((resolve, reject) => {
          this.gates.push(resolve);
          signal.addEventListener('abort', () => reject(new Error('sdk: request aborted')), { once: true });
        });
        yield item;
      }
    } finally {
      this.closed = true;
    }
  }
}

const DELTA: ProviderEvent = { type: 'text.delta', delta: 'a' };
const FINISH: ProviderEvent = { type: 'finish', reason: 'stop' };
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function recorder() {
  const log: string[] = [];
  const outcomes: CallOutcome[] = [];
  const interceptor = (name: string): CallInterceptor => ({
    begin: () => {
      log.push(`${name}.begin`);
      return { event: (event) => log.push(`${name}.${event.type}`), end: (outcome) => (log.push(`${name}.end`), outcomes.push(outcome)) };
    },
  });
  return { log, outcomes, interceptor };
}

function setup(items: ProviderEvent[], options: { stream?: boolean; requestTimeoutMs?: number; streamIdleTimeoutMs?: number; interceptors?: CallInterceptor[] } = {}) {
  const provider = new GatedProvider(items);
  const clock = new ManualClock();
  const client = new AbortController();
  const stop = new AbortController();
  const chain: ProviderChain = {
    provider,
    interceptors: options.interceptors ?? [],
    deadlines: { requestTimeoutMs: options.requestTimeoutMs ?? 1000, streamIdleTimeoutMs: options.streamIdleTimeoutMs ?? 500 },
  };
  const context: AttemptContext = { scope: { requestId: 'r' }, signal: client.signal, stop: stop.signal, stopError: () => new Error('shutting down'), clock };
  const request = { model: 'm', input: [], stream: options.stream ?? true } as unknown as ProviderRequest;
  const received: ProviderEvent[] = [];
  const run = (sink = (event: ProviderEvent): void => void received.push(event)) => runAttempt(chain, request, context, sink);
  return { provider, clock, client, stop, run, received };
}

describe('runAttempt', () => {
  it('passes events to the sink and tells every interceptor, innermost ending first', async () => {
    const { log, interceptor } = recorder();
    const { provider, run, received } = setup([DELTA, FINISH], { interceptors: [interceptor('outer'), interceptor('inner')] });
    const done = run();
    provider.release();
    await tick();
    provider.release();
    await done;
    assert.deepEqual(received, [DELTA, FINISH]);
    assert.deepEqual(log, ['outer.begin', 'inner.begin', 'outer.text.delta', 'inner.text.delta', 'outer.finish', 'inner.finish', 'inner.end', 'outer.end']);
  });

  it('fails with upstream_timeout when the first event misses request_timeout, and aborts the vendor call', async () => {
    const { outcomes, interceptor } = recorder();
    const { provider, clock, run } = setup([DELTA], { interceptors: [interceptor('breaker')] });
    const done = run();
    await tick();
    clock.fireLive(1000);
    await assert.rejects(done, (error: unknown) => error instanceof GatewayError && error.code === 'upstream_timeout' && /request_timeout/.test(error.message));
    assert.equal(provider.signal?.aborted, true);
    assert.equal(outcomes[0].ok === false && outcomes[0].aborted, false, 'a timeout counts against the provider');
  });

  it('switches to stream_idle_timeout after the first event and pushes it back before each next event', async () => {
    const { provider, clock, run } = setup([DELTA, DELTA, FINISH]);
    const done = run();
    provider.release();
    await tick();
    assert.equal(clock.timers[0].live, false, 'request_timeout is over once the first event came');
    const idle = clock.timers[1];
    assert.equal(idle.ms, 500);
    provider.release();
    await tick();
    assert.equal(idle.refreshed, 2);
    clock.fireLive(500);
    await assert.rejects(done, /stream_idle_timeout/);
  });

  it('has no idle deadline for a non-streaming call', async () => {
    const { provider, clock, run } = setup([DELTA, FINISH], { stream: false });
    const done = run();
    provider.release();
    await tick();
    provider.release();
    await done;
    assert.deepEqual(clock.timers.map((timer) => timer.ms), [1000]);
  });

  it('stops with stopError when the shutdown deadline fires; the breaker is not told of a failure', async () => {
    const { outcomes, interceptor } = recorder();
    const { provider, stop, run } = setup([DELTA, DELTA], { interceptors: [interceptor('breaker')] });
    const done = run();
    provider.release();
    await tick();
    stop.abort();
    await assert.rejects(done, /shutting down/);
    assert.equal(provider.signal?.aborted, true);
    assert.equal(outcomes[0].ok === false && outcomes[0].aborted, true);
  });

  it('turns the client leaving into ClientAbortedError and closes the vendor stream', async () => {
    const { provider, client, run } = setup([DELTA, DELTA]);
    const done = run();
    provider.release();
    await tick();
    client.abort();
    await assert.rejects(done, (error: unknown) => error instanceof ClientAbortedError);
    await tick();
    assert.equal(provider.closed, true);
  });

  it('closes the vendor stream when the sink stops reading, which says nothing about the provider', async () => {
    const { outcomes, interceptor } = recorder();
    const { provider, run } = setup([DELTA, DELTA], { interceptors: [interceptor('breaker')] });
    const done = run(() => {
      throw new ClientAbortedError();
    });
    provider.release();
    await assert.rejects(done, (error: unknown) => error instanceof ClientAbortedError);
    await tick();
    assert.equal(provider.closed, true);
    assert.equal(outcomes[0].ok === false && outcomes[0].aborted, true);
  });

  it('lets an interceptor refuse the call before the provider is asked; the ones outside it see the refusal', async () => {
    const { log, outcomes, interceptor } = recorder();
    const refusing: CallInterceptor = {
      begin: () => {
        throw new Error('circuit open');
      },
    };
    const { provider, run } = setup([DELTA], { interceptors: [interceptor('metrics'), refusing] });
    await assert.rejects(run(), /circuit open/);
    assert.equal(provider.signal, undefined);
    assert.deepEqual(log, ['metrics.begin', 'metrics.end']);
    assert.equal(outcomes[0].ok, false);
  });
});
