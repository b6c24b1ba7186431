import { GatewayError } from './gateway-error';

/**
 * A compaction item a vendor made (OpenAI encrypts its compacted window with keys only it holds) sent to a
 * provider that cannot read it. The gateway's own compaction items never get this far: they are expanded before
 * any provider sees the input.
 */
export function foreignCompaction(param: string, reader: string): GatewayError {
  return GatewayError.invalidRequest(
    param,
    `this compaction item was made by another vendor and ${reader} cannot read it; compact with this model (POST /v1/responses/compact) or send the full input`,
    'unsupported_parameter',
  );
}
