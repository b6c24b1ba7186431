import { ConversationItem, ContentPart, FunctionTool, ToolNamespace, ToolSlot, responseIdOfItem } from '@latticelm/api';
import type { ResponseCreateParamsBase, ResponseInputItem, ResponseInputContent, Tool } from 'openai/resources/responses/responses';
import type { ProviderRequest } from '../provider';
import { decodeOpenAIReasoning } from './openai-reasoning-state';

/**
 * Open Responses → the vendor's Responses API. Nearly one to one; the gateway keeps conversation state itself,
 * so upstream `store` is off and item ids are not sent (the vendor rejects ids it did not issue).
 */
export function toOpenAIRequest(request: ProviderRequest): ResponseCreateParamsBase {
  const params: ResponseCreateParamsBase = {
    model: request.model,
    input: toOpenAIInput(request.input),
    store: false,
  };
  if (request.instructions !== undefined) params.instructions = request.instructions;
  const tools = toOpenAITools(request);
  if (tools.length > 0) params.tools = tools;
  // allowed_tools' `none` mode is the spec's; OpenAI's SDK type lists auto and required — the vendor decides
  if (tools.length > 0 || request.toolChoice !== 'auto') params.tool_choice = request.toolChoice as ResponseCreateParamsBase['tool_choice'];
  if (request.hostedToolChoice) params.tool_choice = request.hostedToolChoice as unknown as ResponseCreateParamsBase['tool_choice'];
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.topP !== undefined) params.top_p = request.topP;
  if (request.maxOutputTokens !== undefined) params.max_output_tokens = request.maxOutputTokens;
  if (request.maxToolCalls !== undefined) params.max_tool_calls = request.maxToolCalls;
  if (request.parallelToolCalls !== undefined) params.parallel_tool_calls = request.parallelToolCalls;
  if (request.textVerbosity) params.text = { verbosity: request.textVerbosity };
  // With `store: false` upstream, a reasoning model's thinking reaches the next turn only as encrypted content.
  const include = new Set(request.include);
  if (request.reasoning?.effort && request.reasoning.effort !== 'none') include.add('reasoning.encrypted_content');
  if (include.size > 0) params.include = [...include] as ResponseCreateParamsBase['include'];
  if (request.textFormat.type !== 'text') {
    params.text = {
      ...params.text,
      format:
        request.textFormat.type === 'json_schema'
          ? {
              type: 'json_schema',
              name: request.textFormat.name,
              schema: request.textFormat.schema,
              strict: request.textFormat.strict,
              ...(request.textFormat.description ? { description: request.textFormat.description } : {}),
            }
          : { type: 'json_object' },
    };
  }
  if (request.reasoning && (request.reasoning.effort || request.reasoning.summary)) {
    params.reasoning = {
      ...(request.reasoning.effort ? { effort: request.reasoning.effort } : {}),
      ...(request.reasoning.summary ? { summary: request.reasoning.summary } : {}),
    };
  }
  if (Object.keys(request.metadata).length > 0) params.metadata = request.metadata;
  if (request.user !== undefined) params.user = request.user;
  if (request.safetyIdentifier !== undefined) params.safety_identifier = request.safetyIdentifier;
  if (request.promptCacheKey !== undefined) params.prompt_cache_key = request.promptCacheKey;
  if (request.promptCacheRetention !== undefined) params.prompt_cache_retention = request.promptCacheRetention;
  if (request.serviceTier !== undefined) params.service_tier = request.serviceTier as ResponseCreateParamsBase['service_tier'];
  if (request.truncation === 'auto') params.truncation = 'auto';
  // Fields only OpenAI defines reach it as the client sent them: the vendor decides.
  return { ...request.vendorFields, ...params };
}

