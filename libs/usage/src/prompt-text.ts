/**
 * The text a request sends, for `usage_log.include_prompts`: its instructions or system prompt, then the text of
 * its input — a string, strings (embeddings), or messages and items with string content or text parts, as every
 * front door names them (`input`, `messages`). Tool calls, images and token arrays are left out. At most `max`
 * characters; null when there is no text.
 */
export function promptTextOf(body: unknown, max: number): string | null {
  if (body === null || typeof body !== 'object') return null;
  const parts: string[] = [];
  let length = 0;
  const add = (text: unknown): void => {
    if (typeof text !== 'string' || text === '' || length >= max) return;
    parts.push(text);
    length += text.length + 1;
  };
  const addContent = (content: unknown): void => {
    if (!Array.isArray(content)) return add(content);
    for (const part of content) if (part !== null && typeof part === 'object') add((part as { text?: unknown }).text);
  };
  const addEntries = (entries: unknown): void => {
    if (!Array.isArray(entries)) return add(entries);
    for (const entry of entries) {
      if (typeof entry === 'string') add(entry);
      else if (entry !== null && typeof entry === 'object') addContent((entry as { content?: unknown }).content);
    }
  };
  const { instructions, system, input, messages } = body as Record<string, unknown>;
  add(instructions);
  addContent(system);
  addEntries(input);
  addEntries(messages);
  if (parts.length === 0) return null;
  const text = parts.join('\n');
  return text.length > max ? text.slice(0, max) : text;
}
