/**
 * The Open Responses model as the gateway reads and writes it. What goes on the wire is the generated type
 * (./generated/open-responses.generated.ts, from openapi/openresponses.openapi.json) or an interface extending
 * it: a property redeclared in `interface X extends Spec.Y` must be assignable to the spec's, so every narrowing
 * here is checked against the document. The two places where the gateway sends more than the document allows
 * extend `Omit<…>` instead and say why (JsonSchemaTextFormat, ReasoningEffort). The parts that only describe
 * what the gateway keeps of a request's input (MessageItem, FunctionCallOutputItem, the input parts) are
 * derived from the request-side schemas the same way.
 */
import type * as Spec from './generated/open-responses.generated';

export type * as OpenResponses from './generated/open-responses.generated';

export type MessageRole = Spec.MessageRole;

export type InputTextPart = Spec.InputTextContent;
/** An input image as normalized: always a URL (or data URL), `detail` defaulted to 'auto'. */
export interface InputImagePart extends Spec.InputImageContent {
  image_url: string;
}
export interface InputFilePart extends Spec.InputFileContent {
  /** base64 data or a data: URL (the request's InputFileContentParam has it; the item schema does not declare it) */
  file_data?: string;
}
export type OutputTextPart = Spec.OutputTextContent;
export type RefusalPart = Spec.RefusalContent;
export type ReasoningTextPart = Spec.ReasoningTextContent;
export type SummaryTextPart = Spec.SummaryTextContent;

export type UserContentPart = InputTextPart | InputImagePart | InputFilePart;
export type AssistantContentPart = OutputTextPart | RefusalPart;
export type ContentPart = UserContentPart | AssistantContentPart;

/** An assistant message as the gateway produces it. */
export interface OutputMessageItem extends Spec.Message {
  role: 'assistant';
  content: AssistantContentPart[];
}

/** A message of a conversation, input or output. */
export interface MessageItem extends Spec.Message {
  content: ContentPart[];
}

/** OpenAI's extension: a call of a function offered inside a `namespace` tool names the namespace too. */
export interface FunctionCallItem extends Spec.FunctionCall {
  namespace?: string;
}

export interface FunctionCallOutputItem extends Spec.FunctionCallOutput {
  output: string | UserContentPart[];
}

export interface ReasoningItem extends Spec.ReasoningBody {
  summary: SummaryTextPart[];
  content?: ReasoningTextPart[];
  /** Vendor-opaque state (OpenAI encrypted reasoning, Anthropic thinking signature) carried across turns. */
  encrypted_content?: string;
}

/**
 * Extension (the spec lets providers add items, "Items are extensible"): the call of a vendor-hosted tool in
 * OpenAI's shape and under OpenAI's type names — `web_search_call`, `file_search_call`, `mcp_call`… — since that
 * is what the clients which send those tools read. Kept whole: a follow-up turn sends it back as it came.
 */
export interface HostedToolCallItem {
  type: HostedToolCallType;
  id: string;
  status?: string;
  [field: string]: unknown;
}

/**
 * The compacted window of earlier turns (POST /v1/responses/compact). Opaque to clients: a vendor's own compaction
 * (OpenAI encrypts it) or the gateway's (see libs/responses/src/compaction), told apart by the content's prefix.
 */
export type CompactionItem = Spec.CompactionBody;

/** OpenAI's item types for hosted tools (and their outputs), as its Responses API names them. */
export const HOSTED_TOOL_CALL_TYPES = [
  'web_search_call', 'file_search_call', 'code_interpreter_call', 'image_generation_call', 'computer_call', 'computer_call_output',
  'local_shell_call', 'local_shell_call_output', 'shell_call', 'shell_call_output', 'apply_patch_call', 'apply_patch_call_output',
  'mcp_call', 'mcp_list_tools', 'mcp_approval_request', 'mcp_approval_response', 'custom_tool_call', 'custom_tool_call_output',
  'tool_search_call', 'tool_search_output',
] as const;
export type HostedToolCallType = (typeof HOSTED_TOOL_CALL_TYPES)[number];

/** Every item that can appear in a conversation: inputs and outputs alike. */
export type ConversationItem = MessageItem | FunctionCallItem | FunctionCallOutputItem | ReasoningItem | CompactionItem | HostedToolCallItem;
/** The items the gateway puts in `output` (each a spec ItemField, or a hosted tool's call). */
export type OutputItem = OutputMessageItem | FunctionCallItem | ReasoningItem | HostedToolCallItem;

/** A function tool; `namespace` when it was offered inside one of OpenAI's `namespace` tools. */
export interface FunctionTool extends Spec.FunctionTool {
  namespace?: string;
}

