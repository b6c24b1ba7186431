import type { ConversationItem, OutputItem, ResponseResource } from '@latticelm/api';
import type { StoredResponse } from '@latticelm/conversations';

export const HOUR = 3_600_000;

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${process.pid}${Date.now().toString(36)}${(counter++).toString(36).padStart(4, '0')}`;

export function userMessage(text: string): ConversationItem {
  return { type: 'message', id: nextId('msg'), status: 'completed', role: 'user', content: [{ type: 'input_text', text }] };
}

export function assistantMessage(text: string): OutputItem {
  return { type: 'message', id: nextId('msg'), status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] };
}

/** A stored response as the service writes it; `at` is the creation time on the test's clock. */
export function storedResponse(options: {
  owner?: string;
  previous?: string | null;
  input?: ConversationItem[];
  output?: OutputItem[];
  at: number;
  ttl?: number;
  id?: string;
}): StoredResponse {
  const id = options.id ?? nextId('resp');
  const output = options.output ?? [assistantMessage(`answer for ${id}`)];
  const response = {
    id,
    object: 'response',
    created_at: Math.floor(options.at / 1000),
    completed_at: Math.floor(options.at / 1000),
    status: 'completed',
    incomplete_details: null,
    model: 'gpt-4o-mini',
    previous_response_id: options.previous ?? null,
    instructions: 'be brief',
    output,
    error: null,
    tools: [],
    tool_choice: 'auto',
    truncation: 'disabled',
    parallel_tool_calls: true,
    text: { format: { type: 'text' } },
    top_p: 1,
    presence_penalty: 0,
    frequency_penalty: 0,
    top_logprobs: 0,
    temperature: 1,
    reasoning: null,
    usage: { input_tokens: 3, output_tokens: 5, total_tokens: 8, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
    max_output_tokens: null,
    max_tool_calls: null,
    store: true,
    background: false,
    service_tier: 'default',
    metadata: {},
    safety_identifier: null,
    prompt_cache_key: null,
    provider: 'openai',
    user: null,
  } as ResponseResource;
  return {
    id,
    owner: options.owner ?? 'alice',
    previousResponseId: options.previous ?? null,
    model: 'gpt-4o-mini',
    provider: 'openai',
    status: 'completed',
    input: options.input ?? [userMessage(`question for ${id}`)],
    output,
    response,
    createdAt: options.at,
    expiresAt: options.at + (options.ttl ?? HOUR),
  };
}
