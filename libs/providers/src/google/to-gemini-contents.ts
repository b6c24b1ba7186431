import { ConversationItem, FunctionCallItem, FunctionCallOutputItem, GatewayError, UserContentPart, foreignCompaction } from '@latticelm/api';
import type { Content, Part } from '@google/genai';
import { PART_SIGNATURE_PREFIX, THOUGHT_SIGNATURE_PREFIX, isGeneratedCallId, nameFromGeneratedCallId } from './gemini-call-ids';
import { toGeminiFilePart, toGeminiImagePart } from './gemini-media';
import { omitHostedCallInput } from '../hosted-tools';
import { serverToolPartsOf } from './gemini-server-tool-parts';

export interface GeminiContents {
  contents: Content[];
  systemInstruction?: Content;
}

/**
 * Conversation items → Gemini `contents` and `systemInstruction`.
 * - Roles: "Must be either 'user' or 'model'" (https://ai.google.dev/api/caching#Content); assistant → model, and
 *   instructions plus system/developer messages go to systemInstruction.
 * - Consecutive turns of one role are merged: Gemini expects user and model turns to alternate, and parallel
 *   function responses belong in one user turn next to each other.
 * - function_call_output → functionResponse, which Gemini matches by function name, found from the function_call
 *   item with the same call_id in the history (or from an id this gateway generated).
 * - A reasoning item carrying a Gemini thoughtSignature gives it back on the part it came with: "you must return
 *   the thought signature… in the part it was received" (https://ai.google.dev/gemini-api/docs/thought-signatures)
 *   — the next model part (a function call) or the one before it (a text part), as its mark says.
 */
export function toGeminiContents(items: ConversationItem[], instructions?: string): GeminiContents {
  const system: string[] = instructions ? [instructions] : [];
  const contents: Content[] = [];
  const callNames = new Map<string, string>();
  for (const item of items) if (item.type === 'function_call') callNames.set(item.call_id, item.name);
  let pendingSignature: string | undefined;

  const push = (role: 'user' | 'model', parts: Part[]) => {
    if (parts.length === 0) return;
    if (role === 'model' && pendingSignature !== undefined) {
      parts[0] = { ...parts[0], thoughtSignature: pendingSignature };
      pendingSignature = undefined;
    }
    const last = contents.at(-1);
    if (last?.role === role) last.parts = [...(last.parts ?? []), ...parts];
    else contents.push({ role, parts });
  };

  for (const item of items) {
    switch (item.type) {
      case 'message':
        if (item.role === 'system' || item.role === 'developer') {
          const text = item.content.map((part) => ('text' in part ? part.text : '')).join('');
          if (text) system.push(text);
        } else if (item.role === 'assistant') {
          push(
            'model',
            item.content.flatMap((part) => {
              const text = part.type === 'refusal' ? part.refusal : 'text' in part ? part.text : '';
              return text ? [{ text }] : [];
            }),
          );
        } else {
          push('user', item.content.map((part) => toGeminiUserPart(part as UserContentPart)));
        }
        break;
      case 'function_call':
        push('model', [toFunctionCallPart(item)]);
        break;
      case 'function_call_output':
        push('user', toFunctionResponseParts(item, callNames));
        break;
      case 'reasoning':
        if (item.encrypted_content?.startsWith(THOUGHT_SIGNATURE_PREFIX)) {
          pendingSignature = item.encrypted_content.slice(THOUGHT_SIGNATURE_PREFIX.length);
        } else if (item.encrypted_content?.startsWith(PART_SIGNATURE_PREFIX)) {
          signLastModelPart(contents, item.encrypted_content.slice(PART_SIGNATURE_PREFIX.length));
        } else {
          const serverParts = serverToolPartsOf(item.encrypted_content);
          if (serverParts) push('model', serverParts);
        }
        break;
      case 'compaction':
        throw foreignCompaction('input', 'Gemini');
      default:
        omitHostedCallInput(item, 'Gemini', 'input');
    }
  }
  return {
    contents,
    ...(system.length > 0 ? { systemInstruction: { parts: system.map((text) => ({ text })) } } : {}),
  };
}

/** The signature of the part before its reasoning item; when that part did not survive (nothing to sign), it is left out. */
function signLastModelPart(contents: Content[], signature: string): void {
  const last = contents.at(-1);
  const parts = last?.role === 'model' ? last.parts : undefined;
  if (!parts || parts.length === 0) return;
  parts[parts.length - 1] = { ...parts[parts.length - 1], thoughtSignature: signature };
}

function toGeminiUserPart(part: UserContentPart): Part {
  switch (part.type) {
    case 'input_image':
      return toGeminiImagePart(part);
    case 'input_file':
      return toGeminiFilePart(part);
    default:
      return { text: part.text };
  }
}

function toFunctionCallPart(item: FunctionCallItem): Part {
  let args: unknown;
  try {
    args = item.arguments.trim() === '' ? {} : JSON.parse(item.arguments);
  } catch {
    throw GatewayError.invalidRequest('input', `function_call '${item.name}' (${item.call_id}) has arguments that are not valid JSON`);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    // "args: Optional. The function parameters and values in JSON object format."
    throw GatewayError.invalidRequest('input', `function_call '${item.name}' (${item.call_id}) must have a JSON object as arguments for Gemini`);
  }
  return { functionCall: { name: item.name, args: args as Record<string, unknown>, ...vendorId(item.call_id) } };
}

function toFunctionResponseParts(item: FunctionCallOutputItem, callNames: Map<string, string>): Part[] {
  const name = callNames.get(item.call_id) ?? nameFromGeneratedCallId(item.call_id);
  if (!name) {
    throw GatewayError.invalidRequest(
      'input',
      `function_call_output '${item.call_id}' has no function_call with that call_id in the input; Gemini needs the function's name to accept its result`,
    );
  }
  const text = typeof item.output === 'string' ? item.output : item.output.map((part) => (part.type === 'input_text' ? part.text : '')).join('');
  const media = typeof item.output === 'string' ? [] : item.output.filter((part) => part.type !== 'input_text').map(toGeminiUserPart);
  // "Use 'output' key to specify function output and 'error' key to specify error details (if any)."
  // (https://ai.google.dev/api/caching#FunctionResponse)
  const response = { output: parseJsonObject(text) ?? text };
  return [{ functionResponse: { name, response, ...vendorId(item.call_id) } }, ...media];
}

/** Ids the vendor issued go back with the call and its response; ids the gateway made up stay here. */
function vendorId(callId: string): { id?: string } {
  return isGeneratedCallId(callId) ? {} : { id: callId };
}

function parseJsonObject(text: string): Record<string, unknown> | unknown[] | undefined {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown> | unknown[]) : undefined;
  } catch {
    return undefined;
  }
}
