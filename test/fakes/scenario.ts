/**
 * What a fake upstream should answer, in vendor-neutral terms. Each vendor fake renders the same scenario in
 * its own wire format (JSON body or SSE stream), so one contract suite can run against every provider.
 */
export interface FakeUsage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens?: number;
  /** Anthropic only: tokens written to the prompt cache */
  cacheCreationTokens?: number;
  reasoningTokens?: number;
}

export interface FakeToolCall {
  id?: string;
  name: string;
  /** OpenAI only: the `namespace` tool the function was offered in */
  namespace?: string;
  arguments: string;
}

export type Scenario =
  | {
      kind: 'text';
      /** the answer, streamed in these pieces (default: split in words) */
      text: string;
      chunks?: string[];
      reasoning?: string;
      refusal?: string;
      /** stop (default), length (max tokens), content_filter */
      finish?: 'stop' | 'length' | 'content_filter';
      usage?: FakeUsage;
      model?: string;
    }
  | { kind: 'tool_calls'; text?: string; calls: FakeToolCall[]; usage?: FakeUsage; model?: string }
  | { kind: 'error'; status: number; message: string; retryAfter?: number; vendorType?: string }
  /** stream: send the first `afterChunks` text chunks, then destroy the socket */
  | { kind: 'cut'; text: string; afterChunks: number }
  /** accept the request and never answer */
  | { kind: 'hang' }
  /** a recording: the bytes a vendor sent, served unchanged once the fake's route and auth checks pass */
  | { kind: 'recorded'; status: number; contentType: string; body: string }
  /** stream `text` in chunks with `gapMs` between them (after headers) */
  | { kind: 'slow'; text: string; chunks: string[]; gapMs: number; firstByteDelayMs?: number };

export const DEFAULT_USAGE: FakeUsage = { inputTokens: 12, outputTokens: 7, cachedTokens: 0, reasoningTokens: 0 };

export function chunksOf(scenario: { text: string; chunks?: string[] }): string[] {
  if (scenario.chunks) return scenario.chunks;
  const words = scenario.text.match(/\S+\s*/g) ?? [scenario.text];
  return words.length ? words : [''];
}

/**
 * The vector every fake vendor returns for a text (or token array): `dimensions` values of the form k/16 − 0.5,
 * exact in float32, so floats and base64 compare equal after any round trip.
 */
export function fakeEmbedding(input: string | number[], dimensions = 4): number[] {
  const text = typeof input === 'string' ? input : input.join(',');
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 9973;
  return Array.from({ length: dimensions }, (_, index) => ((hash + index * 7) % 17) / 16 - 0.5);
}

/** The fakes' token count for an input: its words, or its tokens. */
export function fakeTokenCount(input: string | number[]): number {
  return typeof input === 'string' ? input.split(/\s+/).filter(Boolean).length : input.length;
}

/** What the fakes' token-counting endpoints answer: a count that depends on the whole request body. */
export function countedTokens(body: unknown): number {
  return Math.ceil(JSON.stringify(body ?? '').length / 4);
}
