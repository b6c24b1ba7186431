import type { ProviderConfig, ProviderType } from '@latticelm/config';
import { Provider, ProviderEvent, ProviderRequest, upstreamTimeout } from '@latticelm/providers';
import { forwardCapabilities } from './forward-capabilities';
import { guardIterable } from './guard-iterable';

/**
 * Enforces `request_timeout` (until the provider's first event) and `stream_idle_timeout` (between events). The
 * SDKs also get request_timeout, but each measures it differently; this is the one clock every vendor shares.
 */
export class TimeoutProvider extends Provider {
  readonly name: string;
  readonly type: ProviderType;

  constructor(
    private readonly inner: Provider,
    private readonly config: Pick<ProviderConfig, 'requestTimeoutMs' | 'streamIdleTimeoutMs'>,
  ) {
    super();
    this.name = inner.name;
    this.type = inner.type;
    forwardCapabilities(this, inner);
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
