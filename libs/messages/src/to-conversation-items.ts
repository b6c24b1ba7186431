import { AssistantContentPart, ConversationItem, FunctionCallOutputItem, UserContentPart, newId } from '@latticelm/api';
import { redactedThinkingState } from '@latticelm/providers';
import { Fields, describe, invalid, isObject, unsupported } from './json-fields';

/**
 * Messages API turns → the gateway's conversation items, in order. A user turn's `tool_result` blocks become
 * `function_call_output` items and its other blocks a user message; an assistant turn's `thinking` and
 * `redacted_thinking` blocks become reasoning items (the signature as the item's opaque state, which is how every
 * provider keeps its own: a Claude signature, a Gemini thought signature, OpenAI's encrypted reasoning), its
 * `tool_use` blocks function calls and its text an assistant message — each item where its block was.
 * `cache_control` and `citations` on blocks are hints about the request and are not carried.
 */
export function toConversationItems(messages: unknown[]): ConversationItem[] {
  const items: ConversationItem[] = [];
  messages.forEach((entry, index) => {
    const message = Fields.of(entry, `messages[${index}]`);
    const role = message.value.role;
    if (role !== 'user' && role !== 'assistant' && role !== 'system') {
      invalid(message.at('role'), `'${message.at('role')}' must be 'user', 'assistant' or 'system', got ${JSON.stringify(role)}`);
    }
    const content = message.value.content;
    if (role === 'system') {
      items.push(systemMessage(content, message.at('content')));
      return;
    }
    if (typeof content === 'string') {
      items.push(role === 'user' ? userMessage([{ type: 'input_text', text: content }]) : assistantMessage([textPart(content)]));
      return;
    }
    if (!Array.isArray(content)) invalid(message.at('content'), `'${message.at('content')}' must be a string or an array of content blocks, got ${describe(content)}`);
    if (role === 'user') items.push(...userItems(content, message.at('content')));
    else items.push(...assistantItems(content, message.at('content')));
  });
  return items;
}

function userItems(blocks: unknown[], path: string): ConversationItem[] {
  const items: ConversationItem[] = [];
  let parts: UserContentPart[] = [];
  const flush = () => {
    if (parts.length > 0) items.push(userMessage(parts));
    parts = [];
  };
  blocks.forEach((value, index) => {
    const block = Fields.of(value, `${path}[${index}]`);
    if (block.value.type === 'tool_result') {
      flush();
      items.push(toolResult(block));
    } else {
      parts.push(...userParts(block));
    }
  });
  flush();
  return items;
}

function assistantItems(blocks: unknown[], path: string): ConversationItem[] {
  const items: ConversationItem[] = [];
  let parts: AssistantContentPart[] = [];
  const flush = () => {
    if (parts.length > 0) items.push(assistantMessage(parts));
    parts = [];
  };
  blocks.forEach((value, index) => {
    const block = Fields.of(value, `${path}[${index}]`);
    switch (block.value.type) {
      case 'text':
        parts.push(textPart(block.requiredString('text')));
        return;
      case 'thinking': {
        flush();
        const signature = block.requiredString('signature');
        const thinking = block.requiredString('thinking');
        items.push({
          type: 'reasoning',
          id: newId('rs'),
          summary: [],
          content: [{ type: 'reasoning_text', text: thinking }],
          ...(signature !== '' ? { encrypted_content: signature } : {}),
        });
        return;
      }
      case 'redacted_thinking':
        flush();
        items.push({ type: 'reasoning', id: newId('rs'), summary: [], encrypted_content: redactedThinkingState(block.requiredString('data')) });
        return;
      case 'tool_use': {
        flush();
        const input = block.value.input;
        if (!isObject(input)) invalid(block.at('input'), `'${block.at('input')}' must be an object, got ${describe(input)}`);
        items.push({ type: 'function_call', id: newId('fc'), call_id: block.requiredString('id'), name: block.requiredString('name'), arguments: JSON.stringify(input), status: 'completed' });
        return;
      }
      default:
        unsupported(block.at('type'), `an assistant content block of type ${JSON.stringify(block.value.type)}`);
    }
  });
  flush();
  return items;
}

/** text, image and document blocks → user content parts. */
function userParts(block: Fields): UserContentPart[] {
  switch (block.value.type) {
    case 'text':
      return [{ type: 'input_text', text: block.requiredString('text') }];
    case 'image':
      return [imagePart(Fields.of(block.value.source, block.at('source')))];
    case 'document':
      return documentParts(block);
    default:
      unsupported(block.at('type'), `a user content block of type ${JSON.stringify(block.value.type)}`);
  }
}

