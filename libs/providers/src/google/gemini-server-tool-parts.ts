import type { Part } from '@google/genai';
import type { ProviderEvent } from '../provider-event';
import { SERVER_TOOL_PARTS_PREFIX } from './gemini-call-ids';

/** A part that reports Gemini's own tool use (Google Search beside functions, Gemini 3), not the answer. */
export function isServerToolPart(part: Part): boolean {
  return part.toolCall !== undefined || part.toolResponse !== undefined;
}

/** The parts, kept whole for the next turn as one reasoning item's opaque state. */
export function serverToolPartsEvent(parts: Part[]): ProviderEvent {
  return { type: 'reasoning.encrypted', data: SERVER_TOOL_PARTS_PREFIX + Buffer.from(JSON.stringify(parts)).toString('base64') };
}

/** The parts an item's encrypted_content carries, or undefined when it is not Gemini's server tool state. */
export function serverToolPartsOf(encrypted: string | undefined): Part[] | undefined {
  if (!encrypted?.startsWith(SERVER_TOOL_PARTS_PREFIX)) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(encrypted.slice(SERVER_TOOL_PARTS_PREFIX.length), 'base64').toString('utf8'));
    return Array.isArray(parts) ? (parts as Part[]) : undefined;
  } catch {
    return undefined;
  }
}
