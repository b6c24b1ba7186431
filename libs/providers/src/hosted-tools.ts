import { GatewayError, HostedTool, HostedToolCallItem } from '@latticelm/api';
import type { ProviderRequest } from './provider';
import type { UnsupportedParameter } from './reject-unsupported-parameters';

/** OpenAI's names for its web search tool, current and dated. */
const WEB_SEARCH_TOOL_TYPES: ReadonlySet<string> = new Set(['web_search', 'web_search_2025_08_26', 'web_search_preview', 'web_search_preview_2025_03_11']);

export function isWebSearchTool(type: string): boolean {
  return WEB_SEARCH_TOOL_TYPES.has(type);
}

export interface WebSearchRequest {
  /** filters.allowed_domains */
  allowedDomains?: string[];
  /** user_location (OpenAI's approximate location) */
  userLocation?: { city?: string; region?: string; country?: string; timezone?: string };
}

/** What a vendor without OpenAI's hosted tools offers in their place. */
export interface HostedToolSupport {
  /** the vendor's search takes a domain allow-list */
  allowedDomains: boolean;
  /** the vendor's search takes the user's approximate location */
  userLocation: boolean;
  /** the vendor's search can be offered beside function tools (why not, for the message) */
  withFunctions: true | string;
}

export interface HostedToolPlan {
  /** set when the request asked for web search and the vendor has it */
  webSearch?: WebSearchRequest;
  /** hosted tools (or their options) the vendor has no equivalent for */
  unsupported: UnsupportedParameter[];
}

/**
 * The request's hosted tools as a vendor with its own web search can serve them: OpenAI's `web_search` becomes
 * the vendor's search (`search_context_size` is a cost hint and `external_web_access: false` is met — the
 * vendor's search answers from its index and opens no pages); an option the vendor lacks and every other hosted
 * tool is an unsupported parameter, refused or dropped by the provider's policy.
 */
export function planHostedTools(request: ProviderRequest, support: HostedToolSupport): HostedToolPlan {
  const plan: HostedToolPlan = { unsupported: [] };
  request.hostedTools.forEach((tool) => {
    if (!WEB_SEARCH_TOOL_TYPES.has(tool.type)) {
      plan.unsupported.push({ param: 'tools', what: `the hosted tool '${tool.type}'`, drop: (r) => withoutHostedTool(r, tool) });
      return;
    }
    const search: WebSearchRequest = {};
    const domains = allowedDomainsOf(tool);
    if (domains) {
      if (support.allowedDomains) search.allowedDomains = domains;
      else plan.unsupported.push({ param: 'tools', what: `'filters.allowed_domains' on the '${tool.type}' tool`, drop: (r) => withHostedTool(r, tool, { ...tool, filters: undefined }) });
    }
    const location = userLocationOf(tool);
    if (location) {
      if (support.userLocation) search.userLocation = location;
      else plan.unsupported.push({ param: 'tools', what: `'user_location' on the '${tool.type}' tool`, drop: (r) => withHostedTool(r, tool, { ...tool, user_location: undefined }) });
    }
    if (support.withFunctions !== true && request.tools.length > 0) {
      plan.unsupported.push({ param: 'tools', what: `the '${tool.type}' tool beside function tools (${support.withFunctions})`, drop: (r) => withoutHostedTool(r, tool) });
      return;
    }
    plan.webSearch = search;
  });
  return plan;
}

function withoutHostedTool(request: ProviderRequest, tool: HostedTool): ProviderRequest {
  return { ...request, hostedTools: request.hostedTools.filter((candidate) => !sameTool(candidate, tool)) };
}

/** Drops run one after another on fresh copies, so the tool is found by its type and options, not by identity. */
function withHostedTool(request: ProviderRequest, tool: HostedTool, replacement: HostedTool): ProviderRequest {
  return { ...request, hostedTools: request.hostedTools.map((candidate) => (sameTool(candidate, tool) ? replacement : candidate)) };
}

function sameTool(a: HostedTool, b: HostedTool): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function allowedDomainsOf(tool: HostedTool): string[] | undefined {
  const filters = tool.filters;
  if (typeof filters !== 'object' || filters === null) return undefined;
  const domains = (filters as { allowed_domains?: unknown }).allowed_domains;
  return Array.isArray(domains) && domains.length > 0 ? domains.filter((domain): domain is string => typeof domain === 'string') : undefined;
}

function userLocationOf(tool: HostedTool): WebSearchRequest['userLocation'] {
  const location = tool.user_location;
  if (typeof location !== 'object' || location === null) return undefined;
  const fields = location as Record<string, unknown>;
  const result: NonNullable<WebSearchRequest['userLocation']> = {};
  for (const key of ['city', 'region', 'country', 'timezone'] as const) if (typeof fields[key] === 'string') result[key] = fields[key];
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * A hosted tool's call in the context sent to a vendor without OpenAI's hosted tools: a web search only reports
 * what was looked up (the answer's text carries what was found) and is left out; any other hosted call cannot be
 * replayed there and is refused.
 */
export function omitHostedCallInput(item: HostedToolCallItem, vendor: string, param: string): void {
  if (item.type === 'web_search_call') return;
  throw GatewayError.invalidRequest(param, `${vendor} cannot take a '${item.type}' item: it comes from a hosted tool only OpenAI runs`, 'unsupported_parameter');
}
