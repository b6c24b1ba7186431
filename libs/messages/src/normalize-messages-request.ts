import { ConversationItem, FunctionTool, MAX_NESTING_DEPTH, NormalizedRequest, ReasoningEffort, TextFormat, ToolChoice, findTooDeep } from '@latticelm/api';
import { Fields, describe, invalid, unsupported } from './json-fields';
import { toConversationItems } from './to-conversation-items';

/**
 * The Messages API's request fields (https://platform.claude.com/docs/en/api/messages), by what the gateway does
 * with them under the README's parameter rule. Hints about caching and serving are accepted without effect:
 * `cache_control` (the vendors cache by their own rules), `service_tier` and `speed` (served at the vendor's one
 * tier). Fields whose effect no provider here can deliver are refused by name.
 */
const MODELLED = ['model', 'max_tokens', 'messages', 'system', 'stop_sequences', 'stream', 'temperature', 'top_p', 'top_k', 'tools', 'tool_choice', 'thinking', 'metadata', 'output_config', 'context_management'];
const DESCRIPTIVE = ['cache_control', 'service_tier', 'speed'];
const REFUSED = ['container', 'mcp_servers', 'inference_geo', 'diagnostics', 'user_profile_id', 'workspace_id'];
const KNOWN = new Set([...MODELLED, ...DESCRIPTIVE, ...REFUSED]);

const TOOL_FIELDS = new Set(['name', 'description', 'input_schema', 'type', 'cache_control', 'strict', 'eager_input_streaming', 'defer_loading']);
/** https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use — "^[a-zA-Z0-9_-]{1,128}$" */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

/** "budget_tokens: Must be ≥1024" (extended thinking). */
const MIN_THINKING_BUDGET = 1024;

/**
 * Thinking budgets → the gateway's effort levels, each the smallest level whose Anthropic budget (1,024, 4,096,
 * 16,384, 32,768; see the Anthropic provider's THINKING_BUDGETS) covers the budget asked for.
 */
const EFFORT_BY_BUDGET: readonly [number, ReasoningEffort][] = [
  [1024, 'low'],
  [4096, 'medium'],
  [16384, 'high'],
];

export type MessagesPurpose = 'create' | 'count_tokens';

/** A Messages request in the gateway's terms; it never holds item references (the API has no stored items). */
export type MessagesRequest = NormalizedRequest & { input: ConversationItem[] };

/** Validates a POST /v1/messages (or /count_tokens) body into the gateway's request; every error names its field. */
export function normalizeMessagesRequest(body: unknown, purpose: MessagesPurpose = 'create'): MessagesRequest {
  const fields = Fields.of(body, 'body');
  const tooDeep = findTooDeep(body);
  if (tooDeep !== undefined) invalid(tooDeep, `the request body nests deeper than ${MAX_NESTING_DEPTH} levels at '${tooDeep}'`, 'nesting_too_deep');
  const top = new Fields(fields.value, '');
  for (const key of Object.keys(top.value)) {
    if (!KNOWN.has(key)) invalid(key, `unknown parameter '${key}'`, 'unknown_parameter');
    if (REFUSED.includes(key) && top.has(key)) unsupported(key, `'${key}'`);
  }
  const model = top.requiredString('model');
  if (model.trim() === '') invalid('model', "'model' must not be empty");
  const maxTokens = top.number('max_tokens', 1, Number.MAX_SAFE_INTEGER, true);
  if (maxTokens === undefined && purpose === 'create') invalid('max_tokens', "'max_tokens' is required", 'missing_required_parameter');
  const messages = top.array('messages');
  if (!messages || messages.length === 0) invalid('messages', "'messages' must be a non-empty array", 'missing_required_parameter');
  const stream = top.boolean('stream') ?? false;
  if (stream && purpose === 'count_tokens') invalid('stream', "'stream' does not apply to count_tokens");
  const { toolChoice, parallelToolCalls } = readToolChoice(top.object('tool_choice'));
  checkContextManagement(top.object('context_management'));

  return {
    model,
    input: toConversationItems(messages),
    instructions: readSystem(top),
    tools: readTools(top.array('tools')),
    toolNamespaces: [],
    hostedTools: [],
    toolChoice,
    parallelToolCalls,
    temperature: top.number('temperature', 0, 1),
    topP: top.number('top_p', 0, 1),
    topK: top.number('top_k', 0, Number.MAX_SAFE_INTEGER, true),
    stopSequences: readStopSequences(top.array('stop_sequences')),
    stopSequencesParam: 'stop_sequences',
    maxOutputTokens: maxTokens,
    textFormat: readFormat(top.object('output_config')),
    include: [],
    reasoning: readReasoning(top.object('thinking'), top.object('output_config'), maxTokens),
    metadata: {},
    // Anthropic's metadata.user_id is "an external identifier for the user": the gateway's `user`.
    user: readUserId(top.object('metadata')),
    // The Messages API keeps no state: the whole conversation comes with every request.
    store: false,
    vendorFields: {},
    truncation: 'disabled',
    stream,
  };
}

