import { ContentPart, ConversationItem, GatewayError, UserContentPart, foreignCompaction } from '@latticelm/api';
import type { ContentBlockParam, MessageParam, TextBlockParam, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { toThinkingBlocks } from './anthropic-thinking';
import { toAnthropicUserBlocks } from './to-anthropic-content';
import { omitHostedCallInput } from '../hosted-tools';

export interface AnthropicConversation {
  /** system and developer message texts, in order (they become the top-level `system`) */
  system: string[];
  messages: MessageParam[];
}

interface Turn {
  role: 'user' | 'assistant';
  content: ContentBlockParam[];
}

/**
 * Open Responses items → Messages API turns.
 * https://platform.claude.com/docs/en/api/messages — roles are `user` and `assistant` only; the system prompt is
 * the top-level `system`. Items are grouped into alternating turns: `function_call` and `reasoning` belong to the
 * assistant turn, `function_call_output` to the user turn that follows it ("Each tool_result block must have a
 * corresponding tool_use block in the previous message").
 */
export function toAnthropicMessages(items: ConversationItem[], provider: string): AnthropicConversation {
  const system: string[] = [];
  const turns: Turn[] = [];
  const push = (role: Turn['role'], blocks: ContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const last = turns.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else turns.push({ role, content: [...blocks] });
  };

  items.forEach((item, index) => {
    const param = `input[${index}]`;
    switch (item.type) {
      case 'message':
        if (item.role === 'system' || item.role === 'developer') {
          const text = plainText(item.content);
          if (text) system.push(text);
        } else if (item.role === 'assistant') {
          push('assistant', assistantBlocks(item.content));
        } else {
          push('user', toAnthropicUserBlocks(item.content, provider, `${param}.content`));
        }
        return;
      case 'function_call':
        push('assistant', [{ type: 'tool_use', id: item.call_id, name: item.name, input: parseArguments(item.arguments, `${param}.arguments`) }]);
        return;
      case 'function_call_output':
        push('user', [toolResult(item.call_id, item.output, provider, `${param}.output`)]);
        return;
      case 'reasoning':
        push('assistant', toThinkingBlocks(item));
        return;
      case 'compaction':
        throw foreignCompaction(`${param}.encrypted_content`, provider);
      default:
        omitHostedCallInput(item, `provider "${provider}"`, param);
    }
  });
  return { system, messages: turns.map((turn) => ({ role: turn.role, content: turn.role === 'user' ? toolResultsFirst(turn.content) : turn.content })) };
}

function assistantBlocks(parts: ContentPart[]): TextBlockParam[] {
  return parts
    .map(textOf)
    .filter((text) => text !== '')
    .map((text) => ({ type: 'text' as const, text }));
}

function toolResult(callId: string, output: string | UserContentPart[], provider: string, param: string): ToolResultBlockParam {
  if (typeof output === 'string') return { type: 'tool_result', tool_use_id: callId, content: output };
  return { type: 'tool_result', tool_use_id: callId, content: toAnthropicUserBlocks(output, provider, param) };
}

/** tool_use `input` is an object; the Open Responses call carries it as a JSON string. */
function parseArguments(text: string, param: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw GatewayError.invalidRequest(param, `'${param}' must be a JSON object (Anthropic tool_use input), got invalid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw GatewayError.invalidRequest(param, `'${param}' must be a JSON object (Anthropic tool_use input)`);
  }
  return value as Record<string, unknown>;
}

/**
 * "In the user message containing tool results, the tool_result blocks must come FIRST in the content array;
 * any text must come AFTER all tool results" (tool use docs) — otherwise the vendor answers 400.
 */
function toolResultsFirst(blocks: ContentBlockParam[]): ContentBlockParam[] {
  return [...blocks.filter((block) => block.type === 'tool_result'), ...blocks.filter((block) => block.type !== 'tool_result')];
}

function plainText(parts: ContentPart[]): string {
  return parts.map(textOf).filter((text) => text !== '').join('\n');
}

function textOf(part: ContentPart): string {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return part.text;
    case 'refusal':
      return part.refusal;
    default:
      return '';
  }
}
