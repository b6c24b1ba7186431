import { FunctionCallingConfigMode } from '@google/genai';
import type { Content, GenerateContentConfig, ToolConfig } from '@google/genai';
import type { ToolChoice } from '@latticelm/api';
import type { ProviderRequest } from '../provider';
import { toGeminiContents } from './to-gemini-contents';
import { toGeminiThinkingConfig } from './to-gemini-thinking-config';
import { HostedToolSupport, planHostedTools } from '../hosted-tools';
import { narrowToAllowedTools } from '../allowed-tools';

export interface GeminiRequest {
  model: string;
  contents: Content[];
  config: GenerateContentConfig;
}

/**
 * Open Responses → a generateContent request (https://ai.google.dev/api/generate-content). Fields that only
 * describe the caller or hint at caching are left out (metadata and user are kept by the gateway itself;
 * safety_identifier; prompt_cache_key — Gemini caches implicitly). Behaviour Gemini cannot deliver
 * (max_tool_calls, parallel_tool_calls: false, truncation: auto) is refused before this runs.
 */
export function toGeminiRequest(original: ProviderRequest, options: { backend: 'gemini' | 'vertex' } = { backend: 'gemini' }): GeminiRequest {
  const request = narrowToAllowedTools(original);
  const { contents, systemInstruction } = toGeminiContents(request.input, request.instructions);
  const config: GenerateContentConfig = {};
  if (systemInstruction) config.systemInstruction = systemInstruction;
  const { webSearch } = planHostedTools(request, geminiHostedTools(request.model));
  if (request.tools.length > 0) {
    config.tools = [
      {
        functionDeclarations: request.tools.map((tool) => ({
          name: tool.name,
          ...(tool.description ? { description: tool.description } : {}),
          // parametersJsonSchema takes plain JSON Schema; `parameters` wants Gemini's OpenAPI-subset Schema.
          ...(tool.parameters ? { parametersJsonSchema: tool.parameters } : {}),
        })),
      },
    ];
    config.toolConfig = toToolConfig(request.toolChoice);
  }
  // https://ai.google.dev/gemini-api/docs/google-search — "tools: [{ googleSearch: {} }]"
  if (webSearch) config.tools = [...(config.tools ?? []), { googleSearch: {} }];
  // With functions too, the Gemini API must be told to show its own search calls (toolCall / toolResponse parts),
  // which go back with the next turn; Vertex AI does not take the flag.
  if (webSearch && request.tools.length > 0 && options.backend === 'gemini') config.toolConfig = { ...config.toolConfig, includeServerSideToolInvocations: true };
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.stopSequences?.length) config.stopSequences = request.stopSequences;
  if (request.maxOutputTokens !== undefined) config.maxOutputTokens = request.maxOutputTokens;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.textFormat.type !== 'text') {
    config.responseMimeType = 'application/json';
    if (request.textFormat.type === 'json_schema') config.responseJsonSchema = request.textFormat.schema;
  }
  const thinkingConfig = toGeminiThinkingConfig(request.model, request.reasoning);
  if (thinkingConfig) config.thinkingConfig = thinkingConfig;
  return { model: request.model, contents, config };
}

/**
 * Google Search grounding takes neither a domain allow-list nor a city (only coordinates, which OpenAI's tool
 * lacks). Beside function tools only from Gemini 3 on ("combine built-in tools and function calling",
 * https://ai.google.dev/gemini-api/docs/tool-combination); Gemini 2.x refuses the pair.
 */
export function geminiHostedTools(model: string): HostedToolSupport {
  return { allowedDomains: false, userLocation: false, withFunctions: isGemini3(model) ? true : `${model} cannot combine Google Search with function calling; Gemini 3 can` };
}

function isGemini3(model: string): boolean {
  return /gemini-[3-9]/.test(model);
}

/** https://ai.google.dev/api/caching#FunctionCallingConfig — ANY "constrains the model to always predict a function call". */
function toToolConfig(choice: ToolChoice): ToolConfig {
  if (typeof choice === 'object' && choice.type === 'allowed_tools') return toToolConfig(choice.mode);
  if (typeof choice === 'object') {
    return { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: [choice.name] } };
  }
  const mode = choice === 'none' ? FunctionCallingConfigMode.NONE : choice === 'required' ? FunctionCallingConfigMode.ANY : FunctionCallingConfigMode.AUTO;
  return { functionCallingConfig: { mode } };
}
