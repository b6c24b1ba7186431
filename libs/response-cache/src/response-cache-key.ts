import { createHash } from 'node:crypto';
import type { ConversationItem } from '@latticelm/api';
import type { ProviderRequest, ResolvedModel } from '@latticelm/providers';
import { canonicalJson } from './canonical-json';

/** Bumped whenever what a key covers or what an entry holds changes: older entries then simply miss. */
const KEY_VERSION = 1;

/**
 * Request fields that cannot change the answer, left out of the key: how it is delivered (`stream`), whether the
 * gateway stores it (`store`: a hit is stored as a response of its own), labels the model never reads (`metadata`,
 * `user`, `safetyIdentifier`), vendor prompt-cache hints (`promptCacheKey`, `promptCacheRetention`), the name an
 * error would give a field (`stopSequencesParam`) and the gateway's own callback. Every other field is in the key,
 * those added later too: a field the key ought to ignore costs a miss, a field it wrongly ignored a wrong answer.
 */
export const FIELDS_OUTSIDE_KEY: ReadonlySet<string> = new Set([
  'stream',
  'store',
  'metadata',
  'user',
  'safetyIdentifier',
  'promptCacheKey',
  'promptCacheRetention',
  'stopSequencesParam',
  'onDroppedParameters',
]);

type CachedRequest = Omit<ProviderRequest, 'model'>;
type CachedModel = Pick<ResolvedModel, 'model' | 'providerModelId' | 'maxOutputTokens' | 'unsupportedParameters'> & { provider: { name: string } };

/**
 * What a cache key is made of: the model as routed (the client's name, the provider and the vendor's model id, the
 * model's output cap and parameter policy) and every field of the request the provider would be sent, its whole
 * context included (history rebuilt from `previous_response_id` and all). Item ids are left out: the gateway gives
 * input items fresh ids on every request, and an item's id never changes what the model says.
 */
export function cacheKeyMaterial(resolved: CachedModel, request: CachedRequest): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request)) if (!FIELDS_OUTSIDE_KEY.has(name)) fields[name] = value;
  fields.input = request.input.map(withoutId);
  return {
    version: KEY_VERSION,
    model: resolved.model,
    provider: resolved.provider.name,
    providerModelId: resolved.providerModelId,
    maxOutputTokens: resolved.maxOutputTokens,
    unsupportedParameters: resolved.unsupportedParameters,
    request: fields,
  };
}

/** `<prefix><SHA-256 hex>` of the partition and the canonical JSON of the key material. */
export function responseCacheKey(prefix: string, partition: string, resolved: CachedModel, request: CachedRequest): string {
  const digest = createHash('sha256').update(partition).update('\n').update(canonicalJson(cacheKeyMaterial(resolved, request))).digest('hex');
  return `${prefix}${digest}`;
}

function withoutId(item: ConversationItem): Omit<ConversationItem, 'id'> {
  const { id: _id, ...rest } = item;
  return rest;
}
