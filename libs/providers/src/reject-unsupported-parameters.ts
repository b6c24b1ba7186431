import { GatewayError } from '@latticelm/api';
import type { ProviderRequest } from './provider';

/** Request features a vendor API has no way to honour; asking for one is a 400 naming it, never a silent drop. */
export interface UnsupportedFeatures {
  /** the vendor has no cap on tool calls per response */
  maxToolCalls?: boolean;
  /** the vendor cannot be told to call tools one at a time */
  serialToolCalls?: boolean;
  /** the vendor does not truncate context on overflow (it errors instead) */
  autoTruncation?: boolean;
  /** the vendor has no verbosity control */
  verbosity?: boolean;
}

export function rejectUnsupportedParameters(request: ProviderRequest, provider: string, features: UnsupportedFeatures): void {
  if (features.maxToolCalls && request.maxToolCalls !== undefined) throw GatewayError.unsupported('max_tool_calls', provider);
  if (features.serialToolCalls && request.parallelToolCalls === false && request.tools.length > 0) {
    throw GatewayError.unsupported('parallel_tool_calls', provider, "'parallel_tool_calls: false'");
  }
  if (features.verbosity && request.textVerbosity !== undefined) {
    throw GatewayError.unsupported('text.verbosity', provider, "'text.verbosity'");
  }
  if (features.autoTruncation && request.truncation === 'auto') {
    throw GatewayError.unsupported('truncation', provider, "'truncation: auto'");
  }
}
