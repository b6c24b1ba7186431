import type { NormalizedRequest, ConversationItem } from '@latticelm/api';
import type { ProviderConfig, ProviderType, UnsupportedParameterPolicy } from '@latticelm/config';
import type { ProviderEvent } from './provider-event';

/** What a provider is asked: the normalized request, its full context and the vendor's model id. */
export interface ProviderRequest extends Omit<NormalizedRequest, 'input' | 'model' | 'provider' | 'previousResponseId'> {
  /** the vendor's model id (provider_model_id, e.g. an Azure deployment) */
  model: string;
  /** the whole context: history rebuilt from previous_response_id followed by the new input */
  input: ConversationItem[];
  /** model-level default for vendors that require a token limit */
  defaultMaxOutputTokens?: number;
  /** what to do with a field this vendor cannot honour (models[] over providers.<name>); absent: reject */
  unsupportedParameters?: UnsupportedParameterPolicy;
  /** told which fields were dropped under `unsupported_parameters: drop`, before the vendor is called */
  onDroppedParameters?: (params: string[]) => void;
}

/**
 * The fields of a request that asks for nothing beyond its input — no tools, plain text, no options — for the
 * gateway's own calls (compaction, embeddings through a provider chain).
 */
export function plainRequestFields(): Omit<ProviderRequest, 'model' | 'input'> {
  return {
    tools: [],
    toolNamespaces: [],
    hostedTools: [],
    toolChoice: 'auto',
    textFormat: { type: 'text' },
    include: [],
    metadata: {},
    vendorFields: {},
    truncation: 'disabled',
    stream: false,
  };
}

/**
 * The provider port. One call, one stream of ProviderEvents; the non-streaming path collects the same events.
 * Implementations throw GatewayError (mapped from their SDK's errors) and honour the AbortSignal.
 */
export abstract class Provider {
  abstract readonly name: string;
  abstract readonly type: ProviderType;
  abstract generate(request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent>;
}

export interface ProviderFactoryContext {
  /** keep-alive fetch shared by every SDK client */
  fetch: typeof fetch;
}

export interface ProviderFactory {
  readonly type: ProviderType;
  create(config: ProviderConfig, context: ProviderFactoryContext): Provider;
}
