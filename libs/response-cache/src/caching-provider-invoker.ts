import type { ResponseCacheDirective } from '@latticelm/api';
import { ClientAbortedError, ProviderRequest, ResolvedModel } from '@latticelm/providers';
import { InvocationSink, ProviderInvoker } from '@latticelm/responses';
import { AnswerRecorder, CachedAnswer } from './cached-answer';
import type { ResponseCache } from './response-cache';
import { responseCacheKey } from './response-cache-key';

type Request = Omit<ProviderRequest, 'model'>;

/**
 * The response cache in front of the provider invoker (retries, fallbacks and every provider chain behind it). A
 * request with a cache directive is answered from the cache when its key holds an answer — its events replayed into
 * the request's own sink, so the response assembler builds the response as if the vendor had sent it, with this
 * request's ids — and otherwise served as usual, its answer kept once the call ended complete. A request without a
 * directive (the cache kept it out, or it is the gateway's own call) passes straight through.
 */
export class CachingProviderInvoker extends ProviderInvoker {
  constructor(
    private readonly inner: ProviderInvoker,
    private readonly cache: ResponseCache,
  ) {
    super();
  }

  async invoke(resolved: ResolvedModel, request: Request, signal: AbortSignal, sink: InvocationSink): Promise<void> {
    const directive = sink.scope.responseCache;
    if (!directive) return this.inner.invoke(resolved, request, signal, sink);
    const key = responseCacheKey(this.cache.config.keyPrefix, directive.partition, resolved, request);
    if (directive.mode === 'use') {
      const answer = await this.cache.lookup(key);
      if (answer) return this.replay(answer, request, signal, sink);
    }
    return this.serve(directive, key, resolved, request, signal, sink);
  }

  /** A hit: no vendor call, so nothing to bill (cost 0); the usage in the answer is the original's. */
  private async replay(answer: CachedAnswer, request: Request, signal: AbortSignal, sink: InvocationSink): Promise<void> {
    const { scope } = sink;
    scope.cacheHit = true;
    scope.cacheStatus = 'hit';
    scope.costUsd = 0;
    this.cache.count('hit');
    sink.onAttempt(answer.provider, answer.model);
    if (answer.droppedParameters) request.onDroppedParameters?.(answer.droppedParameters);
    for (const event of answer.events) {
      if (signal.aborted) throw new ClientAbortedError();
      const waiting = sink.event(event);
      if (waiting) await waiting;
    }
  }

  private async serve(directive: ResponseCacheDirective, key: string, resolved: ResolvedModel, request: Request, signal: AbortSignal, sink: InvocationSink): Promise<void> {
    const status = directive.mode === 'refresh' ? 'refresh' : 'miss';
    sink.scope.cacheStatus = status;
    this.cache.count(status);
    const recorder = new AnswerRecorder();
    const recording: InvocationSink = {
      scope: sink.scope,
      onAttempt: (provider, model) => {
        recorder.attempt(provider, model);
        sink.onAttempt(provider, model);
      },
      hasOutput: () => sink.hasOutput(),
      event: (event) => {
        recorder.push(event);
        return sink.event(event);
      },
    };
    const onDroppedParameters = (params: string[]) => {
      recorder.droppedParameters(params);
      request.onDroppedParameters?.(params);
    };
    await this.inner.invoke(resolved, { ...request, onDroppedParameters }, signal, recording);
    const answer = recorder.answer(this.cache.now(), this.cache.config.ttlMs);
    if (answer) this.cache.remember(key, answer);
  }
}
