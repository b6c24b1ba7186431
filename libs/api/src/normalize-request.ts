import { GatewayError } from './gateway-error';
import { newId } from './ids';
import { MAX_NESTING_DEPTH, findTooDeep } from './nesting-limit';
import type { ItemReference, NormalizedRequest, ToolSlot } from './normalized-request';
import { HOSTED_TOOL_CALL_TYPES } from './open-responses.types';
import type {
  AssistantContentPart,
  ConversationItem,
  FunctionTool,
  HostedTool,
  HostedToolCallItem,
  HostedToolCallType,
  MessageItem,
  MessageRole,
  OutputTextPart,
  ReasoningEffort,
  TextFormat,
  ToolNamespace,
  UserContentPart,
} from './open-responses.types';

type Json = Record<string, unknown>;

/** The fields of the Open Responses CreateResponseBody, plus the gateway's `provider`. */
const MODELLED_FIELDS = [
  'model', 'input', 'previous_response_id', 'include', 'tools', 'tool_choice', 'metadata', 'text', 'temperature',
  'top_p', 'presence_penalty', 'frequency_penalty', 'parallel_tool_calls', 'stream', 'stream_options', 'background',
  'max_output_tokens', 'max_tool_calls', 'reasoning', 'safety_identifier', 'prompt_cache_key', 'truncation',
  'instructions', 'store', 'service_tier', 'top_logprobs', 'user', 'provider', 'conversation', 'prompt',
  'prompt_cache_retention',
];
/**
 * Fields only OpenAI's Responses API defines and the gateway has no model of: kept verbatim in `vendorFields`,
 * passed through to OpenAI / Azure OpenAI (the vendor decides), and an unsupported parameter elsewhere.
 */
export const OPENAI_ONLY_FIELDS: readonly string[] = ['context_management', 'moderation', 'prompt_cache_options', 'access_programs', 'image'];
/**
 * Fields that only describe the request to whoever receives it. `client_metadata` is what Codex CLI sends on
 * every request; it is in neither document, is accepted, and has no effect on any provider.
 */
const DESCRIPTIVE_ONLY_FIELDS = ['client_metadata'];
const KNOWN_FIELDS = new Set([...MODELLED_FIELDS, ...OPENAI_ONLY_FIELDS, ...DESCRIPTIVE_ONLY_FIELDS]);
/** OpenAI's service tiers; vendors without tiers serve every request at their one tier. */
const SERVICE_TIERS = ['auto', 'default', 'flex', 'scale', 'priority', 'fast', 'ultrafast'];
const ROLES: readonly MessageRole[] = ['user', 'assistant', 'system', 'developer'];
const EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const NAMESPACE_NAME = /^[a-zA-Z0-9_.:-]{1,64}$/;
/** Logprobs are refused like top_logprobs: no provider path here returns them. */
const SUPPORTED_INCLUDES: ReadonlySet<string> = new Set(['reasoning.encrypted_content']);

/** A 400 naming `param`; shared by the front doors' request converters. */
export function fail(param: string, message: string, code = 'invalid_request'): never {
  throw GatewayError.invalidRequest(param, message, code);
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function optionalString(body: Json, key: string, param = key): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(param, `'${param}' must be a string, got ${typeName(value)}`);
  return value;
}

function requiredString(body: Json, key: string, param: string): string {
  const value = optionalString(body, key, param);
  if (value === undefined) fail(param, `'${param}' is required`, 'missing_required_parameter');
  return value;
}

function optionalNumber(body: Json, key: string, min: number, max: number, integer = false): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    fail(key, `'${key}' must be ${integer ? 'an integer' : 'a number'}, got ${typeName(value)}`);
  }
  if (value < min || value > max) fail(key, `'${key}' must be between ${min} and ${max}, got ${value}`);
  return value;
}

function optionalBoolean(body: Json, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(key, `'${key}' must be a boolean, got ${typeName(value)}`);
  return value;
}

