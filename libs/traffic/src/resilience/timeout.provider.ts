import type { ProviderConfig } from '@latticelm/config';
import { Provider, ProviderDecorator, ProviderEvent, ProviderRequest, upstreamTimeout } from '@latticelm/providers';
import { guardIterable } from './guard-iterable';

/**
 * Enforces `request_timeout` (until the provider's first event) and `stream_idle_timeout` (between events). The
 * SDKs also get request_timeout, but each measures it differently; this is the one clock every vendor shares.
 */
export class TimeoutProvider extends ProviderDecorator {
  constructor(
    inner: Provider,
    private readonly config: Pick<ProviderConfig, 'requestTimeoutMs' | 'streamIdleTimeoutMs'>,
  ) {
    super(inner);
  }

  generate(request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    const { requestTimeoutMs, streamIdleTimeoutMs } = this.config;
    return guardIterable((inner) => this.inner.generate(request, inner), signal, {
      firstItemMs: requestTimeoutMs,
      idleMs: request.stream ? streamIdleTimeoutMs : 0,
      timeoutError: (first) =>
        first
          ? upstreamTimeout(this.name, `did not answer within ${seconds(requestTimeoutMs)} (request_timeout)`)
          : upstreamTimeout(this.name, `sent nothing for ${seconds(streamIdleTimeoutMs)} mid-stream (stream_idle_timeout)`),
    });
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
