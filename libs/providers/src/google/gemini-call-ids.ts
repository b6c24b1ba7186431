import { randomBytes } from 'node:crypto';

/**
 * Gemini's functionCall carries no id on most models ("id: Optional. The unique id of the function call. If
 * populated, the client to execute the functionCall and return the response with the matching id." —
 * https://ai.google.dev/api/caching#FunctionCall), while Open Responses needs a call_id on every call. When the
 * vendor gives none, the gateway makes one that embeds the function name, because the functionResponse it must
 * send back later is matched by name.
 */
export type CallIdFactory = (name: string, index: number) => string;

const GENERATED_CALL_ID = /^call_g[0-9a-f]{8}_\d+_(.+)$/;

/** Ids for one response: a random nonce keeps calls of different turns apart, the index keeps parallel calls apart. */
export function callIdFactory(nonce = randomBytes(4).toString('hex')): CallIdFactory {
  return (name, index) => `call_g${nonce}_${index}_${name}`;
}

/** The function name inside an id this gateway generated, or undefined for ids it did not make. */
export function nameFromGeneratedCallId(callId: string): string | undefined {
  return GENERATED_CALL_ID.exec(callId)?.[1];
}

export function isGeneratedCallId(callId: string): boolean {
  return GENERATED_CALL_ID.test(callId);
}

/**
 * Gemini's thoughtSignature travels in a reasoning item's encrypted_content, marked so that reasoning state from
 * other vendors is never sent to Gemini (and Gemini's is recognisable to them). Which part it goes back on is in
 * the mark, because the two kinds arrive on different sides of their part:
 * - THOUGHT_SIGNATURE_PREFIX: the signature of the function call that follows the item (it comes with the call,
 *   which arrives whole, so the item can be placed before it);
 * - PART_SIGNATURE_PREFIX: the signature of the model part before the item — a text part, whose signature a stream
 *   only gives after the text ("the final chunk with an empty text part" carries it).
 */
export const THOUGHT_SIGNATURE_PREFIX = 'gemini-thought-signature:';
export const PART_SIGNATURE_PREFIX = 'gemini-part-signature:';
/**
 * Gemini's own server-side tool parts (`toolCall` / `toolResponse`, given with includeServerSideToolInvocations)
 * that "the client should pass back … in a subsequent turn": base64 JSON of the parts, signatures included.
 */
export const SERVER_TOOL_PARTS_PREFIX = 'gemini-server-tool-parts:';
