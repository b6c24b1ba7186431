import { CompactionItem, ContentPart, ConversationItem, MessageItem, foreignCompaction, newId } from '@latticelm/api';

/**
 * The gateway's own compaction, for providers without a compaction endpoint. Its item looks like any other
 * (`{type: "compaction", id, encrypted_content}`), but the content is the model's summary, base64-encoded behind
 * a prefix: opaque to clients and easy to tell from a vendor's encrypted window, yet not encrypted — it holds
 * nothing the client did not send. Before a request reaches any provider the gateway's items become a user
 * message with the summary, so a chain compacted on one provider continues on any other.
 */
const PREFIX = 'latticelm.compaction.v1:';

export const COMPACTION_INSTRUCTIONS =
  'You compact conversations so that they can continue in a fresh context window. Write a concise summary of the ' +
  'conversation you are given, as notes for yourself: keep every fact, decision, name, number, code word, open ' +
  'question, tool call and tool result that the rest of the conversation may need. Do not address the user and do ' +
  'not continue the conversation; answer with the summary only.';

const SUMMARY_HEADING = 'Summary of the earlier conversation (compacted):';

export function encodeGatewayCompaction(summary: string): string {
  return PREFIX + Buffer.from(summary, 'utf8').toString('base64');
}

/** The summary in a gateway-made compaction item; undefined for a vendor's (or anything else). */
export function decodeGatewayCompaction(content: string): string | undefined {
  return content.startsWith(PREFIX) ? Buffer.from(content.slice(PREFIX.length), 'base64').toString('utf8') : undefined;
}

/** Replaces each gateway-made compaction item with its summary as a user message; a vendor's items stay. */
export function expandGatewayCompactions(items: ConversationItem[]): ConversationItem[] {
  if (!items.some((item) => item.type === 'compaction')) return items;
  return items.map((item) => {
    if (item.type !== 'compaction') return item;
    const summary = decodeGatewayCompaction(item.encrypted_content);
    return summary === undefined ? item : summaryMessage(item.id, summary);
  });
}

function summaryMessage(id: string, summary: string): MessageItem {
  return { type: 'message', id, status: 'completed', role: 'user', content: [{ type: 'input_text', text: `${SUMMARY_HEADING}\n\n${summary}` }] };
}

/**
 * The conversation as one plain-text transcript for the summarizing call: tool calls and results, images and
 * files are named in words, so the call needs no tools and every vendor accepts it (Anthropic refuses tool_use
 * blocks in a request that declares no tools). `items` must already be expanded.
 */
export function toCompactionTranscript(items: ConversationItem[], reader: string): string {
  const lines: string[] = [];
  items.forEach((item, index) => {
    switch (item.type) {
      case 'message':
        lines.push(`${item.role}: ${item.content.map(partText).join(' ')}`);
        return;
      case 'function_call':
        lines.push(`assistant called ${item.name}(${item.arguments}) [call ${item.call_id}]`);
        return;
      case 'function_call_output':
        lines.push(`tool result [call ${item.call_id}]: ${typeof item.output === 'string' ? item.output : item.output.map(partText).join(' ')}`);
        return;
      case 'reasoning':
        if (item.summary.length > 0) lines.push(`assistant (reasoning): ${item.summary.map((part) => part.text).join(' ')}`);
        return;
      case 'compaction':
        throw foreignCompaction(`input[${index}].encrypted_content`, reader);
      default:
        // a hosted tool's call: what the transcript can say of it is that it happened
        lines.push(`assistant used the hosted tool behind a ${item.type} item`);
        return;
    }
  });
  return `Conversation to compact:\n\n${lines.join('\n\n')}`;
}

function partText(part: ContentPart): string {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return part.text;
    case 'refusal':
      return `(refused) ${part.refusal}`;
    case 'input_image':
      return '[image]';
    case 'input_file':
      return `[file${part.filename ? ` ${part.filename}` : ''}]`;
  }
}

/**
 * The compacted window, in the shape OpenAI gives it ("a list of all user messages, followed by a single
 * compaction item"): the client sends it back as the base input of a new chain. `items` are the unexpanded
 * input, so an earlier summary is not kept twice (it is part of the new one).
 */
export function toCompactedWindow(items: ConversationItem[], summary: string): ConversationItem[] {
  const userMessages = items.filter((item): item is MessageItem => item.type === 'message' && item.role === 'user');
  const compaction: CompactionItem = { type: 'compaction', id: newId('cmp'), encrypted_content: encodeGatewayCompaction(summary) };
  return [...userMessages, compaction];
}
