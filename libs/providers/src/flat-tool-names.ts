import { createHash } from 'node:crypto';
import type { ConversationItem } from '@latticelm/api';
import type { ProviderRequest } from './provider';
import type { ProviderEvent } from './provider-event';

const VENDOR_NAME_LIMIT = 64;
const NOT_NAME_CHARACTER = /[^a-zA-Z0-9_-]/g;

interface QualifiedName {
  name: string;
  namespace?: string;
}

/**
 * For vendors without OpenAI's `namespace` tools: each namespaced function is offered under one flat name
 * (`<namespace>__<name>`, made to fit the vendor's `^[a-zA-Z0-9_-]{1,64}$` and unique in the request), earlier
 * calls in the input are renamed the same way, and the vendor's calls get their namespace and name back — from
 * this request's own table, never by splitting the string.
 */
export class FlatToolNames {
  private readonly byFlatName = new Map<string, QualifiedName>();
  private readonly byQualifiedName = new Map<string, string>();

  private constructor(request: ProviderRequest) {
    for (const tool of request.tools) if (tool.namespace === undefined) this.byFlatName.set(tool.name, { name: tool.name });
    for (const tool of request.tools) if (tool.namespace !== undefined) this.flatName(tool.name, tool.namespace);
  }

  /** undefined when nothing in the request names a namespace: the request goes as it is. */
  static of(request: ProviderRequest): FlatToolNames | undefined {
    const namespaced = request.tools.some((tool) => tool.namespace !== undefined) || request.input.some((item) => item.type === 'function_call' && item.namespace !== undefined);
    return namespaced ? new FlatToolNames(request) : undefined;
  }

  flatName(name: string, namespace: string | undefined): string {
    if (namespace === undefined) return name;
    const qualifiedKey = `${namespace}\0${name}`;
    const known = this.byQualifiedName.get(qualifiedKey);
    if (known !== undefined) return known;
    let flat = `${namespace}__${name}`.replace(NOT_NAME_CHARACTER, '_');
    if (flat.length > VENDOR_NAME_LIMIT || this.byFlatName.has(flat)) {
      const hash = createHash('sha256').update(qualifiedKey).digest('hex').slice(0, 8);
      flat = `${flat.slice(0, VENDOR_NAME_LIMIT - hash.length - 1)}_${hash}`;
    }
    this.byFlatName.set(flat, { name, namespace });
    this.byQualifiedName.set(qualifiedKey, flat);
    return flat;
  }

  /** The request as the vendor is to see it: flat names, no namespaces. */
  apply(request: ProviderRequest): ProviderRequest {
    return {
      ...request,
      tools: request.tools.map(({ namespace, ...tool }) => ({ ...tool, name: this.flatName(tool.name, namespace) })),
      input: request.input.map((item): ConversationItem => {
        if (item.type !== 'function_call' || item.namespace === undefined) return item;
        const { namespace, ...call } = item;
        return { ...call, name: this.flatName(item.name, namespace) };
      }),
    };
  }

  /** A vendor's call of a flat name, named as the client offered it. */
  restore(event: ProviderEvent): ProviderEvent {
    if (event.type !== 'tool_call.start') return event;
    const qualified = this.byFlatName.get(event.name);
    return qualified?.namespace === undefined ? event : { ...event, name: qualified.name, namespace: qualified.namespace };
  }
}

/** Runs `generate` on the flattened request and restores names on the way back; untouched when no namespaces. */
export function withFlatToolNames(request: ProviderRequest, generate: (request: ProviderRequest) => AsyncIterable<ProviderEvent>): AsyncIterable<ProviderEvent> {
  const names = FlatToolNames.of(request);
  if (!names) return generate(request);
  return restoring(names, generate(names.apply(request)));
}

async function* restoring(names: FlatToolNames, events: AsyncIterable<ProviderEvent>): AsyncIterable<ProviderEvent> {
  for await (const event of events) yield names.restore(event);
}
