import type { ReasoningEffort, ReasoningItem } from '@latticelm/api';
import type { RedactedThinkingBlockParam, ThinkingBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';

/**
 * Open Responses `reasoning.effort` → extended thinking's `budget_tokens`.
 * https://platform.claude.com/docs/en/build-with-claude/extended-thinking — "budget_tokens: Must be ≥1024 and
 * less than max_tokens." The levels follow the vendor's guidance: start at the 1,024 minimum and raise it for
 * harder tasks; 32k+ is the range the vendor calls "complex tasks".
 */
export const THINKING_BUDGETS: Readonly<Record<Exclude<ReasoningEffort, 'none'>, number>> = {
  minimal: 1024,
  low: 1024,
  medium: 4096,
  high: 16384,
  xhigh: 32768,
};

export const MIN_THINKING_BUDGET = 1024;

type ThinkingBlock = ThinkingBlockParam | RedactedThinkingBlockParam;
type RunEntry = { type: 'thinking'; length: number; signature: string } | { type: 'redacted_thinking'; data: string };

const REDACTED_MARK = 'anthropic.redacted_thinking:';
const RUN_MARK = 'anthropic.thinking_blocks:';
const FOREIGN_STATE = /^[a-z][a-z0-9.-]*:/;

/**
 * "Thinking blocks must be passed back unmodified and in their original order"
 * (https://platform.claude.com/docs/en/build-with-claude/extended-thinking#preserving-thinking-blocks).
 * The assembler folds consecutive thinking blocks into one reasoning item, whose `encrypted_content` a later
 * event replaces; so each encrypted event carries the whole run so far. One thinking block (the usual case) is
 * its bare `signature`; one redacted block is its marked `data`; several are a marked list that also records
 * each block's share of the item's concatenated text, so replay can split it again.
 */
export class ThinkingRun {
  private entries: RunEntry[] = [];

  /** A text or tool_use block ends the run: the next thinking block opens a new reasoning item. */
  end(): void {
    this.entries = [];
  }

  startThinking(): void {
    this.entries.push({ type: 'thinking', length: 0, signature: '' });
  }

  addThinking(text: string): void {
    const last = this.entries.at(-1);
    if (last?.type === 'thinking') last.length += text.length;
  }

  /** Returns the run's opaque state, for a `reasoning.encrypted` event. */
  sign(signature: string): string {
    const last = this.entries.at(-1);
    if (last?.type === 'thinking') last.signature = signature;
    else this.entries.push({ type: 'thinking', length: 0, signature });
    return this.encode();
  }

  /** Returns the run's opaque state, for a `reasoning.encrypted` event. */
  addRedacted(data: string): string {
    this.entries.push({ type: 'redacted_thinking', data });
    return this.encode();
  }

  private encode(): string {
    if (this.entries.length === 1) {
      const [only] = this.entries;
      return only.type === 'thinking' ? only.signature : `${REDACTED_MARK}${only.data}`;
    }
    return `${RUN_MARK}${Buffer.from(JSON.stringify(this.entries)).toString('base64')}`;
  }
}

/** One redacted_thinking block's data as the opaque state of a reasoning item (what the stream transformer records). */
export function redactedThinkingState(data: string): string {
  return `${REDACTED_MARK}${data}`;
}

/** The data of a redacted_thinking block kept as a reasoning item's state, or undefined for any other state. */
export function redactedThinkingData(state: string): string | undefined {
  return state.startsWith(REDACTED_MARK) ? state.slice(REDACTED_MARK.length) : undefined;
}

/**
 * A stored reasoning item → the blocks to replay in the assistant turn. Without the vendor's opaque state (e.g.
 * reasoning produced by another provider) the blocks would be rejected, so such items are left out.
 */
export function toThinkingBlocks(item: ReasoningItem): ThinkingBlock[] {
  const opaque = item.encrypted_content;
  if (!opaque) return [];
  const text = (item.content ?? []).map((part) => part.text).join('') || item.summary.map((part) => part.text).join('');
  if (opaque.startsWith(REDACTED_MARK)) return [{ type: 'redacted_thinking', data: opaque.slice(REDACTED_MARK.length) }];
  if (!opaque.startsWith(RUN_MARK)) {
    // A bare signature is base64; other vendors' state is marked "<vendor>-…:" (Gemini thought signatures,
    // OpenAI encrypted reasoning) and sent here would be refused as an invalid signature.
    if (FOREIGN_STATE.test(opaque)) return [];
    return [{ type: 'thinking', thinking: text, signature: opaque }];
  }
  const entries = decodeRun(opaque.slice(RUN_MARK.length));
  let offset = 0;
  return entries.map((entry): ThinkingBlock => {
    if (entry.type === 'redacted_thinking') return { type: 'redacted_thinking', data: entry.data };
    const thinking = text.slice(offset, offset + entry.length);
    offset += entry.length;
    return { type: 'thinking', thinking, signature: entry.signature };
  });
}

function decodeRun(encoded: string): RunEntry[] {
  try {
    const entries: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    return Array.isArray(entries) ? (entries as RunEntry[]) : [];
  } catch {
    // Not ours after all (tampered with or truncated): nothing that the vendor would accept can be rebuilt.
    return [];
  }
}
