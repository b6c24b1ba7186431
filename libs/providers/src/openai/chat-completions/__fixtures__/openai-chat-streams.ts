/**
 * Chat Completions bytes as OpenAI sends them, for replay through the real `openai` SDK.
 *
 * TEXT_*: recorded from gpt-4.1-nano-2025-04-14 (chatcmpl-D8Z5oo6u…, 2026-02), from vercel/ai
 * packages/openai/src/chat/__fixtures__/openai-text.chunks.txt and openai-text.json — the stream is cut to its first
 * content chunks, its finish chunk and its usage chunk (`obfuscation` kept as the vendor sends it).
 * TOOL_STREAM: recorded from gpt-3.5-turbo-0125 (chatcmpl-96aZqmeD…), the tool-delta stream the AI SDK's
 * OpenAI-compatible chat tests replay ("should stream tool deltas"): id, type and name in the first delta with
 * empty arguments, then argument fragments by index, finish_reason tool_calls, then usage without choices.
 */
const sse = (chunks: string[]) => `${chunks.map((chunk) => `data: ${chunk}\n\n`).join('')}data: [DONE]\n\n`;

const textHead = '{"id":"chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0","object":"chat.completion.chunk","created":1770933892,"model":"gpt-4.1-nano-2025-04-14","service_tier":"default","system_fingerprint":"fp_de604bd877","choices":';

export const TEXT_STREAM = sse([
  `${textHead}[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"Qup1BsQ3"}`,
  `${textHead}[{"index":0,"delta":{"content":"**"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"yhjoJbEF"}`,
  `${textHead}[{"index":0,"delta":{"content":"Holiday"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"dTh"}`,
  `${textHead}[{"index":0,"delta":{"content":" Name"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"yoKFv"}`,
  `${textHead}[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null,"obfuscation":"zap0"}`,
  `${textHead}[],"usage":{"prompt_tokens":16,"completion_tokens":300,"total_tokens":316,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"obfuscation":"h9RiQLL"}`,
]);

export const TEXT_COMPLETION = JSON.stringify({
  id: 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU',
  object: 'chat.completion',
  created: 1770933883,
  model: 'gpt-4.1-nano-2025-04-14',
  choices: [{ index: 0, message: { role: 'assistant', content: '**Holiday Name:** Galaxy Day', refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
  usage: {
    prompt_tokens: 16,
    completion_tokens: 363,
    total_tokens: 379,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_de604bd877',
});

const toolHead = '{"id":"chatcmpl-96aZqmeDpA9IPD6tACY8djkMsJCMP","object":"chat.completion.chunk","created":1711357598,"model":"gpt-3.5-turbo-0125","system_fingerprint":"fp_3bc1b5746c","choices":';
const argument = (fragment: string) => `${toolHead}[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(fragment)}}}]},"logprobs":null,"finish_reason":null}]}`;

export const TOOL_STREAM = sse([
  `${toolHead}[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_O17Uplv4lJvD6DVdIvFFeRMw","type":"function","function":{"name":"test-tool","arguments":""}}]},"logprobs":null,"finish_reason":null}]}`,
  ...['{"', 'value', '":"', 'Spark', 'le', ' Day', '"}'].map(argument),
  `${toolHead}[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}`,
  `${toolHead}[],"usage":{"prompt_tokens":53,"completion_tokens":17,"total_tokens":70}}`,
]);

/** The same stream cut before its finish chunk (a proxy that dropped the connection cleanly). */
export const CUT_STREAM = sse([`${textHead}[{"index":0,"delta":{"role":"assistant","content":"Hi"},"logprobs":null,"finish_reason":null}],"usage":null}`]).replace('data: [DONE]\n\n', '');