/** `system`: a string or text blocks (their `cache_control` is a caching hint), joined into the instructions. */
function readSystem(top: Fields): string | undefined {
  const system = top.value.system;
  if (system === undefined || system === null) return undefined;
  if (typeof system === 'string') return system === '' ? undefined : system;
  if (!Array.isArray(system)) invalid('system', `'system' must be a string or an array of text blocks, got ${describe(system)}`);
  const texts = system.map((value, index) => {
    const block = Fields.of(value, `system[${index}]`);
    if (block.value.type !== 'text') invalid(block.at('type'), `'${block.at('type')}' must be 'text'`);
    return block.requiredString('text');
  });
  const joined = texts.filter((text) => text !== '').join('\n\n');
  return joined === '' ? undefined : joined;
}

/**
 * `defer_loading: true` keeps a tool out of the model's context until Anthropic's server-side tool search finds
 * it; no provider here has that search, so such a tool is not offered (Claude Code sends a placeholder this way).
 */
function readTools(tools: unknown[] | undefined): FunctionTool[] {
  const names = new Set<string>();
  return (tools ?? []).flatMap((value, index): FunctionTool[] => {
    const tool = Fields.of(value, `tools[${index}]`);
    const type = tool.value.type;
    // Anthropic's server tools (web search, code execution, bash, text editor…) run on Anthropic's side only.
    if (type !== undefined && type !== null && type !== 'custom') unsupported(tool.at('type'), `the server tool ${JSON.stringify(type)}`);
    for (const key of Object.keys(tool.value)) if (!TOOL_FIELDS.has(key)) unsupported(tool.at(key), `'${tool.at(key)}'`);
    const name = tool.requiredString('name');
    if (!TOOL_NAME.test(name)) invalid(tool.at('name'), `'${tool.at('name')}' must match ${TOOL_NAME.source}`);
    if (names.has(name)) invalid(tool.at('name'), `duplicate tool name '${name}'`);
    names.add(name);
    const schema = tool.object('input_schema');
    if (!schema) invalid(tool.at('input_schema'), `'${tool.at('input_schema')}' is required`, 'missing_required_parameter');
    if (tool.boolean('defer_loading')) return [];
    return [{ type: 'function', name, description: tool.string('description') ?? null, parameters: schema.value, strict: tool.boolean('strict') ?? null }];
  });
}

/**
 * Context editing happens on Anthropic's side, between turns. The one edit that asks for nothing — clear
 * thinking but keep all of it, which Claude Code sends — is accepted; any other would change the context.
 * https://platform.claude.com/docs/en/build-with-claude/context-editing
 */
function checkContextManagement(management: Fields | undefined): void {
  const edits = management?.array('edits') ?? [];
  edits.forEach((value, index) => {
    const edit = Fields.of(value, `context_management.edits[${index}]`);
    if (edit.value.type === 'clear_thinking_20251015' && edit.value.keep === 'all') return;
    unsupported(edit.path, `the context edit ${JSON.stringify(edit.value.type)}${edit.value.type === 'clear_thinking_20251015' ? " (only keep: 'all')" : ''}`);
  });
}

/**
 * "tool_choice: auto | any | tool | none"; "disable_parallel_tool_use … at most one tool use"
 * (https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use).
 */
