import { GatewayError } from '@latticelm/api';
import type { MessageCreateParamsBase, ThinkingConfigEnabled, ToolChoice, ToolUnion, WebSearchTool20250305 } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ProviderRequest } from '../provider';
import { WebSearchRequest, planHostedTools } from '../hosted-tools';
import { MIN_THINKING_BUDGET, THINKING_BUDGETS } from './anthropic-thinking';
import { toAnthropicMessages } from './to-anthropic-messages';
import { UnsupportedParameter, applyParameterPolicy } from '../reject-unsupported-parameters';

export interface AnthropicRequestOptions {
  /** the configured provider name, for error messages */
  provider: string;
  /** providers.<name>.default_max_tokens: Anthropic requires max_tokens on every request */
  defaultMaxTokens: number;
}

/**
 * Open Responses → the Messages API (https://platform.claude.com/docs/en/api/messages). What has no Anthropic
 * counterpart is refused with a 400 naming it, rather than silently dropped: sampling parameters, penalties,
 * json_object.
 * `max_tool_calls`, `prompt_cache_key` and `truncation` only tune OpenAI-side behaviour and are not sent.
 */
export function toAnthropicRequest(original: ProviderRequest, options: AnthropicRequestOptions): MessageCreateParamsBase {
  const request = applyParameterPolicy(original, options.provider, anthropicUnsupportedParameters(original));
  const { system, messages } = toAnthropicMessages(request.input, options.provider);
  const { maxTokens, thinking } = tokenLimits(request, options.defaultMaxTokens);
  const params: MessageCreateParamsBase = { model: request.model, messages, max_tokens: maxTokens };

  const systemText = [request.instructions ?? '', ...system].filter((text) => text !== '').join('\n\n');
  if (systemText) params.system = systemText;
  if (thinking) params.thinking = thinking;
  const { webSearch } = planHostedTools(request, ANTHROPIC_HOSTED_TOOLS);
  const tools: ToolUnion[] = request.tools.map((tool) => ({
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    // "input_schema: JSON schema for this tool's input" — an object schema is required even for no arguments.
    input_schema: (tool.parameters ?? { type: 'object', properties: {} }) as { type: 'object'; [key: string]: unknown },
    ...(tool.strict ? { strict: true } : {}),
  }));
  if (webSearch) tools.push(toWebSearchTool(webSearch, request, options.provider));
  if (tools.length > 0) {
    params.tools = tools;
    params.tool_choice = toToolChoice(request);
  }
  if (request.textFormat.type === 'json_schema') {
    // https://platform.claude.com/docs/en/build-with-claude/structured-outputs — `output_config.format`.
    params.output_config = { format: { type: 'json_schema', schema: request.textFormat.schema } };
  }
  if (request.stopSequences) params.stop_sequences = request.stopSequences;
  const userId = request.user ?? request.safetyIdentifier;
  if (userId !== undefined) params.metadata = { user_id: userId };
  return params;
}

/** What the Messages API cannot honour; refused (400 naming it) or dropped per `unsupported_parameters`. */
export function anthropicUnsupportedParameters(request: ProviderRequest): UnsupportedParameter[] {
  const found: UnsupportedParameter[] = [];
  // API version 2026-10-21, the one this SDK sends, removed sampling parameters: "temperature, top_p and top_k
  // … return a 400 error, even at their default values" (https://platform.claude.com/docs/en/api/migration-2026-10-21).
  // A default value (1) asks for nothing and is not sent; any other value cannot be honoured.
  if (request.temperature !== undefined && request.temperature !== 1) found.push({ param: 'temperature', drop: (r) => ({ ...r, temperature: undefined }) });
  if (request.topP !== undefined && request.topP !== 1) found.push({ param: 'top_p', drop: (r) => ({ ...r, topP: undefined }) });
  // The Messages API has no presence or frequency penalty; a zero value asks for nothing and is let through.
  if (request.presencePenalty) found.push({ param: 'presence_penalty', drop: (r) => ({ ...r, presencePenalty: undefined }) });
  if (request.frequencyPenalty) found.push({ param: 'frequency_penalty', drop: (r) => ({ ...r, frequencyPenalty: undefined }) });
  found.push(...planHostedTools(request, ANTHROPIC_HOSTED_TOOLS).unsupported);
  if (request.textFormat.type === 'json_object') {
    found.push({
      param: 'text.format',
      what: "text.format 'json_object' (use 'json_schema' with a schema)",
      drop: (r) => ({ ...r, textFormat: { type: 'text' } }),
    });
  }
  return found;
}

/** Anthropic's web search takes a domain allow-list and an approximate location, as OpenAI's does. */
const ANTHROPIC_HOSTED_TOOLS = { allowedDomains: true, userLocation: true };

/** The server-side web search tool (https://platform.claude.com/docs/en/agents-and-tools/tool-use/web-search-tool). */
function toWebSearchTool(search: WebSearchRequest, request: ProviderRequest, provider: string): WebSearchTool20250305 {
  if (request.tools.some((tool) => tool.name === 'web_search')) {
    throw GatewayError.invalidRequest('tools', `provider "${provider}": a function named 'web_search' cannot be offered beside the hosted web_search tool`);
  }
  return {
    type: 'web_search_20250305',
    name: 'web_search',
    ...(search.allowedDomains ? { allowed_domains: search.allowedDomains } : {}),
    ...(search.userLocation ? { user_location: { type: 'approximate', ...search.userLocation } } : {}),
  };
}

/**
 * "tool_choice: auto | any | tool | none"; "disable_parallel_tool_use: … If set to true, the model will output
 * at most one tool use." https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use
 */
function toToolChoice(request: ProviderRequest): ToolChoice {
  const single = request.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  const choice = request.toolChoice;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any', ...single };
  if (choice === 'auto') return { type: 'auto', ...single };
  return { type: 'tool', name: choice.name, ...single };
}

/**
 * max_tokens is required. Thinking tokens count toward it and "budget_tokens must be less than max_tokens": an
 * explicit max_output_tokens stays the cap (the budget shrinks to fit, or the request is refused below the
 * 1,024 minimum); a defaulted limit is kept for the answer, on top of the budget.
 */
function tokenLimits(request: ProviderRequest, providerDefault: number): { maxTokens: number; thinking?: ThinkingConfigEnabled } {
  const effort = request.reasoning?.effort;
  const base = request.maxOutputTokens ?? request.defaultMaxOutputTokens ?? providerDefault;
  if (!effort || effort === 'none') return { maxTokens: base };
  const budget = THINKING_BUDGETS[effort];
  if (request.maxOutputTokens === undefined) return { maxTokens: base + budget, thinking: { type: 'enabled', budget_tokens: budget } };
  if (request.maxOutputTokens <= MIN_THINKING_BUDGET) {
    throw GatewayError.invalidRequest(
      'max_output_tokens',
      `with reasoning.effort '${effort}', 'max_output_tokens' must be above ${MIN_THINKING_BUDGET}: Anthropic's thinking budget counts toward it and is at least ${MIN_THINKING_BUDGET} tokens`,
    );
  }
  return {
    maxTokens: request.maxOutputTokens,
    thinking: { type: 'enabled', budget_tokens: Math.min(budget, request.maxOutputTokens - 1) },
  };
}