/** Validates a POST /v1/responses body and turns it into a NormalizedRequest; every error names its field. */
export function normalizeRequest(body: unknown): NormalizedRequest {
  if (!isObject(body)) fail('body', `the request body must be a JSON object, got ${typeName(body)}`);
  const tooDeep = findTooDeep(body);
  if (tooDeep !== undefined) {
    fail(tooDeep, `the request body nests deeper than ${MAX_NESTING_DEPTH} levels at '${tooDeep}'`, 'nesting_too_deep');
  }
  for (const key of Object.keys(body)) {
    if (!KNOWN_FIELDS.has(key)) fail(key, `unknown parameter '${key}'`, 'unknown_parameter');
  }
  rejectUnsupported(body);

  const model = requiredString(body, 'model', 'model');
  if (model.trim() === '') fail('model', "'model' must not be empty");

  return {
    model,
    provider: optionalString(body, 'provider'),
    input: normalizeInput(body.input),
    instructions: optionalString(body, 'instructions'),
    ...normalizeTools(body.tools),
    ...normalizeToolChoice(body.tool_choice),
    temperature: optionalNumber(body, 'temperature', 0, 2),
    topP: optionalNumber(body, 'top_p', 0, 1),
    presencePenalty: optionalNumber(body, 'presence_penalty', -2, 2),
    frequencyPenalty: optionalNumber(body, 'frequency_penalty', -2, 2),
    maxOutputTokens: optionalNumber(body, 'max_output_tokens', 1, Number.MAX_SAFE_INTEGER, true),
    maxToolCalls: optionalNumber(body, 'max_tool_calls', 1, Number.MAX_SAFE_INTEGER, true),
    parallelToolCalls: optionalBoolean(body, 'parallel_tool_calls'),
    textFormat: normalizeText(body.text),
    textVerbosity: normalizeVerbosity(body.text),
    include: Array.isArray(body.include) ? (body.include as string[]) : [],
    reasoning: normalizeReasoning(body.reasoning),
    metadata: normalizeMetadata(body.metadata),
    store: optionalBoolean(body, 'store'),
    user: optionalString(body, 'user'),
    safetyIdentifier: optionalString(body, 'safety_identifier'),
    promptCacheKey: optionalString(body, 'prompt_cache_key'),
    promptCacheRetention: normalizeCacheRetention(body.prompt_cache_retention),
    serviceTier: optionalString(body, 'service_tier'),
    vendorFields: openAIOnlyFields(body),
    truncation: normalizeTruncation(body.truncation),
    stream: optionalBoolean(body, 'stream') ?? false,
    previousResponseId: optionalString(body, 'previous_response_id'),
  };
}

function rejectUnsupported(body: Json): void {
  if (body.background === true) fail('background', "'background' mode is not supported by this gateway", 'unsupported_parameter');
  if (body.conversation !== undefined && body.conversation !== null) {
    fail('conversation', "'conversation' objects are not supported; use 'previous_response_id'", 'unsupported_parameter');
  }
  if (body.prompt !== undefined && body.prompt !== null) {
    fail('prompt', "stored prompt templates ('prompt') are not supported", 'unsupported_parameter');
  }
  if (Array.isArray(body.include) && body.include.length > 0) {
    body.include.forEach((entry, index) => {
      if (typeof entry !== 'string' || !SUPPORTED_INCLUDES.has(entry)) fail(`include[${index}]`, `unsupported include value ${JSON.stringify(entry)}`, 'unsupported_parameter');
    });
  } else if (body.include !== undefined && body.include !== null && !Array.isArray(body.include)) {
    fail('include', `'include' must be an array, got ${typeName(body.include)}`);
  }
  const top = body.top_logprobs;
  if (top !== undefined && top !== null && top !== 0) fail('top_logprobs', "'top_logprobs' is not supported", 'unsupported_parameter');
  const tier = body.service_tier;
  if (tier !== undefined && tier !== null && (typeof tier !== 'string' || !SERVICE_TIERS.includes(tier))) {
    fail('service_tier', `'service_tier' must be one of ${SERVICE_TIERS.join(', ')}, got ${JSON.stringify(tier)}`);
  }
  const clientMetadata = body.client_metadata;
  if (clientMetadata !== undefined && clientMetadata !== null && !isObject(clientMetadata)) {
    fail('client_metadata', `'client_metadata' must be an object, got ${typeName(clientMetadata)}`);
  }
  if (body.stream_options !== undefined && body.stream_options !== null && !isObject(body.stream_options)) {
    fail('stream_options', `'stream_options' must be an object, got ${typeName(body.stream_options)}`);
  }
}

