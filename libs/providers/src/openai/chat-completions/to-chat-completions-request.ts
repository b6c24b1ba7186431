import { ConversationItem, ContentPart, GatewayError, foreignCompaction } from '@latticelm/api';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions/completions';
import type { ProviderRequest } from '../../provider';
import { omitHostedCallInput } from '../../hosted-tools';
import { toDataUrl } from '../to-openai-request';
import { UnsupportedParameter, findUnsupportedParameters } from '../../reject-unsupported-parameters';
import { narrowToAllowedTools, unsupportedHostedToolChoice } from '../../allowed-tools';

/**
 * Open Responses → Chat Completions (https://platform.openai.com/docs/api-reference/chat/create), for servers that
 * speak only that API (vLLM, Ollama, LM Studio, Groq, Together, OpenRouter). Items become messages: instructions
 * and system/developer messages are `system` (the role every chat template knows; OpenAI reads it as developer),
 * function calls join the assistant message before them, their outputs are `tool` messages. Reasoning items have
 * no Chat Completions form and are left out.
 */
export function toChatCompletionsRequest(original: ProviderRequest, provider: string): ChatCompletionCreateParamsBase {
  // compatible servers rarely take Chat Completions' allowed_tools: only the allowed functions are offered
  const request = narrowToAllowedTools(original);
  const params: ChatCompletionCreateParamsBase = { model: request.model, messages: toChatMessages(request, provider) };
  if (request.tools.length > 0) {
    params.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        ...(tool.parameters ? { parameters: tool.parameters } : {}),
        ...(tool.strict ? { strict: true } : {}),
      },
    }));
    params.tool_choice = toToolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined) params.parallel_tool_calls = request.parallelToolCalls;
  } else if (request.toolChoice === 'none') params.tool_choice = 'none';
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.topP !== undefined) params.top_p = request.topP;
  if (request.presencePenalty !== undefined) params.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) params.frequency_penalty = request.frequencyPenalty;
  // `max_tokens` is what every compatible server reads (vLLM, Ollama, LM Studio, Groq); OpenAI's own reasoning
  // models want `max_completion_tokens`, but those are reached through `api: responses`.
  if (request.maxOutputTokens !== undefined) params.max_tokens = request.maxOutputTokens;
  if (request.stopSequences) params.stop = request.stopSequences;
  if (request.seed !== undefined) params.seed = request.seed;
  if (request.textFormat.type === 'json_object') params.response_format = { type: 'json_object' };
  if (request.textFormat.type === 'json_schema') {
    const format = request.textFormat;
    params.response_format = {
      type: 'json_schema',
      json_schema: { name: format.name, schema: format.schema, strict: format.strict, ...(format.description ? { description: format.description } : {}) },
    };
  }
  if (request.reasoning?.effort) params.reasoning_effort = request.reasoning.effort;
  if (request.textVerbosity) params.verbosity = request.textVerbosity;
  if (request.user !== undefined) params.user = request.user;
  if (request.safetyIdentifier !== undefined) params.safety_identifier = request.safetyIdentifier;
  if (request.promptCacheKey !== undefined) params.prompt_cache_key = request.promptCacheKey;
  if (request.promptCacheRetention !== undefined) params.prompt_cache_retention = request.promptCacheRetention;
  if (request.serviceTier !== undefined) params.service_tier = request.serviceTier as ChatCompletionCreateParamsBase['service_tier'];
  // Fields only OpenAI defines reach the server as the client sent them: the server decides.
  return { ...request.vendorFields, ...params };
}

/** What Chat Completions has no way to express; refused (400 naming it) or dropped per `unsupported_parameters`. */
export function chatCompletionsUnsupportedParameters(request: ProviderRequest): UnsupportedParameter[] {
  return [
    ...findUnsupportedParameters(request, { maxToolCalls: true, autoTruncation: true, topK: true, passesOpenAIFields: true }),
    ...unsupportedHostedToolChoice(request, () => false),
    // Chat Completions has no hosted tools (web search is a model family there, not a tool)
    ...request.hostedTools.map((tool) => ({
      param: 'tools',
      what: `the hosted tool '${tool.type}'`,
      drop: (r: ProviderRequest) => ({ ...r, hostedTools: r.hostedTools.filter((other) => other !== tool) }),
    })),
  ];
}

