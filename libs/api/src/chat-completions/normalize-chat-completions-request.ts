import { MAX_NESTING_DEPTH, findTooDeep } from '../nesting-limit';
import { fail, isObject, normalizeRequest, typeName } from '../normalize-request';
import type { NormalizedRequest } from '../normalized-request';

type Json = Record<string, unknown>;

/** A POST /v1/chat/completions body in the gateway's terms, and what only the Chat Completions encoder needs. */
export interface ChatCompletionsRequest {
  request: NormalizedRequest;
  /** `stream_options.include_usage`: a last chunk with the usage and no choices */
  includeUsage: boolean;
}

/**
 * Fields of OpenAI's Chat Completions that the gateway does not model: kept verbatim in `vendorFields`, so they
 * reach OpenAI (the vendor decides) and are an unsupported parameter on every other provider.
 */
const OPENAI_CHAT_ONLY_FIELDS = ['audio', 'logit_bias', 'modalities', 'moderation', 'prediction', 'prompt_cache_options', 'web_search_options'];
/** Fields copied to the Open Responses body under the same name and meaning. */
const SAME_NAME_FIELDS = [
  'model', 'provider', 'temperature', 'top_p', 'presence_penalty', 'frequency_penalty', 'parallel_tool_calls', 'metadata', 'user',
  'safety_identifier', 'prompt_cache_key', 'prompt_cache_retention', 'service_tier', 'stream',
];
const KNOWN_FIELDS = new Set([
  ...SAME_NAME_FIELDS, ...OPENAI_CHAT_ONLY_FIELDS, 'messages', 'tools', 'tool_choice', 'response_format', 'max_tokens', 'max_completion_tokens',
  'stop', 'seed', 'reasoning_effort', 'store', 'stream_options', 'n', 'logprobs', 'top_logprobs', 'verbosity', 'functions', 'function_call',
]);

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Validates a Chat Completions body (https://platform.openai.com/docs/api-reference/chat/create) and turns it into
 * the one NormalizedRequest: messages become Open Responses items, then the Responses normalizer checks values.
 * Structural errors name the Chat Completions field (`messages[2].tool_calls[0].function.arguments`).
 */
export function normalizeChatCompletionsRequest(body: unknown): ChatCompletionsRequest {
  if (!isObject(body)) fail('body', `the request body must be a JSON object, got ${typeName(body)}`);
  const tooDeep = findTooDeep(body);
  if (tooDeep !== undefined) fail(tooDeep, `the request body nests deeper than ${MAX_NESTING_DEPTH} levels at '${tooDeep}'`, 'nesting_too_deep');
  for (const key of Object.keys(body)) {
    if (!KNOWN_FIELDS.has(key)) fail(key, `unknown parameter '${key}'`, 'unknown_parameter');
  }
  rejectUnsupported(body);

  const responses: Json = {};
  for (const key of SAME_NAME_FIELDS) if (present(body[key])) responses[key] = body[key];
  responses.input = toInputItems(body.messages);
  if (present(body.tools)) responses.tools = toTools(body.tools);
  if (present(body.tool_choice)) responses.tool_choice = toToolChoice(body.tool_choice);
  const maxOutputTokens = maxTokensOf(body);
  if (maxOutputTokens !== undefined) responses.max_output_tokens = maxOutputTokens;
  const text = toText(body.response_format, body.verbosity);
  if (text) responses.text = text;
  if (present(body.reasoning_effort)) responses.reasoning = { effort: body.reasoning_effort };
  // OpenAI's Chat Completions stores nothing unless asked ("store: Defaults to false").
  responses.store = present(body.store) ? body.store : false;

  const request = normalizeRequest(responses);
  const vendorFields: Record<string, unknown> = {};
  for (const key of OPENAI_CHAT_ONLY_FIELDS) if (present(body[key])) vendorFields[key] = body[key];
  return {
    request: { ...request, vendorFields, ...stopOf(body.stop), ...seedOf(body.seed) },
    includeUsage: includeUsageOf(body),
  };
}

/** The parameter rule: a field that asks for nothing (n: 1, logprobs: false) is accepted; more is a 400 naming it. */
function rejectUnsupported(body: Json): void {
  if (present(body.n) && body.n !== 1) fail('n', "'n' other than 1 is not supported: ask once per choice", 'unsupported_parameter');
  if (present(body.logprobs) && body.logprobs !== false) fail('logprobs', "'logprobs' is not supported", 'unsupported_parameter');
  if (present(body.top_logprobs) && body.top_logprobs !== 0) fail('top_logprobs', "'top_logprobs' is not supported", 'unsupported_parameter');
  if (present(body.functions)) fail('functions', "the deprecated 'functions' are not supported; send 'tools'", 'unsupported_parameter');
  if (present(body.function_call)) fail('function_call', "the deprecated 'function_call' is not supported; send 'tool_choice'", 'unsupported_parameter');
  if (present(body.stream_options) && !isObject(body.stream_options)) fail('stream_options', `'stream_options' must be an object, got ${typeName(body.stream_options)}`);
}

function includeUsageOf(body: Json): boolean {
  const options = body.stream_options;
  if (!isObject(options) || !present(options.include_usage)) return false;
  if (typeof options.include_usage !== 'boolean') fail('stream_options.include_usage', "'stream_options.include_usage' must be a boolean");
  return options.include_usage;
}

/** `max_completion_tokens` replaced the deprecated `max_tokens`; either is the cap, and two different caps are a contradiction. */
function maxTokensOf(body: Json): unknown {
  const current = body.max_completion_tokens;
  const legacy = body.max_tokens;
  if (present(current) && present(legacy) && current !== legacy) {
    fail('max_tokens', "'max_tokens' and 'max_completion_tokens' differ; send only 'max_completion_tokens'");
  }
  if (present(current)) return checkedInteger(current, 'max_completion_tokens');
  if (present(legacy)) return checkedInteger(legacy, 'max_tokens');
  return undefined;
}

function checkedInteger(value: unknown, param: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) fail(param, `'${param}' must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

/** "Up to 4 sequences where the API will stop generating further tokens." */
function stopOf(stop: unknown): { stopSequences?: string[] } {
  if (!present(stop)) return {};
  const list = typeof stop === 'string' ? [stop] : stop;
  if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string')) fail('stop', "'stop' must be a string or an array of strings");
  if (list.length > 4) fail('stop', "'stop' may hold at most 4 sequences");
  return list.length > 0 ? { stopSequences: list as string[] } : {};
}

function seedOf(seed: unknown): { seed?: number } {
  if (!present(seed)) return {};
  if (typeof seed !== 'number' || !Number.isInteger(seed)) fail('seed', `'seed' must be an integer, got ${typeName(seed)}`);
  return { seed };
}

function toText(format: unknown, verbosity: unknown): Json | undefined {
  const text: Json = {};
  if (present(verbosity)) text.verbosity = verbosity;
  if (present(format)) {
    if (!isObject(format)) fail('response_format', `'response_format' must be an object, got ${typeName(format)}`);
    switch (format.type) {
      case 'text':
      case 'json_object':
        text.format = { type: format.type };
        break;
      case 'json_schema': {
        const schema = format.json_schema;
        if (!isObject(schema)) fail('response_format.json_schema', "'response_format.json_schema' is required for type json_schema", 'missing_required_parameter');
        // The Responses API takes the same fields one level up; a schema is optional here, required there.
        text.format = { type: 'json_schema', ...schema, schema: schema.schema ?? { type: 'object' } };
        break;
      }
      default:
        fail('response_format.type', `'response_format.type' must be text, json_object or json_schema, got ${JSON.stringify(format.type)}`);
    }
  }
  return Object.keys(text).length > 0 ? text : undefined;
}

function toTools(tools: unknown): Json[] {
  if (!Array.isArray(tools)) fail('tools', `'tools' must be an array, got ${typeName(tools)}`);
  return tools.map((tool, index) => {
    const param = `tools[${index}]`;
    if (!isObject(tool)) fail(param, `${param} must be an object, got ${typeName(tool)}`);
    if (tool.type !== 'function') fail(`${param}.type`, `${param}.type ${JSON.stringify(tool.type)} is not supported; only 'function' tools are`, 'unsupported_parameter');
    const fn = tool.function;
    if (!isObject(fn)) fail(`${param}.function`, `${param}.function is required`, 'missing_required_parameter');
    if (typeof fn.name !== 'string') fail(`${param}.function.name`, `${param}.function.name is required`, 'missing_required_parameter');
    return { type: 'function', name: fn.name, description: fn.description, parameters: fn.parameters, strict: fn.strict };
  });
}

function toToolChoice(choice: unknown): unknown {
  if (typeof choice === 'string') return choice;
  if (isObject(choice) && choice.type === 'function') {
    const fn = choice.function;
    if (!isObject(fn) || typeof fn.name !== 'string') fail('tool_choice.function.name', "'tool_choice.function.name' is required", 'missing_required_parameter');
    return { type: 'function', name: fn.name };
  }
  if (isObject(choice) && (choice.type === 'allowed_tools' || choice.type === 'custom')) {
    fail('tool_choice', `tool_choice '${choice.type}' is not supported`, 'unsupported_parameter');
  }
  fail('tool_choice', `'tool_choice' must be none, auto, required or {type:'function',function:{name}}, got ${JSON.stringify(choice)}`);
}

/** Messages → Open Responses items: an assistant's tool calls follow its message, each tool message is a call's output. */
function toInputItems(messages: unknown): Json[] {
  if (!Array.isArray(messages) || messages.length === 0) {
    fail('messages', present(messages) ? "'messages' must be a non-empty array" : "'messages' is required", present(messages) ? 'invalid_request' : 'missing_required_parameter');
  }
  return messages.flatMap((message, index) => toItems(message, `messages[${index}]`));
}

function toItems(message: unknown, param: string): Json[] {
  if (!isObject(message)) fail(param, `${param} must be an object, got ${typeName(message)}`);
  switch (message.role) {
    case 'system':
    case 'developer':
      return [{ type: 'message', role: message.role, content: textParts(message.content, `${param}.content`) }];
    case 'user':
      return [{ type: 'message', role: 'user', content: userContent(message.content, `${param}.content`) }];
    case 'assistant':
      return assistantItems(message, param);
    case 'tool': {
      if (typeof message.tool_call_id !== 'string') fail(`${param}.tool_call_id`, `${param}.tool_call_id is required`, 'missing_required_parameter');
      const output = textParts(message.content, `${param}.content`);
      return [{ type: 'function_call_output', call_id: message.tool_call_id, output: typeof output === 'string' ? output : output.map((part) => part.text).join('') }];
    }
    case 'function':
      fail(`${param}.role`, "the deprecated 'function' role is not supported; send 'tool' messages", 'unsupported_parameter');
    // falls through: fail() never returns
    default:
      fail(`${param}.role`, `${param}.role must be one of system, developer, user, assistant, tool, got ${JSON.stringify(message.role)}`);
  }
}

/** System, developer and tool content: a string or text parts. */
function textParts(content: unknown, param: string): string | { type: 'input_text'; text: string }[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) fail(param, `${param} must be a string or an array of text parts, got ${typeName(content)}`);
  return content.map((part, index) => {
    if (!isObject(part) || part.type !== 'text' || typeof part.text !== 'string') fail(`${param}[${index}]`, `${param}[${index}] must be a text part ({type:'text',text})`);
    return { type: 'input_text' as const, text: part.text };
  });
}

function userContent(content: unknown, param: string): unknown {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) fail(param, `${param} must be a string or an array of content parts, got ${typeName(content)}`);
  return content.map((part, index) => userPart(part, `${param}[${index}]`));
}

function userPart(part: unknown, param: string): Json {
  if (!isObject(part)) fail(param, `${param} must be an object, got ${typeName(part)}`);
  switch (part.type) {
    case 'text':
      if (typeof part.text !== 'string') fail(`${param}.text`, `${param}.text is required`, 'missing_required_parameter');
      return { type: 'input_text', text: part.text };
    case 'image_url': {
      const image = part.image_url;
      if (!isObject(image) || typeof image.url !== 'string') fail(`${param}.image_url.url`, `${param}.image_url.url is required`, 'missing_required_parameter');
      if (!/^(https?:|data:image\/[a-z0-9.+-]+;base64,)/i.test(image.url)) fail(`${param}.image_url.url`, `${param}.image_url.url must be an http(s) URL or a base64 data:image URL`);
      if (present(image.detail) && !['low', 'high', 'auto'].includes(image.detail as string)) fail(`${param}.image_url.detail`, `${param}.image_url.detail must be low, high or auto`);
      return { type: 'input_image', image_url: image.url, detail: image.detail ?? 'auto' };
    }
    case 'file': {
      const file = part.file;
      if (!isObject(file)) fail(`${param}.file`, `${param}.file is required`, 'missing_required_parameter');
      if (present(file.file_id)) fail(`${param}.file.file_id`, 'files by file_id are not supported; send file_data', 'unsupported_parameter');
      if (typeof file.file_data !== 'string') fail(`${param}.file.file_data`, `${param}.file.file_data is required`, 'missing_required_parameter');
      return { type: 'input_file', file_data: file.file_data, ...(typeof file.filename === 'string' ? { filename: file.filename } : {}) };
    }
    case 'input_audio':
      fail(`${param}.type`, 'audio input is not supported', 'unsupported_parameter');
    // falls through: fail() never returns
    default:
      fail(`${param}.type`, `unsupported content part type ${JSON.stringify(part.type)}`);
  }
}

function assistantItems(message: Json, param: string): Json[] {
  const parts: Json[] = [];
  const content = message.content;
  if (typeof content === 'string') {
    if (content !== '') parts.push({ type: 'output_text', text: content });
  } else if (Array.isArray(content)) {
    content.forEach((part, index) => {
      const partParam = `${param}.content[${index}]`;
      if (isObject(part) && part.type === 'text' && typeof part.text === 'string') parts.push({ type: 'output_text', text: part.text });
      else if (isObject(part) && part.type === 'refusal' && typeof part.refusal === 'string') parts.push({ type: 'refusal', refusal: part.refusal });
      else fail(partParam, `${partParam} must be a text or refusal part`);
    });
  } else if (present(content)) {
    fail(`${param}.content`, `${param}.content must be a string, an array of parts or null, got ${typeName(content)}`);
  }
  if (typeof message.refusal === 'string' && message.refusal !== '') parts.push({ type: 'refusal', refusal: message.refusal });
  if (present(message.audio)) fail(`${param}.audio`, 'audio replies are not supported', 'unsupported_parameter');
  if (present(message.function_call)) fail(`${param}.function_call`, "the deprecated 'function_call' is not supported; send 'tool_calls'", 'unsupported_parameter');
  const items: Json[] = parts.length > 0 ? [{ type: 'message', role: 'assistant', content: parts }] : [];
  const calls = message.tool_calls;
  if (!present(calls)) return items;
  if (!Array.isArray(calls)) fail(`${param}.tool_calls`, `${param}.tool_calls must be an array, got ${typeName(calls)}`);
  calls.forEach((call, index) => {
    const callParam = `${param}.tool_calls[${index}]`;
    if (!isObject(call)) fail(callParam, `${callParam} must be an object, got ${typeName(call)}`);
    if (call.type !== undefined && call.type !== 'function') fail(`${callParam}.type`, `${callParam}.type must be 'function'`, 'unsupported_parameter');
    if (typeof call.id !== 'string') fail(`${callParam}.id`, `${callParam}.id is required`, 'missing_required_parameter');
    const fn = call.function;
    if (!isObject(fn) || typeof fn.name !== 'string') fail(`${callParam}.function.name`, `${callParam}.function.name is required`, 'missing_required_parameter');
    if (typeof fn.arguments !== 'string') fail(`${callParam}.function.arguments`, `${callParam}.function.arguments must be a JSON string`);
    items.push({ type: 'function_call', call_id: call.id, name: fn.name, arguments: fn.arguments });
  });
  return items;
}