function normalizeCacheRetention(value: unknown): NormalizedRequest['promptCacheRetention'] {
  if (value === undefined || value === null) return undefined;
  if (value === 'in_memory' || value === '24h') return value;
  fail('prompt_cache_retention', `'prompt_cache_retention' must be 'in_memory' or '24h', got ${JSON.stringify(value)}`);
}

function openAIOnlyFields(body: Json): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of OPENAI_ONLY_FIELDS) if (body[key] !== undefined && body[key] !== null) fields[key] = body[key];
  return fields;
}

function normalizeTruncation(value: unknown): 'auto' | 'disabled' {
  if (value === undefined || value === null) return 'disabled';
  if (value === 'auto' || value === 'disabled') return value;
  fail('truncation', `'truncation' must be 'auto' or 'disabled', got ${JSON.stringify(value)}`);
}

export function normalizeInput(input: unknown, param = 'input'): (ConversationItem | ItemReference)[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') {
    return [{ type: 'message', id: newId('msg'), status: 'completed', role: 'user', content: [{ type: 'input_text', text: input }] }];
  }
  if (!Array.isArray(input)) fail(param, `'${param}' must be a string or an array of items, got ${typeName(input)}`);
  return input.map((item, index) => normalizeItem(item, `${param}[${index}]`));
}

function normalizeItem(item: unknown, param: string): ConversationItem | ItemReference {
  if (!isObject(item)) fail(param, `${param} must be an object, got ${typeName(item)}`);
  if (item.type === 'item_reference') {
    const id = requiredString(item, 'id', `${param}.id`);
    return { type: 'item_reference', id };
  }
  const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
  const id = optionalString(item, 'id', `${param}.id`);
  switch (type) {
    case 'message':
      return normalizeMessage(item, param, id);
    case 'function_call': {
      const args = item.arguments;
      if (typeof args !== 'string') fail(`${param}.arguments`, `${param}.arguments must be a JSON string, got ${typeName(args)}`);
      const name = requiredString(item, 'name', `${param}.name`);
      return {
        type: 'function_call',
        id: id ?? newId('fc'),
        call_id: requiredString(item, 'call_id', `${param}.call_id`),
        name,
        arguments: args,
        status: 'completed',
        ...namespaceOf(item, param),
      };
    }
    case 'function_call_output': {
      const output = item.output;
      let normalizedOutput: string | UserContentPart[];
      if (typeof output === 'string') normalizedOutput = output;
      else if (Array.isArray(output)) normalizedOutput = output.map((part, index) => normalizeUserPart(part, `${param}.output[${index}]`));
      else fail(`${param}.output`, `${param}.output must be a string or an array of content parts, got ${typeName(output)}`);
      return {
        type: 'function_call_output',
        id: id ?? newId('fco'),
        call_id: requiredString(item, 'call_id', `${param}.call_id`),
        output: normalizedOutput,
        status: 'completed',
      };
    }
    case 'reasoning': {
      const summary = Array.isArray(item.summary) ? item.summary : [];
      return {
        type: 'reasoning',
        id: id ?? newId('rs'),
        summary: summary.map((part, index) => {
          if (!isObject(part) || typeof part.text !== 'string') fail(`${param}.summary[${index}]`, 'a summary part needs text');
          return { type: 'summary_text' as const, text: part.text };
        }),
        content: Array.isArray(item.content)
          ? item.content.map((part, index) => {
              if (!isObject(part) || typeof part.text !== 'string') fail(`${param}.content[${index}]`, 'a reasoning part needs text');
              return { type: 'reasoning_text' as const, text: part.text };
            })
          : undefined,
        encrypted_content: optionalString(item, 'encrypted_content', `${param}.encrypted_content`),
      };
    }
    case 'compaction':
      return { type: 'compaction', id: id ?? newId('cmp'), encrypted_content: requiredString(item, 'encrypted_content', `${param}.encrypted_content`) };
    default:
      if (isHostedToolCallType(type)) return normalizeHostedToolCall(item, type, param);
      fail(`${param}.type`, `unknown item type ${JSON.stringify(type)}`);
  }
}

