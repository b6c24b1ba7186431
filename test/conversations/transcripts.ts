/** "role:text" per upstream OpenAI input item (or the item type), to compare the context a vendor received */
export function openAITranscript(input: any[]): string[] {
  return input.map((item) =>
    item.role ? `${item.role}:${typeof item.content === 'string' ? item.content : item.content.map((part: any) => part.text).join('')}` : item.type,
  );
}

const textOf = (blocks: any): string =>
  typeof blocks === 'string' ? blocks : (blocks as any[]).filter((block) => typeof block.text === 'string').map((block) => block.text).join('');

/** "role:text" per Anthropic Messages API message */
export function anthropicTranscript(body: any): string[] {
  return (body.messages as any[]).map((message) => `${message.role}:${textOf(message.content)}`);
}

/** "role:text" per Gemini content, with Gemini's "model" role read as assistant */
export function geminiTranscript(body: any): string[] {
  return (body.contents as any[]).map((content) => `${content.role === 'model' ? 'assistant' : content.role}:${textOf(content.parts)}`);
}
