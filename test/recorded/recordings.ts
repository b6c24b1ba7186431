import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../fakes/scenario';
import { repoRoot } from '../support/gateway-process';

/** Recorded vendor answers (see fixtures/README.md for where each one comes from). */
const FIXTURES = join(repoRoot(), 'test', 'recorded', 'fixtures');

export function recordedText(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export function recordedJson<T = any>(path: string): T {
  return JSON.parse(recordedText(path)) as T;
}

/** A recorded response or error body, served with the status the vendor answered with. */
export function recordedBody(path: string, status = 200): Scenario {
  return { kind: 'recorded', status, contentType: 'application/json', body: recordedText(path) };
}

/**
 * How a vendor frames its server-sent events: OpenAI and Anthropic name each event (`event: <type>`, which their
 * SDKs read), Gemini's `alt=sse` sends `data:` lines only.
 */
export type SseFraming = 'typed' | 'data';

/**
 * The recorded stream at `path` (one event payload per line), framed as the vendor frames it. A file holding
 * several OpenAI responses one after the other (a tool loop) is cut at each `response.created`; `index` picks one.
 */
export function recordedStream(path: string, framing: SseFraming, index = 0): Scenario {
  const lines = recordedText(path)
    .split('\n')
    .filter((line) => line.trim() !== '');
  const streams: string[][] = [];
  for (const line of lines) {
    if (streams.length === 0 || (framing === 'typed' && typeOf(line) === 'response.created')) streams.push([]);
    streams[streams.length - 1].push(line);
  }
  const chosen = streams[index];
  if (!chosen) throw new Error(`${path} holds ${streams.length} streams, not ${index + 1}`);
  const body = chosen.map((line) => (framing === 'typed' ? `event: ${typeOf(line)}\ndata: ${line}\n\n` : `data: ${line}\r\n\r\n`)).join('');
  return { kind: 'recorded', status: 200, contentType: 'text/event-stream', body };
}

/** The payloads of the recorded stream, parsed (to compare the gateway's output with). */
export function recordedEvents(path: string): any[] {
  return recordedText(path)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

function typeOf(line: string): string {
  const type = (JSON.parse(line) as { type?: unknown }).type;
  if (typeof type !== 'string') throw new Error(`a recorded event without a type: ${line.slice(0, 80)}`);
  return type;
}