function isHostedToolCallType(type: unknown): type is HostedToolCallType {
  return typeof type === 'string' && (HOSTED_TOOL_CALL_TYPES as readonly string[]).includes(type);
}

/** A hosted tool's call, sent back by a client: kept whole for the vendor it came from (each provider decides). */
function normalizeHostedToolCall(item: Json, type: HostedToolCallType, param: string): HostedToolCallItem {
  const id = requiredString(item, 'id', `${param}.id`);
  return { ...item, type, id };
}

function namespaceOf(item: Json, param: string): { namespace?: string } {
  const namespace = optionalString(item, 'namespace', `${param}.namespace`);
  return namespace !== undefined ? { namespace } : {};
}

/** Annotations on assistant text are kept as sent (OpenAI has several kinds; the spec names url_citation). */
function annotationsOf(part: Json, param: string): OutputTextPart['annotations'] {
  const annotations = part.annotations;
  if (annotations === undefined || annotations === null) return [];
  if (!Array.isArray(annotations)) fail(`${param}.annotations`, `${param}.annotations must be an array, got ${typeName(annotations)}`);
  annotations.forEach((annotation, index) => {
    if (!isObject(annotation) || typeof annotation.type !== 'string') fail(`${param}.annotations[${index}]`, `${param}.annotations[${index}] must be an object with a type`);
  });
  return annotations as OutputTextPart['annotations'];
}

function normalizeMessage(item: Json, param: string, id: string | undefined): ConversationItem {
  const role = item.role;
  if (typeof role !== 'string' || !ROLES.includes(role as MessageRole)) {
    fail(`${param}.role`, `${param}.role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(role)}`);
  }
  const content = item.content;
  const messageRole = role as MessageRole;
  let parts: (UserContentPart | AssistantContentPart)[];
  if (typeof content === 'string') {
    parts = [messageRole === 'assistant' ? { type: 'output_text', text: content, annotations: [] } : { type: 'input_text', text: content }];
  } else if (Array.isArray(content)) {
    parts = content.map((part, index) =>
      messageRole === 'assistant'
        ? normalizeAssistantPart(part, `${param}.content[${index}]`)
        : normalizeUserPart(part, `${param}.content[${index}]`),
    );
  } else {
    fail(`${param}.content`, `${param}.content must be a string or an array of content parts, got ${typeName(content)}`);
  }
  const phase = normalizePhase(item.phase, `${param}.phase`);
  return {
    type: 'message',
    id: id ?? newId('msg'),
    status: 'completed',
    role: messageRole,
    content: parts,
    // "Not used for user messages": kept on assistant messages only, where OpenAI wants it back
    ...(phase && messageRole === 'assistant' ? { phase } : {}),
  };
}

function normalizePhase(phase: unknown, param: string): MessageItem['phase'] {
  if (phase === undefined || phase === null) return undefined;
  if (phase === 'commentary' || phase === 'final_answer') return phase;
  fail(param, `${param} must be 'commentary' or 'final_answer', got ${JSON.stringify(phase)}`);
}

