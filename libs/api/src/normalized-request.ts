import type {
  ConversationItem,
  FunctionTool,
  HostedTool,
  HostedToolChoice,
  ReasoningEffort,
  TextFormat,
  ToolChoice,
  ToolNamespace,
} from './open-responses.types';

/** The spec's ItemReferenceParam: an earlier output item, by id, to be read from the conversation store. */
export interface ItemReference {
  type: 'item_reference';
  id: string;
}

/** One entry of `tools` as the client sent it: a function (not in a namespace), a namespace, or a hosted tool. */
export type ToolSlot = { kind: 'function'; name: string } | { kind: 'namespace'; name: string } | { kind: 'hosted'; index: number };

/** A validated POST /v1/responses body in the gateway's own terms. */
export interface NormalizedRequest {
  model: string;
  /** seed extension: route to this configured provider */
  provider?: string;
  /** item references are resolved from the store before the request goes anywhere */
  input: (ConversationItem | ItemReference)[];
  instructions?: string;
  /** every function, those of `namespace` tools included (each names its namespace) */
  tools: FunctionTool[];
  /** the `namespace` tools the functions came in, for vendors that have them */
  toolNamespaces: ToolNamespace[];
  /** vendor-hosted tools as sent; each provider honours those it has an equivalent for, or refuses them */
  hostedTools: HostedTool[];
  /** the order the client listed its tools in, for vendors that take them as sent (absent: functions first) */
  toolOrder?: ToolSlot[];
  toolChoice: ToolChoice;
  /** OpenAI's choice of a hosted tool, as sent (toolChoice is then 'auto' for whoever cannot read it) */
  hostedToolChoice?: HostedToolChoice;
  temperature?: number;
  topP?: number;
  /** Gemini's top-k sampling (the Messages API's `top_k`); other vendors cannot honour it */
  topK?: number;
  /** sequences that end the answer where they occur (the Messages API's `stop_sequences`, Chat Completions' `stop`) */
  stopSequences?: string[];
  /** the client's name for them, for errors: `stop` (the default) or `stop_sequences` */
  stopSequencesParam?: 'stop' | 'stop_sequences';
  presencePenalty?: number;
  frequencyPenalty?: number;
  maxOutputTokens?: number;
  maxToolCalls?: number;
  /** best-effort determinism (Chat Completions `seed`); not in Open Responses */
  seed?: number;
  parallelToolCalls?: boolean;
  textFormat: TextFormat;
  textVerbosity?: 'low' | 'medium' | 'high';
  /** extra output the client asked for (only 'reasoning.encrypted_content' is supported) */
  include: string[];
  reasoning?: { effort?: ReasoningEffort; summary?: 'auto' | 'concise' | 'detailed' };
  metadata: Record<string, string>;
  store?: boolean;
  user?: string;
  safetyIdentifier?: string;
  promptCacheKey?: string;
  /** a cache hint: OpenAI keeps the prefix this long; other vendors cache by their own rules */
  promptCacheRetention?: 'in_memory' | '24h';
  /** OpenAI's tier; vendors without tiers serve every request at their one tier */
  serviceTier?: string;
  /** OpenAI-only fields (OPENAI_ONLY_FIELDS) exactly as sent: passed through to OpenAI, unsupported elsewhere */
  vendorFields: Record<string, unknown>;
  truncation: 'auto' | 'disabled';
  stream: boolean;
  previousResponseId?: string;
}
