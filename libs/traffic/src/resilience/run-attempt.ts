import type { RequestScope } from '@latticelm/api';
import { CallObserver, CallOutcome, ClientAbortedError, ProviderChain, ProviderEvent, ProviderRequest, upstreamTimeout } from '@latticelm/providers';
import type { TrafficClock, TrafficTimer } from '../traffic-clock';

/** Where an attempt's events go; a returned promise (backpressure) is awaited before the next event is asked for. */
export type EventSink = (event: ProviderEvent) => void | Promise<void>;

export interface AttemptContext {
  scope: RequestScope;
  /** aborted when the client goes away */
  signal: AbortSignal;
  /** aborted when the gateway must stop (the shutdown deadline); the attempt then fails with `stopError()` */
  stop: AbortSignal;
  stopError: () => Error;
  clock: TrafficClock;
}

type Within = <T>(step: () => T) => T;

/**
 * One call to one provider, in one plain loop: the chain's interceptors are told of the start, each event and
 * the outcome; `request_timeout` runs until the first event and `stream_idle_timeout` between events (the time a
 * slow client takes to drain is not counted); the client leaving or the shutdown deadline abort the upstream call
 * at once. A deadline or stop is reported as itself, not as the SDK's abort error it causes.
 */
export async function runAttempt(chain: ProviderChain, request: ProviderRequest, context: AttemptContext, sink: EventSink): Promise<void> {
  const { provider, deadlines } = chain;
  const { signal, stop } = context;
  if (signal.aborted) throw new ClientAbortedError();
  if (stop.aborted) throw context.stopError();
  const observers = beginAll(chain, request, context.scope);
  const controller = new AbortController();
  let ownReason: Error | undefined;
  let stopped = false;
  const abortWith = (reason: Error | undefined) => {
    if (controller.signal.aborted) return;
    ownReason = reason;
    controller.abort(reason);
  };
  const onClientGone = () => abortWith(undefined);
  const onStop = () => {
    stopped = true;
    abortWith(context.stopError());
  };
  signal.addEventListener('abort', onClientGone);
  stop.addEventListener('abort', onStop);
  const idleMs = request.stream ? deadlines.streamIdleTimeoutMs : 0;
  let timer: TrafficTimer | undefined = deadlines.requestTimeoutMs
    ? context.clock.timer(deadlines.requestTimeoutMs, () =>
        abortWith(upstreamTimeout(provider.name, `did not answer within ${seconds(deadlines.requestTimeoutMs)} (request_timeout)`)),
      )
    : undefined;
  const within = composeWithin(observers);
  let iterator: AsyncIterator<ProviderEvent> | undefined;
  let finished = false;
  let sinkFailed = false;
  let outcome: CallOutcome = { ok: true };
  try {
    iterator = within ? within(() => provider.generate(request, controller.signal)[Symbol.asyncIterator]()) : provider.generate(request, controller.signal)[Symbol.asyncIterator]();
    let first = true;
    for (;;) {
      if (!first) timer?.refresh();
      const step = await (within ? within(() => (iterator as AsyncIterator<ProviderEvent>).next()) : iterator.next());
      if (ownReason) throw ownReason;
      if (step.done) break;
      if (first) {
        first = false;
        timer?.cancel();
        timer = idleMs
          ? context.clock.timer(idleMs, () => abortWith(upstreamTimeout(provider.name, `sent nothing for ${seconds(idleMs)} mid-stream (stream_idle_timeout)`)))
          : undefined;
      }
      for (const observer of observers) observer.event?.(step.value);
      try {
        const pending = sink(step.value);
        if (pending) await pending;
      } catch (error) {
        sinkFailed = true;
        throw error;
      }
    }
    finished = true;
  } catch (error) {
    // After our own abort the provider rejects with its SDK's abort error; the deadline or stop is what happened.
    const reason = ownReason ?? error;
    const aborted = sinkFailed || stopped || signal.aborted || reason instanceof ClientAbortedError;
    outcome = { ok: false, error: reason, aborted };
    if (signal.aborted && !stopped && !(reason instanceof ClientAbortedError)) throw new ClientAbortedError();
    throw reason;
  } finally {
    timer?.cancel();
    signal.removeEventListener('abort', onClientGone);
    stop.removeEventListener('abort', onStop);
    if (!finished) {
      controller.abort();
      // Closes the vendor stream; when the provider is still inside next() this settles after the abort lands.
      iterator?.return?.().catch(() => undefined);
    }
    for (let index = observers.length - 1; index >= 0; index--) observers[index].end(outcome);
  }
}

function beginAll(chain: ProviderChain, request: ProviderRequest, scope: RequestScope): CallObserver[] {
  const observers: CallObserver[] = [];
  try {
    for (const interceptor of chain.interceptors) observers.push(interceptor.begin({ provider: chain.provider, request, scope }));
  } catch (error) {
    // An interceptor refused the call (an open circuit): the ones outside it still see how it ended.
    for (let index = observers.length - 1; index >= 0; index--) observers[index].end({ ok: false, error, aborted: false });
    throw error;
  }
  return observers;
}

function composeWithin(observers: CallObserver[]): Within | undefined {
  let composed: Within | undefined;
  for (let index = observers.length - 1; index >= 0; index--) {
    const outer = observers[index];
    if (!outer.within) continue;
    const inner = composed;
    composed = inner ? (step) => outer.within!(() => inner(step)) : (step) => outer.within!(step);
  }
  return composed;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
