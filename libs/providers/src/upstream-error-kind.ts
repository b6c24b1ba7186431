import { GatewayError, GatewayEventMap } from '@latticelm/api';
import { CIRCUIT_OPEN_CODE } from './upstream-error';

export type UpstreamErrorKind = GatewayEventMap['upstream.error']['kind'];

/**
 * What kind of upstream failure an error from a provider call is, or undefined when it is not the vendor's
 * (a request the provider's converter refused, a client abort). The one classification for metrics, spans and
 * logs; codes come from ./upstream-error.ts.
 */
export function upstreamErrorKind(error: unknown, provider: string): UpstreamErrorKind | undefined {
  if (!(error instanceof GatewayError)) return undefined;
  if (error.code === CIRCUIT_OPEN_CODE) return 'circuit_open';
  if (error.code === 'upstream_timeout' || error.type === 'timeout') return 'timeout';
  if (error.code === 'upstream_unreachable') return 'connection';
  if (error.code === 'upstream_stream_error') return 'stream';
  if (!fromVendor(error, provider)) return undefined;
  if (error.status === 429) return 'http_429';
  if (error.status >= 500) return 'http_5xx';
  if (error.status >= 400) return 'http_4xx';
  return undefined;
}

// upstreamHttpError keeps origin "client" for a vendor 400/404 (the client's request was bad) but always prefixes
// the message with the provider's name; the converters' own refusals (unsupported_parameter) do not.
function fromVendor(error: GatewayError, provider: string): boolean {
  return error.origin === 'upstream' || error.message.startsWith(`${provider}: `);
}