function normalizeUserPart(part: unknown, param: string): UserContentPart {
  if (!isObject(part)) fail(param, `${param} must be an object, got ${typeName(part)}`);
  switch (part.type) {
    case 'input_text':
    case 'text':
      return { type: 'input_text', text: requiredString(part, 'text', `${param}.text`) };
    case 'input_image': {
      const url = optionalString(part, 'image_url', `${param}.image_url`);
      if (!url) {
        if (part.file_id) fail(`${param}.file_id`, 'images by file_id are not supported; send image_url (URL or data URL)', 'unsupported_parameter');
        fail(`${param}.image_url`, `${param}.image_url is required`, 'missing_required_parameter');
      }
      if (!/^(https?:|data:image\/[a-z0-9.+-]+;base64,)/i.test(url)) {
        fail(`${param}.image_url`, `${param}.image_url must be an http(s) URL or a base64 data:image URL`);
      }
      const detail = part.detail;
      if (detail !== undefined && detail !== null && detail !== 'low' && detail !== 'high' && detail !== 'auto') {
        fail(`${param}.detail`, `${param}.detail must be low, high or auto`);
      }
      // The spec's InputImageContent requires `detail`; 'auto' is its documented default (and OpenAI's).
      return { type: 'input_image', image_url: url, detail: detail ?? 'auto' };
    }
    case 'input_file': {
      const fileData = optionalString(part, 'file_data', `${param}.file_data`);
      const fileUrl = optionalString(part, 'file_url', `${param}.file_url`);
      if (!fileData && !fileUrl) {
        if (part.file_id) fail(`${param}.file_id`, 'files by file_id are not supported; send file_data or file_url', 'unsupported_parameter');
        fail(`${param}.file_data`, `${param} needs file_data or file_url`, 'missing_required_parameter');
      }
      return {
        type: 'input_file',
        ...(fileData ? { file_data: fileData } : {}),
        ...(fileUrl ? { file_url: fileUrl } : {}),
        ...(typeof part.filename === 'string' ? { filename: part.filename } : {}),
      };
    }
    default:
      fail(`${param}.type`, `unsupported content part type ${JSON.stringify(part.type)}`);
  }
}

function normalizeAssistantPart(part: unknown, param: string): AssistantContentPart {
  if (!isObject(part)) fail(param, `${param} must be an object, got ${typeName(part)}`);
  switch (part.type) {
    case 'output_text':
    case 'input_text':
    case 'text':
      return { type: 'output_text', text: requiredString(part, 'text', `${param}.text`), annotations: annotationsOf(part, param) };
    case 'refusal':
      return { type: 'refusal', refusal: requiredString(part, 'refusal', `${param}.refusal`) };
    default:
      fail(`${param}.type`, `unsupported assistant content part type ${JSON.stringify(part.type)}`);
  }
}

interface NormalizedTools {
  tools: FunctionTool[];
  toolNamespaces: ToolNamespace[];
  hostedTools: HostedTool[];
  toolOrder: ToolSlot[];
}

/**
 * `function` tools, OpenAI's `namespace` tools (a name, a description and function tools) flattened into
 * functions that name their namespace, and hosted tools kept as sent (each provider decides on those). Names
 * must be unique within their namespace.
 */
