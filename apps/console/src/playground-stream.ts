import { SseParser } from './sse';

/** What the playground shows of a response, built from its Open Responses events (or its JSON body). Pure. */
export interface PlaygroundRun {
  status: 'idle' | 'waiting' | 'streaming' | 'completed' | 'incomplete' | 'failed' | 'stopped';
  text: string;
  deltas: number;
  responseId?: string;
  model?: string;
  provider?: string;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  error?: string;
}

export const IDLE_RUN: PlaygroundRun = { status: 'idle', text: '', deltas: 0 };

interface ResponseBody {
  id?: string;
  model?: string;
  provider?: string;
  status?: string;
  usage?: { input_tokens?: number; output_tokens?: number } | null;
  cost_usd?: number;
  error?: { message?: string } | null;
  incomplete_details?: { reason?: string } | null;
  output?: { type?: string; content?: { type?: string; text?: string }[] }[];
}

function finished(run: PlaygroundRun, response: ResponseBody): PlaygroundRun {
  return {
    ...run,
    responseId: response.id ?? run.responseId,
    model: response.model ?? run.model,
    provider: response.provider ?? run.provider,
    inputTokens: response.usage?.input_tokens,
    outputTokens: response.usage?.output_tokens,
    costUsd: typeof response.cost_usd === 'number' ? response.cost_usd : run.costUsd,
  };
}

/** The next state after one streamed event (`type` is the SSE event name, `data` its JSON). */
export function applyEvent(run: PlaygroundRun, type: string, data: string): PlaygroundRun {
  let event: { delta?: string; response?: ResponseBody; error?: { message?: string }; message?: string };
  try {
    event = JSON.parse(data) as typeof event;
  } catch {
    return run;
  }
  switch (type) {
    case 'response.created':
      return { ...run, status: 'streaming', responseId: event.response?.id, model: event.response?.model, provider: event.response?.provider };
    case 'response.output_text.delta':
      return { ...run, status: 'streaming', text: run.text + (event.delta ?? ''), deltas: run.deltas + 1 };
    case 'response.completed':
      return { ...finished(run, event.response ?? {}), status: 'completed' };
    case 'response.incomplete':
      return { ...finished(run, event.response ?? {}), status: 'incomplete', error: event.response?.incomplete_details?.reason };
    case 'response.failed':
      return { ...finished(run, event.response ?? {}), status: 'failed', error: event.response?.error?.message ?? 'the response failed' };
    case 'error':
      return { ...run, status: 'failed', error: event.error?.message ?? event.message ?? 'stream error' };
    default:
      return run;
  }
}

/** A non-streamed answer: the output text and usage of the JSON body; the cost from its header when present. */
export function fromJson(body: ResponseBody, costHeader: string | null): PlaygroundRun {
  const text = (body.output ?? [])
    .flatMap((item) => (item.type === 'message' ? (item.content ?? []) : []))
    .filter((part) => part.type === 'output_text')
    .map((part) => part.text ?? '')
    .join('');
  const run = finished({ ...IDLE_RUN, text }, body);
  const cost = costHeader === null ? Number.NaN : Number(costHeader);
  return { ...run, status: body.status === 'incomplete' ? 'incomplete' : 'completed', costUsd: Number.isFinite(cost) ? cost : run.costUsd };
}

/** Reads an SSE body to its end, handing over the state after each event. */
export async function readStream(body: ReadableStream<Uint8Array>, start: PlaygroundRun, onRun: (run: PlaygroundRun) => void): Promise<PlaygroundRun> {
  let run = start;
  const parser = new SseParser((event) => {
    run = applyEvent(run, event.event, event.data);
    onRun(run);
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.push(decoder.decode(value, { stream: true }));
  }
  parser.push(decoder.decode());
  parser.end();
  return run;
}