function toToolChoice(choice: ProviderRequest['toolChoice']): ChatCompletionToolChoiceOption {
  if (typeof choice !== 'object') return choice;
  // allowed_tools was narrowed to the tools offered before this runs
  return choice.type === 'allowed_tools' ? choice.mode : { type: 'function', function: { name: choice.name } };
}

function toChatMessages(request: ProviderRequest, provider: string): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  if (request.instructions) messages.push({ role: 'system', content: request.instructions });
  let assistant: ChatCompletionAssistantMessageParam | undefined;
  request.input.forEach((item: ConversationItem, index) => {
    const param = `input[${index}]`;
    switch (item.type) {
      case 'message':
        if (item.role === 'assistant') {
          const text = item.content.filter((part) => part.type === 'output_text' || part.type === 'input_text').map(textOf).join('');
          const refusal = item.content.filter((part) => part.type === 'refusal').map((part) => (part.type === 'refusal' ? part.refusal : '')).join('');
          assistant = { role: 'assistant', content: text || null, ...(refusal ? { refusal } : {}) };
          messages.push(assistant);
          return;
        }
        assistant = undefined;
        if (item.role !== 'user') messages.push({ role: 'system', content: item.content.map(textOf).join('\n') });
        // One text part goes as a plain string: several compatible servers' chat templates take nothing else.
        else if (item.content.length === 1 && item.content[0].type === 'input_text') messages.push({ role: 'user', content: item.content[0].text });
        else messages.push({ role: 'user', content: item.content.map((part, partIndex) => toUserPart(part, `${param}.content[${partIndex}]`, provider)) });
        return;
      case 'function_call': {
        // Parallel calls are one assistant message with several tool_calls, as the vendor returned them.
        if (!assistant) messages.push((assistant = { role: 'assistant', content: null }));
        assistant.tool_calls = [...(assistant.tool_calls ?? []), { id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } }];
        return;
      }
      case 'function_call_output':
        assistant = undefined;
        messages.push({ role: 'tool', tool_call_id: item.call_id, content: toolOutput(item.output, `${param}.output`, provider) });
        return;
      case 'reasoning':
        return;
      case 'compaction':
        throw foreignCompaction(param, `provider "${provider}"`);
      default:
        omitHostedCallInput(item, `provider "${provider}"`, param);
    }
  });
  return messages;
}

function textOf(part: ContentPart): string {
  if (part.type === 'input_text' || part.type === 'output_text') return part.text;
  return part.type === 'refusal' ? part.refusal : '';
}

function toUserPart(part: ContentPart, param: string, provider: string): ChatCompletionContentPart {
  switch (part.type) {
    case 'input_image':
      return { type: 'image_url', image_url: { url: part.image_url, detail: part.detail ?? 'auto' } };
    case 'input_file':
      if (!part.file_data) {
        throw GatewayError.invalidRequest(`${param}.file_url`, `provider "${provider}" (Chat Completions) takes files as file_data only, not by URL`, 'unsupported_parameter');
      }
      return { type: 'file', file: { file_data: toDataUrl(part.file_data, part.filename), ...(part.filename ? { filename: part.filename } : {}) } };
    default:
      return { type: 'text', text: textOf(part) };
  }
}

/** Tool messages carry text; an image in a tool's output has no place there. */
function toolOutput(output: string | ContentPart[], param: string, provider: string): string {
  if (typeof output === 'string') return output;
  return output
    .map((part, index) => {
      if (part.type === 'input_image' || part.type === 'input_file') {
        throw GatewayError.invalidRequest(`${param}[${index}]`, `provider "${provider}" (Chat Completions) takes only text in a tool's output`, 'unsupported_parameter');
      }
      return textOf(part);
    })
    .join('');
}
