import { upstreamTimeout, upstreamUnreachable } from '../upstream-error';

/**
 * The fetch the SDK uses for one call: the shared keep-alive fetch plus the gateway's time-to-first-byte limit.
 * The SDK's own `httpOptions.timeout` is not used because it "stay[s] armed while the body is consumed" (its
 * source), which would cut every stream that lasts longer than request_timeout. The response headers are kept
 * because the SDK's ApiError drops them (Retry-After).
 */
export class GeminiCallFetch {
  responseHeaders: Headers | undefined;
  /** false until the SDK has built the request (auth headers included) and handed it over */
  attempted = false;

  constructor(
    private readonly base: typeof fetch,
    private readonly provider: string,
    private readonly timeoutMs: number,
  ) {}

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    this.attempted = true;
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(), this.timeoutMs);
    const callerSignal = init?.signal ?? undefined;
    try {
      const response = await this.base(input, { ...init, signal: callerSignal ? AbortSignal.any([callerSignal, timer.signal]) : timer.signal });
      this.responseHeaders = response.headers;
      return response;
    } catch (error) {
      if (callerSignal?.aborted) throw error;
      if (timer.signal.aborted) throw upstreamTimeout(this.provider);
      throw upstreamUnreachable(this.provider, describe(error));
    } finally {
      clearTimeout(handle);
    }
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
