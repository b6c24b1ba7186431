/**
 * The gateway keeps conversation state itself and calls the vendor with `store: false`, so a reasoning model's
 * thinking only survives to the next turn as the encrypted reasoning item the vendor returned — sent back with
 * the vendor's own item id ("Encrypted reasoning items", OpenAI reasoning guide). Both travel in the Open
 * Responses item's `encrypted_content`, marked so that reasoning from other vendors is never sent here.
 */
const MARKER = 'openai-reasoning:v1:';

export function encodeOpenAIReasoning(vendorItemId: string, encryptedContent: string): string {
  return `${MARKER}${vendorItemId}:${encryptedContent}`;
}

export function decodeOpenAIReasoning(encryptedContent: string | undefined): { id: string; encrypted: string } | undefined {
  if (!encryptedContent?.startsWith(MARKER)) return undefined;
  const rest = encryptedContent.slice(MARKER.length);
  const separator = rest.indexOf(':');
  if (separator <= 0) return undefined;
  return { id: rest.slice(0, separator), encrypted: rest.slice(separator + 1) };
}
