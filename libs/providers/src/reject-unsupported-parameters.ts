import { Logger } from '@nestjs/common';
import { GatewayError } from '@latticelm/api';
import type { ProviderRequest } from './provider';

/** Request features a vendor API has no way to honour. */
export interface UnsupportedFeatures {
  /** the vendor has no cap on tool calls per response */
  maxToolCalls?: boolean;
  /** the vendor cannot be told to call tools one at a time */
  serialToolCalls?: boolean;
  /** the vendor does not truncate context on overflow (it errors instead) */
  autoTruncation?: boolean;
  /** the vendor has no verbosity control */
  verbosity?: boolean;
  /** the vendor has no top-k sampling */
  topK?: boolean;
  /** the vendor cannot stop at client-given sequences */
  stopSequences?: boolean;
  /** the vendor has no sampling seed */
  seed?: boolean;
  /** OpenAI's own API: the OpenAI-only fields go to it as sent (the vendor decides) */
  passesOpenAIFields?: boolean;
}

/** One field of a request that would change the answer and that this vendor cannot honour. */
export interface UnsupportedParameter {
  /** the request field, as the client named it */
  param: string;
  /** what was asked, for the error message (defaults to the field name) */
  what?: string;
  /** the request without it */
  drop(request: ProviderRequest): ProviderRequest;
}

/** The findings every non-OpenAI vendor shares: the features it lacks, and OpenAI-only fields. */
export function findUnsupportedParameters(request: ProviderRequest, features: UnsupportedFeatures): UnsupportedParameter[] {
  const found: UnsupportedParameter[] = [];
  if (features.maxToolCalls && request.maxToolCalls !== undefined) {
    found.push({ param: 'max_tool_calls', drop: (r) => ({ ...r, maxToolCalls: undefined }) });
  }
  if (features.serialToolCalls && request.parallelToolCalls === false && request.tools.length > 0) {
    found.push({ param: 'parallel_tool_calls', what: "'parallel_tool_calls: false'", drop: (r) => ({ ...r, parallelToolCalls: undefined }) });
  }
  if (features.verbosity && request.textVerbosity !== undefined) {
    found.push({ param: 'text.verbosity', what: "'text.verbosity'", drop: (r) => ({ ...r, textVerbosity: undefined }) });
  }
  if (features.autoTruncation && request.truncation === 'auto') {
    found.push({ param: 'truncation', what: "'truncation: auto'", drop: (r) => ({ ...r, truncation: 'disabled' }) });
  }
  found.push(...findUnsupportedSampling(request, features));
  if (features.seed && request.seed !== undefined) found.push({ param: 'seed', drop: (r) => ({ ...r, seed: undefined }) });
  if (features.passesOpenAIFields) return found;
  for (const key of Object.keys(request.vendorFields)) {
    found.push({
      param: key,
      drop: (r) => {
        const { [key]: _dropped, ...rest } = r.vendorFields;
        return { ...r, vendorFields: rest };
      },
    });
  }
  return found;
}

/** top_k and stop sequences (the Messages API's `stop_sequences`, Chat Completions' `stop`), for the vendors that lack them. */
export function findUnsupportedSampling(request: ProviderRequest, features: Pick<UnsupportedFeatures, 'topK' | 'stopSequences'>): UnsupportedParameter[] {
  const found: UnsupportedParameter[] = [];
  if (features.topK && request.topK !== undefined) found.push({ param: 'top_k', drop: (r) => ({ ...r, topK: undefined }) });
  if (features.stopSequences && request.stopSequences?.length) {
    found.push({ param: request.stopSequencesParam ?? 'stop', drop: (r) => ({ ...r, stopSequences: undefined }) });
  }
  return found;
}

const logger = new Logger('UnsupportedParameters');

/**
 * Applies `unsupported_parameters` (providers.<name> or models[]): `reject` refuses the request with a 400 naming
 * the first such field; `drop` removes every one of them, tells the caller (a response header) and logs it.
 */
export function applyParameterPolicy(request: ProviderRequest, provider: string, found: readonly UnsupportedParameter[]): ProviderRequest {
  if (found.length === 0) return request;
  if ((request.unsupportedParameters ?? 'reject') === 'reject') throw GatewayError.unsupported(found[0].param, provider, found[0].what);
  const dropped = found.reduce((current, parameter) => parameter.drop(current), request);
  const params = found.map((parameter) => parameter.param);
  logger.warn(`provider "${provider}" cannot honour ${params.join(', ')}: dropped (unsupported_parameters: drop)`);
  request.onDroppedParameters?.(params);
  return dropped;
}
