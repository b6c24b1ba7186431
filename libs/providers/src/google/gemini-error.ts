import { ApiError } from '@google/genai';
import { GatewayError } from '@latticelm/api';
import { ClientAbortedError, upstreamHttpError, upstreamStreamError, upstreamUnreachable } from '../upstream-error';

/** Google's error body: https://cloud.google.com/apis/design/errors#http_mapping */
interface GoogleError {
  code?: number;
  message?: string;
  status?: string;
  details?: { '@type'?: string; retryDelay?: string; fieldViolations?: { field?: string }[] }[];
}

/**
 * Maps @google/genai failures to the gateway's error model. The SDK's ApiError carries only the status and the
 * response body serialized into `message` (`{"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED",
 * "details":[…]}}`), or for an error chunk inside a stream `got status: … {json}`; the vendor's own words and its
 * RetryInfo are read back out of that JSON.
 */
export function mapGeminiError(provider: string, error: unknown, signal?: AbortSignal, call?: { attempted: boolean; responseHeaders?: Headers }): Error {
  if (error instanceof GatewayError || error instanceof ClientAbortedError) return error;
  if (signal?.aborted) return new ClientAbortedError();
  if (error instanceof ApiError) {
    const body = parseGoogleError(error.message);
    const retryAfter = call?.responseHeaders?.get('retry-after') ?? retryDelaySeconds(body);
    return upstreamHttpError({
      provider,
      status: error.status,
      message: body?.message ?? error.message,
      param: body?.details?.flatMap((detail) => detail.fieldViolations ?? [])[0]?.field ?? null,
      headers: retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : undefined,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  // Failing before any HTTP request means the SDK could not get credentials (ADC, key file, token exchange).
  if (call && !call.attempted) return upstreamUnreachable(provider, `no credentials for the request: ${detail}`);
  return upstreamStreamError(provider, detail);
}

/** The `error` object inside whatever text the SDK put in ApiError.message, unwrapping a body nested as text. */
export function parseGoogleError(text: string): GoogleError | undefined {
  const start = text.search(/[[{]/);
  if (start < 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start));
  } catch {
    return undefined;
  }
  // Vertex AI answers streaming calls that fail with a JSON array of one error object.
  const root = (Array.isArray(value) ? value[0] : value) as { error?: GoogleError } | undefined;
  const error = root?.error;
  if (!error || typeof error !== 'object') return undefined;
  // When the body was not served as application/json the SDK wraps its text as `message`.
  if (typeof error.message === 'string' && /^\s*[[{]/.test(error.message)) return parseGoogleError(error.message) ?? error;
  return error;
}

/** google.rpc.RetryInfo's retryDelay is a protobuf Duration in JSON: "9s", "1.5s". */
function retryDelaySeconds(error: GoogleError | undefined): number | undefined {
  const delay = error?.details?.find((detail) => detail['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  const match = delay ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null;
  return match ? Number(match[1]) : undefined;
}