function normalizeTools(tools: unknown): NormalizedTools {
  const result: NormalizedTools = { tools: [], toolNamespaces: [], hostedTools: [], toolOrder: [] };
  if (tools === undefined || tools === null) return result;
  if (!Array.isArray(tools)) fail('tools', `'tools' must be an array, got ${typeName(tools)}`);
  const names = new Set<string>();
  tools.forEach((tool, index) => {
    const param = `tools[${index}]`;
    if (!isObject(tool)) fail(param, `${param} must be an object, got ${typeName(tool)}`);
    if (tool.type === 'function') {
      const fn = normalizeFunctionTool(tool, param, undefined, names);
      result.tools.push(fn);
      result.toolOrder.push({ kind: 'function', name: fn.name });
    } else if (tool.type === 'namespace') {
      const name = requiredString(tool, 'name', `${param}.name`);
      result.toolOrder.push({ kind: 'namespace', name });
      if (!NAMESPACE_NAME.test(name)) fail(`${param}.name`, `${param}.name must match ${NAMESPACE_NAME.source}`);
      if (result.toolNamespaces.some((namespace) => namespace.name === name)) fail(`${param}.name`, `duplicate namespace '${name}'`);
      result.toolNamespaces.push({ name, description: optionalString(tool, 'description', `${param}.description`) ?? '' });
      const members = tool.tools;
      if (!Array.isArray(members)) fail(`${param}.tools`, `${param}.tools must be an array of function tools, got ${typeName(members)}`);
      const memberNames = new Set<string>();
      members.forEach((member, memberIndex) => {
        const memberParam = `${param}.tools[${memberIndex}]`;
        if (!isObject(member)) fail(memberParam, `${memberParam} must be an object, got ${typeName(member)}`);
        if (member.type !== 'function') {
          fail(`${memberParam}.type`, `${memberParam}.type ${JSON.stringify(member.type)} is not supported inside a namespace; only 'function' tools are`, 'unsupported_parameter');
        }
        result.tools.push(normalizeFunctionTool(member, memberParam, name, memberNames));
      });
    } else if (typeof tool.type === 'string' && tool.type !== '') {
      result.toolOrder.push({ kind: 'hosted', index: result.hostedTools.length });
      result.hostedTools.push({ ...tool, type: tool.type });
    } else {
      fail(`${param}.type`, `${param}.type must be a string naming the tool type`);
    }
  });
  return result;
}

function normalizeFunctionTool(tool: Json, param: string, namespace: string | undefined, names: Set<string>): FunctionTool {
  const name = requiredString(tool, 'name', `${param}.name`);
  if (!FUNCTION_NAME.test(name)) fail(`${param}.name`, `${param}.name must match ^[a-zA-Z0-9_-]{1,64}$`);
  if (names.has(name)) fail(`${param}.name`, `duplicate function name '${name}'`);
  names.add(name);
  const parameters = tool.parameters;
  if (parameters !== undefined && parameters !== null && !isObject(parameters)) {
    fail(`${param}.parameters`, `${param}.parameters must be a JSON schema object, got ${typeName(parameters)}`);
  }
  const strict = tool.strict;
  if (strict !== undefined && strict !== null && typeof strict !== 'boolean') fail(`${param}.strict`, `${param}.strict must be a boolean`);
  return {
    type: 'function',
    name,
    description: optionalString(tool, 'description', `${param}.description`) ?? null,
    parameters: (parameters as Record<string, unknown> | undefined) ?? null,
    strict: (strict as boolean | undefined) ?? null,
    ...(namespace !== undefined ? { namespace } : {}),
  };
}

function normalizeToolChoice(choice: unknown): Pick<NormalizedRequest, 'toolChoice' | 'hostedToolChoice'> {
  if (choice === undefined || choice === null) return { toolChoice: 'auto' };
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { toolChoice: choice };
  if (!isObject(choice) || typeof choice.type !== 'string') {
    fail('tool_choice', `'tool_choice' must be auto, none, required, {type:'function',name}, {type:'allowed_tools',…} or a hosted tool's type, got ${JSON.stringify(choice)}`);
  }
  if (choice.type === 'function') return { toolChoice: { type: 'function', name: requiredString(choice, 'name', 'tool_choice.name') } };
  if (choice.type === 'allowed_tools') {
    const mode = choice.mode ?? 'auto';
    if (mode !== 'auto' && mode !== 'required' && mode !== 'none') fail('tool_choice.mode', "'tool_choice.mode' must be auto, required or none");
    if (!Array.isArray(choice.tools)) fail('tool_choice.tools', "'tool_choice.tools' must be an array of {type:'function',name}");
    const tools = choice.tools.map((tool, index) => {
      const param = `tool_choice.tools[${index}]`;
      if (!isObject(tool) || tool.type !== 'function') fail(`${param}.type`, `${param} must be {type:'function',name}`, 'unsupported_parameter');
      return { type: 'function' as const, name: requiredString(tool, 'name', `${param}.name`) };
    });
    return { toolChoice: { type: 'allowed_tools', mode, tools } };
  }
  return { toolChoice: 'auto', hostedToolChoice: { ...choice, type: choice.type } };
}