/** Functions, `namespace` tools and hosted tools (exactly as sent), in the order the client listed them. */
function toOpenAITools(request: ProviderRequest): Tool[] {
  const toFunction = (tool: FunctionTool) => ({
    type: 'function' as const,
    name: tool.name,
    description: tool.description,
    parameters: tool.parameters,
    // The vendor's Responses API defaults strict to true, which rejects ordinary schemas; only opt in when asked.
    strict: tool.strict ?? false,
  });
  const namespaceTool = (namespace: ToolNamespace): Tool => ({
    type: 'namespace',
    name: namespace.name,
    description: namespace.description,
    tools: request.tools.filter((tool) => tool.namespace === namespace.name).map(toFunction),
  });
  const order: ToolSlot[] = request.toolOrder ?? [
    ...request.tools.filter((tool) => tool.namespace === undefined).map((tool) => ({ kind: 'function' as const, name: tool.name })),
    ...request.toolNamespaces.map((namespace) => ({ kind: 'namespace' as const, name: namespace.name })),
    ...request.hostedTools.map((_tool, index) => ({ kind: 'hosted' as const, index })),
  ];
  return order.flatMap((slot): Tool[] => {
    switch (slot.kind) {
      case 'function': {
        const tool = request.tools.find((candidate) => candidate.namespace === undefined && candidate.name === slot.name);
        return tool ? [toFunction(tool)] : [];
      }
      case 'namespace': {
        const namespace = request.toolNamespaces.find((candidate) => candidate.name === slot.name);
        return namespace ? [namespaceTool(namespace)] : [];
      }
      case 'hosted': {
        const hosted = request.hostedTools[slot.index];
        return hosted ? [hosted as unknown as Tool] : [];
      }
    }
  });
}

export function toOpenAIInput(items: ConversationItem[]): ResponseInputItem[] {
  const input: ResponseInputItem[] = [];
  for (const item of items) {
    switch (item.type) {
      case 'message':
        if (item.role === 'assistant') {
          input.push({
            type: 'message',
            role: 'assistant',
            content: item.content.map((part) =>
              part.type === 'refusal'
                ? { type: 'refusal', refusal: part.refusal }
                : { type: 'output_text', text: textOf(part), annotations: part.type === 'output_text' ? part.annotations : [] },
            ),
            // "preserve and resend phase on all assistant messages — dropping it can degrade performance"
            ...(item.phase ? { phase: item.phase } : {}),
          } as ResponseInputItem);
        } else {
          input.push({ type: 'message', role: item.role, content: item.content.map(toOpenAIContent) });
        }
        break;
      case 'function_call':
        input.push({ type: 'function_call', call_id: item.call_id, name: item.name, arguments: item.arguments, ...(item.namespace !== undefined ? { namespace: item.namespace } : {}) });
        break;
      case 'function_call_output':
        input.push({
          type: 'function_call_output',
          call_id: item.call_id,
          output: typeof item.output === 'string' ? item.output : item.output.map(toOpenAIContent),
        });
        break;
      case 'reasoning': {
        // Only the vendor's own reasoning can go back, as the item it returned (id + encrypted content);
        // reasoning from other vendors is left out.
        const own = decodeOpenAIReasoning(item.encrypted_content);
        if (own) {
          input.push({
            type: 'reasoning',
            id: own.id,
            summary: item.summary.map((part) => ({ type: 'summary_text', text: part.text })),
            encrypted_content: own.encrypted,
          });
        }
        break;
      }
      case 'compaction':
        // OpenAI's own compacted window goes back as the item it returned; the gateway's never reaches here.
        input.push({ type: 'compaction', id: item.id, encrypted_content: item.encrypted_content });
        break;
      default:
        // A hosted call goes back as the vendor gave it; one the gateway reported for another vendor's search
        // (its id is the gateway's) only describes that search and is left out.
        if (responseIdOfItem(item.id) === undefined) input.push(item as unknown as ResponseInputItem);
        break;
    }
  }
  return input;
}

function textOf(part: ContentPart): string {
  return part.type === 'input_text' || part.type === 'output_text' ? part.text : '';
}

function toOpenAIContent(part: ContentPart): ResponseInputContent {
  switch (part.type) {
    case 'input_image':
      return { type: 'input_image', image_url: part.image_url, detail: part.detail ?? 'auto' };
    case 'input_file':
      return {
        type: 'input_file',
        ...(part.file_data ? { file_data: toDataUrl(part.file_data, part.filename) } : {}),
        ...(part.file_url ? { file_url: part.file_url } : {}),
        ...(part.filename ? { filename: part.filename } : {}),
      };
    case 'refusal':
      return { type: 'input_text', text: part.refusal };
    default:
      return { type: 'input_text', text: part.text };
  }
}

/** The vendor wants file_data as a data URL; Open Responses clients often send bare base64. */
export function toDataUrl(data: string, filename: string | undefined): string {
  if (data.startsWith('data:')) return data;
  const mediaType = filename?.toLowerCase().endsWith('.pdf') || !filename ? 'application/pdf' : 'application/octet-stream';
  return `data:${mediaType};base64,${data}`;
}
