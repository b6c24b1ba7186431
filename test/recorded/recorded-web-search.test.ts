import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { postResponse } from '../support/gateway-harness';
import { assertValidWithHostedCalls, withoutHostedCalls } from '../support/hosted-calls';
import { collectSse } from '../support/sse';
import { assertValidStream } from '../support/spec-assertions';
import { ThreeVendors } from '../support/three-vendors';
import { recordedBody, recordedEvents, recordedJson, recordedStream } from './recordings';

type Output = { type: string; [field: string]: any }[];
const ofType = (output: Output, type: string) => output.filter((item) => item.type === type);
const annotationsOf = (output: Output) => ofType(output, 'message').flatMap((message) => message.content.flatMap((part: { annotations?: unknown[] }) => part.annotations ?? []));

/**
 * Real web searches, recorded from the vendors (fixtures/README.md), through the gateway: Anthropic's server-side
 * search becomes `web_search_call` items and `url_citation` annotations; OpenAI's hosted search passes through
 * with its items, ids and events.
 */
describe('recorded web searches through the gateway', () => {
  const vendors = new ThreeVendors();
  before(() => vendors.start());
  after(() => vendors.stop());
  beforeEach(() => vendors.reset());

  describe('Anthropic (server-side web search)', () => {
    const recorded = recordedJson('anthropic/anthropic-web-search-tool.1.json');
    const queries = recorded.content.filter((block: { type: string }) => block.type === 'server_tool_use').map((block: { input: { query: string } }) => block.input.query);
    const resultUrls = new Set<string>(recorded.content.filter((block: { type: string }) => block.type === 'web_search_tool_result').flatMap((block: { content: { url: string }[] }) => block.content.map((result) => result.url)));
    const citations = recorded.content.flatMap((block: { citations?: unknown[] }) => block.citations ?? []);

    it('answers each search as a web_search_call with its query and sources, and each citation as a url_citation inside the text', async () => {
      vendors.anthropic.enqueue(recordedBody('anthropic/anthropic-web-search-tool.1.json'));
      const answer = await postResponse(vendors.gateway, { model: 'claude', input: 'Tech news today?', tools: [{ type: 'web_search' }] });
      const body = await answer.json();
      assert.equal(answer.status, 200, JSON.stringify(body));
      assertValidWithHostedCalls(body);
      const searches = ofType(body.output, 'web_search_call');
      assert.deepEqual(searches.map((call) => call.action.query), queries);
      for (const call of searches) for (const source of call.action.sources) assert.ok(resultUrls.has(source.url), source.url);
      const annotations = annotationsOf(body.output);
      assert.equal(annotations.length, citations.length);
      for (const message of ofType(body.output, 'message')) {
        for (const part of message.content) {
          for (const annotation of part.annotations) {
            assert.equal(annotation.type, 'url_citation');
            assert.ok(resultUrls.has(annotation.url), annotation.url);
            assert.ok(annotation.start_index >= 0 && annotation.start_index < annotation.end_index && annotation.end_index <= part.text.length, JSON.stringify(annotation));
          }
        }
      }
    });

    it('streams the recorded search with its progress events, the rest valid against the spec', async () => {
      const events = recordedEvents('anthropic/anthropic-web-search-tool.1.chunks.txt');
      const streamedQueries = events.filter((event) => event.content_block?.type === 'server_tool_use').length;
      const streamedCitations = events.filter((event) => event.delta?.type === 'citations_delta').length;
      vendors.anthropic.enqueue(recordedStream('anthropic/anthropic-web-search-tool.1.chunks.txt', 'typed'));
      const answer = await postResponse(vendors.gateway, { model: 'claude', input: 'Tech news today?', tools: [{ type: 'web_search' }], stream: true });
      const { events: streamed, done } = await collectSse(answer);
      assertValidStream(withoutHostedCalls(streamed), undefined, done);
      const final = streamed.at(-1)?.response;
      assertValidWithHostedCalls(final);
      assert.equal(ofType(final.output, 'web_search_call').length, streamedQueries);
      assert.equal(streamed.filter((event) => event.type === 'response.web_search_call.completed').length, streamedQueries);
      assert.equal(annotationsOf(final.output).length, streamedCitations);
      assert.equal(streamed.filter((event) => event.type === 'response.output_text.annotation.added').length, streamedCitations);
    });
  });

  describe('OpenAI (hosted web search)', () => {
    const recorded = recordedJson('openai/openai-web-search-tool.1.json');

    it('passes the recorded web_search_call items through whole, with the vendor ids, and keeps the annotations', async () => {
      vendors.openai.enqueue(recordedBody('openai/openai-web-search-tool.1.json'));
      const answer = await postResponse(vendors.gateway, { model: 'gpt', input: 'Tech news today?', tools: [{ type: 'web_search' }] });
      const body = await answer.json();
      assert.equal(answer.status, 200, JSON.stringify(body));
      assertValidWithHostedCalls(body);
      assert.deepEqual(ofType(body.output, 'web_search_call'), ofType(recorded.output, 'web_search_call'));
      assert.deepEqual(annotationsOf(body.output), annotationsOf(recorded.output));
    });

    it('relays the recorded stream: every web_search_call event on its vendor item id, every annotation', async () => {
      const events = recordedEvents('openai/openai-web-search-tool.1.chunks.txt');
      const vendorSearchEvents = events.filter((event) => event.type.startsWith('response.web_search_call.')).map((event) => [event.type, event.item_id]);
      const vendorAnnotations = events.filter((event) => event.type === 'response.output_text.annotation.added').map((event) => event.annotation);
      vendors.openai.enqueue(recordedStream('openai/openai-web-search-tool.1.chunks.txt', 'typed'));
      const answer = await postResponse(vendors.gateway, { model: 'gpt', input: 'Tech news today?', tools: [{ type: 'web_search' }], stream: true });
      const { events: streamed, done } = await collectSse(answer);
      assertValidStream(withoutHostedCalls(streamed), undefined, done);
      assert.deepEqual(streamed.filter((event) => event.type.startsWith('response.web_search_call.')).map((event) => [event.type, event.item_id]), vendorSearchEvents);
      assert.deepEqual(streamed.filter((event) => event.type === 'response.output_text.annotation.added').map((event) => event.annotation), vendorAnnotations);
      assertValidWithHostedCalls(streamed.at(-1)?.response);
    });
  });
});