function readToolChoice(choice: Fields | undefined): { toolChoice: ToolChoice; parallelToolCalls?: boolean } {
  if (!choice) return { toolChoice: 'auto' };
  const single = choice.boolean('disable_parallel_tool_use') ? { parallelToolCalls: false } : {};
  switch (choice.value.type) {
    case 'auto':
      return { toolChoice: 'auto', ...single };
    case 'any':
      return { toolChoice: 'required', ...single };
    case 'tool':
      return { toolChoice: { type: 'function', name: choice.requiredString('name') }, ...single };
    case 'none':
      return { toolChoice: 'none' };
    default:
      invalid(choice.at('type'), `'${choice.at('type')}' must be auto, any, tool or none, got ${JSON.stringify(choice.value.type)}`);
  }
}

function readStopSequences(sequences: unknown[] | undefined): string[] | undefined {
  if (!sequences || sequences.length === 0) return undefined;
  return sequences.map((value, index) => {
    if (typeof value !== 'string' || value === '') invalid(`stop_sequences[${index}]`, `'stop_sequences[${index}]' must be a non-empty string`);
    return value;
  });
}

/** `output_config.format` (structured outputs): a JSON schema the answer must follow. */
function readFormat(config: Fields | undefined): TextFormat {
  const format = config?.object('format');
  if (!format) return { type: 'text' };
  if (format.value.type !== 'json_schema') invalid(format.at('type'), `'${format.at('type')}' must be 'json_schema'`);
  const schema = format.object('schema');
  if (!schema) invalid(format.at('schema'), `'${format.at('schema')}' is required`, 'missing_required_parameter');
  return { type: 'json_schema', name: 'output', description: null, schema: schema.value, strict: true };
}

/**
 * `thinking` → the gateway's reasoning effort (each provider's own thinking control): `enabled` by its budget,
 * `adaptive` (the model decides how much) at `output_config.effort`, else medium; `disabled` as none asked for. Without `thinking`,
 * `output_config.effort` sets it (`max` is the gateway's xhigh). Thinking text is asked for unless omitted.
 */
function readReasoning(thinking: Fields | undefined, config: Fields | undefined, maxTokens: number | undefined): NormalizedRequest['reasoning'] {
  const display = thinking?.string('display');
  const summary = display === 'omitted' ? {} : { summary: 'auto' as const };
  switch (thinking?.value.type) {
    case undefined:
      break;
    case 'disabled':
      return undefined;
    case 'adaptive':
      return { effort: readEffort(config) ?? 'medium', ...summary };
    case 'enabled': {
      const budget = thinking.number('budget_tokens', MIN_THINKING_BUDGET, Number.MAX_SAFE_INTEGER, true);
      if (budget === undefined) invalid(thinking.at('budget_tokens'), `'${thinking.at('budget_tokens')}' is required`, 'missing_required_parameter');
      if (maxTokens !== undefined && budget >= maxTokens) invalid(thinking.at('budget_tokens'), "'thinking.budget_tokens' must be less than 'max_tokens'");
      return { effort: EFFORT_BY_BUDGET.find(([limit]) => budget <= limit)?.[1] ?? 'xhigh', ...summary };
    }
    default:
      unsupported('thinking.type', `thinking of type ${JSON.stringify(thinking?.value.type)}`);
  }
  const effort = readEffort(config);
  return effort === undefined ? undefined : { effort, summary: 'auto' };
}

function readEffort(config: Fields | undefined): ReasoningEffort | undefined {
  const effort = config?.string('effort');
  if (effort === undefined) return undefined;
  if (effort === 'max') return 'xhigh';
  if (effort === 'low' || effort === 'medium' || effort === 'high' || effort === 'xhigh') return effort;
  return invalid('output_config.effort', `'output_config.effort' must be low, medium, high, xhigh or max, got ${JSON.stringify(effort)}`);
}

function readUserId(metadata: Fields | undefined): string | undefined {
  if (!metadata) return undefined;
  for (const key of Object.keys(metadata.value)) if (key !== 'user_id') invalid(metadata.at(key), `unknown parameter '${metadata.at(key)}'`, 'unknown_parameter');
  return metadata.string('user_id');
}
