import assert from 'node:assert/strict';
import type { StreamedEvent } from './sse';
import { assertValidResponse } from './spec-assertions';

const HOSTED = new Set(['web_search_call']);
const isHostedEvent = (event: StreamedEvent) => event.type.startsWith('response.web_search_call.') || ((event.type === 'response.output_item.added' || event.type === 'response.output_item.done') && HOSTED.has(event.item?.type));

/** Hosted calls are the one extension of the spec's items: the rest must validate, and they must have OpenAI's shape. */
export function assertValidWithHostedCalls(body: { output: { type: string }[] }): void {
  assertValidResponse({ ...body, output: body.output.filter((item) => !HOSTED.has(item.type)) });
  for (const item of body.output.filter((candidate) => HOSTED.has(candidate.type)) as Record<string, any>[]) {
    assert.equal(typeof item.id, 'string');
    assert.ok(['completed', 'failed', 'in_progress', 'searching', 'incomplete'].includes(item.status), `status ${item.status}`);
    assert.ok(['search', 'open_page', 'find', 'find_in_page'].includes(item.action?.type), `action ${JSON.stringify(item.action)}`);
  }
}

/** The stream without the hosted calls' events and items, numbered again: what must validate against the spec. */
export function withoutHostedCalls(events: StreamedEvent[]): StreamedEvent[] {
  const hostedIndexes = events.filter((event) => event.type === 'response.output_item.added' && HOSTED.has(event.item?.type)).map((event) => event.output_index as number);
  const outputIndex = (index: number) => index - hostedIndexes.filter((hosted) => hosted < index).length;
  return events
    .filter((event) => !isHostedEvent(event))
    .map((event, index) => {
      const response = event.response ? { ...event.response, output: event.response.output.filter((item: { type: string }) => !HOSTED.has(item.type)) } : undefined;
      return { ...event, sequence_number: index, ...(typeof event.output_index === 'number' ? { output_index: outputIndex(event.output_index) } : {}), ...(response ? { response } : {}) };
    });
}

