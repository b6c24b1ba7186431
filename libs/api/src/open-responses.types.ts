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

export type FunctionCallItem = Spec.FunctionCall;

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
 * The compacted window of earlier turns (POST /v1/responses/compact). Opaque to clients: a vendor's own compaction
 * (OpenAI encrypts it) or the gateway's (see libs/responses/src/compaction), told apart by the content's prefix.
 */
export type CompactionItem = Spec.CompactionBody;

/** Every item that can appear in a conversation: inputs and outputs alike. */
export type ConversationItem = MessageItem | FunctionCallItem | FunctionCallOutputItem | ReasoningItem | CompactionItem;
/** The items the gateway puts in `output` (each one a spec ItemField). */
export type OutputItem = OutputMessageItem | FunctionCallItem | ReasoningItem;

export type FunctionTool = Spec.FunctionTool;

export interface FunctionToolChoice extends Spec.FunctionToolChoice {
  name: string;
}
export type ToolChoice = Spec.ToolChoiceValueEnum | FunctionToolChoice;

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

export interface ResponseResource extends Omit<Spec.ResponseResource, 'text' | 'reasoning'> {
  status: ResponseStatus;
  output: OutputItem[];
  tool_choice: ToolChoice;
  text: ResponseTextField;
  reasoning: ResponseReasoning | null;
  metadata: Record<string, string>;
  /** latticelm extension (seed): which configured provider served the response. */
  provider?: string;
  user?: string | null;
}

/** POST /v1/responses/compact's answer: the compacted window the client sends back as a new chain's input. */
export interface CompactResource extends Omit<Spec.CompactResource, 'output'> {
  output: ConversationItem[];
}

/** A spec streaming event whose `response` snapshot is the gateway's ResponseResource (see the deviations above). */
type WithGatewayResponse<E> = E extends { response: Spec.ResponseResource } ? Omit<E, 'response'> & { response: ResponseResource } : E;

/** The streaming events, discriminated on `type`: the spec's StreamingEvent union. */
export type StreamEvent = WithGatewayResponse<Spec.StreamingEvent>;
export type StreamEventType = StreamEvent['type'];
