import type { ProviderRequest } from './provider';
import type { UnsupportedParameter } from './reject-unsupported-parameters';

/**
 * The spec's `allowed_tools` choice for vendors without an allow-list: only the allowed functions are offered,
 * and its mode becomes the choice — the model can call nothing else, as asked.
 */
export function narrowToAllowedTools(request: ProviderRequest): ProviderRequest {
  const choice = request.toolChoice;
  if (typeof choice !== 'object' || choice.type !== 'allowed_tools') return request;
  const allowed = new Set(choice.tools.map((tool) => tool.name));
  return { ...request, tools: request.tools.filter((tool) => allowed.has(tool.name)), toolChoice: choice.mode };
}

/** OpenAI's choice of a hosted tool, on a vendor that can only force the tools `canForce` names. */
export function unsupportedHostedToolChoice(request: ProviderRequest, canForce: (type: string) => boolean): UnsupportedParameter[] {
  const choice = request.hostedToolChoice;
  if (!choice || canForce(choice.type)) return [];
  return [{ param: 'tool_choice', what: `tool_choice '${choice.type}'`, drop: (r) => ({ ...r, hostedToolChoice: undefined }) }];
}