function normalizeText(text: unknown): TextFormat {
  if (text === undefined || text === null) return { type: 'text' };
  if (!isObject(text)) fail('text', `'text' must be an object, got ${typeName(text)}`);
  const format = text.format;
  if (format === undefined || format === null) return { type: 'text' };
  if (!isObject(format)) fail('text.format', `'text.format' must be an object, got ${typeName(format)}`);
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      const name = requiredString(format, 'name', 'text.format.name');
      if (!FUNCTION_NAME.test(name)) fail('text.format.name', "'text.format.name' must match ^[a-zA-Z0-9_-]{1,64}$");
      const schema = format.schema;
      if (!isObject(schema)) fail('text.format.schema', `'text.format.schema' must be a JSON schema object, got ${typeName(schema)}`);
      const strict = format.strict;
      if (strict !== undefined && strict !== null && typeof strict !== 'boolean') fail('text.format.strict', "'text.format.strict' must be a boolean");
      return {
        type: 'json_schema',
        name,
        description: optionalString(format, 'description', 'text.format.description') ?? null,
        schema,
        strict: (strict as boolean | undefined) ?? false,
      };
    }
    default:
      fail('text.format.type', `'text.format.type' must be text, json_object or json_schema, got ${JSON.stringify(format.type)}`);
  }
}

function normalizeVerbosity(text: unknown): NormalizedRequest['textVerbosity'] {
  if (!isObject(text) || text.verbosity === undefined || text.verbosity === null) return undefined;
  if (text.verbosity === 'low' || text.verbosity === 'medium' || text.verbosity === 'high') return text.verbosity;
  fail('text.verbosity', `'text.verbosity' must be low, medium or high, got ${JSON.stringify(text.verbosity)}`);
}

function normalizeReasoning(reasoning: unknown): NormalizedRequest['reasoning'] {
  if (reasoning === undefined || reasoning === null) return undefined;
  if (!isObject(reasoning)) fail('reasoning', `'reasoning' must be an object, got ${typeName(reasoning)}`);
  const effort = reasoning.effort;
  if (effort !== undefined && effort !== null && !EFFORTS.includes(effort as ReasoningEffort)) {
    fail('reasoning.effort', `'reasoning.effort' must be one of ${EFFORTS.join(', ')}, got ${JSON.stringify(effort)}`);
  }
  const summary = reasoning.summary ?? reasoning.generate_summary;
  if (summary !== undefined && summary !== null && summary !== 'auto' && summary !== 'concise' && summary !== 'detailed') {
    fail('reasoning.summary', `'reasoning.summary' must be auto, concise or detailed, got ${JSON.stringify(summary)}`);
  }
  return {
    ...(effort ? { effort: effort as ReasoningEffort } : {}),
    ...(summary ? { summary } : {}),
  };
}

function normalizeMetadata(metadata: unknown): Record<string, string> {
  if (metadata === undefined || metadata === null) return {};
  if (!isObject(metadata)) fail('metadata', `'metadata' must be an object of strings, got ${typeName(metadata)}`);
  const entries = Object.entries(metadata);
  if (entries.length > 16) fail('metadata', "'metadata' may hold at most 16 keys");
  for (const [key, value] of entries) {
    if (key.length > 64) fail(`metadata.${key}`, 'metadata keys may be at most 64 characters');
    if (typeof value !== 'string') fail(`metadata.${key}`, `metadata values must be strings, got ${typeName(value)}`);
    if (value.length > 512) fail(`metadata.${key}`, 'metadata values may be at most 512 characters');
  }
  return metadata as Record<string, string>;
}