/** OpenAI's `namespace` tool, without its functions (those are in `tools`, each naming it). */
export interface ToolNamespace {
  name: string;
  description: string;
}

/** A vendor-hosted tool (`web_search`, `file_search`, `mcp`…) exactly as the client sent it. */
export interface HostedTool {
  type: string;
  [field: string]: unknown;
}

/** A URL citation on output text (the spec's only annotation). */
export type UrlCitation = Spec.UrlCitationBody;

export interface FunctionToolChoice extends Spec.FunctionToolChoice {
  name: string;
}
/** The spec's allowed_tools choice: the model may call only these functions (`mode` defaults to auto). */
export interface AllowedToolsChoice extends Spec.AllowedToolChoice {
  tools: FunctionToolChoice[];
}
export type ToolChoice = Spec.ToolChoiceValueEnum | FunctionToolChoice | AllowedToolsChoice;

/**
 * OpenAI's choice of a hosted tool (`{"type":"web_search"}`, `{"type":"mcp","server_label":…}`…), as sent. Kept
 * apart from ToolChoice, whose members the spec defines; the response echoes it in `tool_choice`.
 */
export interface HostedToolChoice {
  type: string;
  [field: string]: unknown;
}

/**
 * Spec deviation: the document types `JsonSchemaResponseFormat.schema` as `null` only (the schema source it is
 * built from says `object | null`); the gateway echoes the schema the client sent, as OpenAI does.
 */
export interface JsonSchemaTextFormat extends Omit<Spec.JsonSchemaResponseFormat, 'schema'> {
  schema: Record<string, unknown>;
}
export type TextFormat = Spec.TextResponseFormat | Spec.JsonObjectResponseFormat | JsonSchemaTextFormat;

/**
 * Spec deviation: the document's ReasoningEffortEnum lacks `minimal` (its own enum descriptions still list it);
 * OpenAI's models take it, so the gateway accepts and echoes it.
 */
export type ReasoningEffort = Spec.ReasoningEffortEnum | 'minimal';

export type Usage = Spec.Usage;

/** The spec types `status` as any string; these are the values its prose names. */
export type ResponseStatus = 'queued' | 'in_progress' | 'completed' | 'incomplete' | 'failed' | 'cancelled';

export interface ResponseTextField extends Omit<Spec.TextField, 'format'> {
  format: TextFormat;
}

export interface ResponseReasoning extends Omit<Spec.Reasoning, 'effort'> {
  effort: ReasoningEffort | null;
}

/**
 * `output` may also hold hosted tools' calls (HostedToolCallItem), the one extension of the item union, and
 * `tool_choice` OpenAI's choice of a hosted tool when the request made one.
 */
export interface ResponseResource extends Omit<Spec.ResponseResource, 'text' | 'reasoning' | 'output' | 'tool_choice'> {
  status: ResponseStatus;
  output: OutputItem[];
  tool_choice: ToolChoice | HostedToolChoice;
  text: ResponseTextField;
  reasoning: ResponseReasoning | null;
  metadata: Record<string, string>;
  /** latticelm extension (seed): which configured provider served the response. */
  provider?: string;
  /** latticelm extension: the cost in USD from the vendor's reported usage, when every attempt was priced (pricing on). */
  cost_usd?: number;
  user?: string | null;
}

/** POST /v1/responses/compact's answer: the compacted window the client sends back as a new chain's input. */
export interface CompactResource extends Omit<Spec.CompactResource, 'output'> {
  output: ConversationItem[];
}

/**
 * A spec streaming event whose `response` snapshot is the gateway's ResponseResource and whose `item` may be a
 * hosted tool's call (see the deviations above).
 */
type WithGatewayResponse<E> = E extends { response: Spec.ResponseResource }
  ? Omit<E, 'response'> & { response: ResponseResource }
  : E extends { item: Spec.ItemField | null }
    ? Omit<E, 'item'> & { item: OutputItem }
    : E;

/** The streaming events, discriminated on `type`: the spec's StreamingEvent union. */
export type StreamEvent = WithGatewayResponse<Spec.StreamingEvent>;
export type StreamEventType = StreamEvent['type'];

/**
 * Extension: a hosted tool call's own progress events, named as OpenAI names them
 * (`response.web_search_call.searching`, `response.mcp_call_arguments.delta`…). Only a request that asked for
 * a hosted tool gets them.
 */
export interface HostedToolStreamEvent {
  type: `response.${string}`;
  sequence_number: number;
  output_index: number;
  item_id: string;
  [field: string]: unknown;
}

/** What the gateway streams: the spec's events and hosted tools' progress events. */
export type GatewayStreamEvent = StreamEvent | HostedToolStreamEvent;
