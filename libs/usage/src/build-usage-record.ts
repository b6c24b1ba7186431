import { ANONYMOUS_OWNER, EndedRequest } from '@latticelm/api';
import { promptTextOf } from './prompt-text';
import type { UsageOutcome, UsageRecord } from './usage-record';

/** nginx's "client closed request", which the request observer reports for a client that left */
const CLIENT_CLOSED = 499;

/**
 * The record of an ended request: field copies from its scope, on the request path (at its close). `promptChars`
 * is 0 unless the operator turned prompts on.
 */
export function buildUsageRecord(ended: EndedRequest, at: number, promptChars: number): UsageRecord {
  const { scope, status } = ended;
  const usage = scope.usage;
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  const outcome: UsageOutcome = status === CLIENT_CLOSED ? 'client_closed' : status >= 400 ? 'error' : scope.streamFailed ? 'stream_failed' : 'ok';
  return {
    at,
    requestId: scope.requestId,
    keyId: scope.apiKey?.id ?? null,
    keyName: scope.apiKey?.name ?? null,
    owner: scope.caller ?? ANONYMOUS_OWNER,
    model: scope.model ?? ended.requestedModel ?? null,
    provider: scope.provider ?? null,
    route: ended.route,
    status,
    outcome,
    stream: ended.stream,
    inputTokens,
    cachedTokens: usage?.cachedTokens ?? 0,
    cacheWriteTokens: usage?.cacheWriteTokens ?? 0,
    outputTokens,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    // nothing reported, nothing billed: a refused request cost 0 even while pricing is off
    costUsd: scope.costUnknown ? null : (scope.costUsd ?? (inputTokens + outputTokens > 0 ? null : 0)),
    latencyMs: ended.latencyMs,
    ttftMs: ended.stream && scope.firstOutputAt !== undefined ? Math.max(0, scope.firstOutputAt - ended.startedAt) : null,
    // the cache says hit, or what else it did (miss, refresh, bypass); null when no cache is on
    cacheHit: scope.cacheHit ?? (scope.cacheStatus === undefined ? null : false),
    prompt: promptChars > 0 ? promptTextOf(ended.body, promptChars) : null,
  };
}