/** https://platform.claude.com/docs/en/build-with-claude/vision — base64 or URL sources. */
function imagePart(source: Fields): UserContentPart {
  switch (source.value.type) {
    case 'base64': {
      const mediaType = source.requiredString('media_type');
      if (!/^image\/[a-z0-9.+-]+$/i.test(mediaType)) invalid(source.at('media_type'), `'${source.at('media_type')}' must be an image media type, got ${JSON.stringify(mediaType)}`);
      return { type: 'input_image', image_url: `data:${mediaType};base64,${source.requiredString('data')}`, detail: 'auto' };
    }
    case 'url':
      return { type: 'input_image', image_url: httpUrl(source, 'url'), detail: 'auto' };
    default:
      unsupported(source.at('type'), `an image source of type ${JSON.stringify(source.value.type)} (send base64 or url)`);
  }
}

/**
 * https://platform.claude.com/docs/en/build-with-claude/pdf-support — a PDF as base64 or URL, plain text, or
 * content blocks (read as the text and images they hold). The title names the file.
 */
function documentParts(block: Fields): UserContentPart[] {
  const source = Fields.of(block.value.source, block.at('source'));
  const title = block.string('title');
  const filename = title ? { filename: title } : {};
  switch (source.value.type) {
    case 'base64':
      return [{ type: 'input_file', file_data: `data:${source.requiredString('media_type')};base64,${source.requiredString('data')}`, ...filename }];
    case 'text':
      return [{ type: 'input_file', file_data: `data:text/plain;base64,${Buffer.from(source.requiredString('data')).toString('base64')}`, ...filename }];
    case 'url':
      return [{ type: 'input_file', file_url: httpUrl(source, 'url'), ...filename }];
    case 'content': {
      const content = source.value.content;
      if (typeof content === 'string') return [{ type: 'input_text', text: content }];
      if (!Array.isArray(content)) invalid(source.at('content'), `'${source.at('content')}' must be a string or an array of text and image blocks`);
      return content.flatMap((value, index) => {
        const inner = Fields.of(value, `${source.at('content')}[${index}]`);
        if (inner.value.type !== 'text' && inner.value.type !== 'image') unsupported(inner.at('type'), `a document content block of type ${JSON.stringify(inner.value.type)}`);
        return userParts(inner);
      });
    }
    default:
      unsupported(source.at('type'), `a document source of type ${JSON.stringify(source.value.type)} (send base64, text, url or content)`);
  }
}

/**
 * A tool_result → the call's output. `is_error` has no counterpart in the gateway's items: the content, which
 * says what went wrong, reaches the model as the result.
 */
function toolResult(block: Fields): FunctionCallOutputItem {
  const callId = block.requiredString('tool_use_id');
  const content = block.value.content;
  let output: FunctionCallOutputItem['output'] = '';
  if (typeof content === 'string') output = content;
  else if (Array.isArray(content)) {
    output = content.flatMap((value, index) => {
      const inner = Fields.of(value, `${block.at('content')}[${index}]`);
      return userParts(inner);
    });
  } else if (content !== undefined && content !== null) {
    invalid(block.at('content'), `'${block.at('content')}' must be a string or an array of content blocks, got ${describe(content)}`);
  }
  return { type: 'function_call_output', id: newId('fco'), call_id: callId, output, status: 'completed' };
}

function httpUrl(source: Fields, key: string): string {
  const url = source.requiredString(key);
  if (!/^https?:\/\//i.test(url)) invalid(source.at(key), `'${source.at(key)}' must be an http(s) URL`);
  return url;
}

function textPart(text: string): AssistantContentPart {
  return { type: 'output_text', text, annotations: [] };
}

/**
 * A `system` message among the turns (SystemMessageParam: string or text blocks) is a system message item in
 * place; each provider puts it where its API takes system text.
 */
function systemMessage(content: unknown, path: string): ConversationItem {
  if (typeof content === 'string') return { type: 'message', id: newId('msg'), status: 'completed', role: 'system', content: [{ type: 'input_text', text: content }] };
  if (!Array.isArray(content)) invalid(path, `'${path}' must be a string or an array of text blocks, got ${describe(content)}`);
  const parts = content.map((value, index) => {
    const block = Fields.of(value, `${path}[${index}]`);
    if (block.value.type !== 'text') invalid(block.at('type'), `'${block.at('type')}' must be 'text' in a system message`);
    return { type: 'input_text' as const, text: block.requiredString('text') };
  });
  return { type: 'message', id: newId('msg'), status: 'completed', role: 'system', content: parts };
}

function userMessage(content: UserContentPart[]): ConversationItem {
  return { type: 'message', id: newId('msg'), status: 'completed', role: 'user', content };
}

function assistantMessage(content: AssistantContentPart[]): ConversationItem {
  return { type: 'message', id: newId('msg'), status: 'completed', role: 'assistant', content };
}
