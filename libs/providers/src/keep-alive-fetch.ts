import { Readable } from 'node:stream';
import { Agent, request } from 'undici';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` for the SDKs built on undici's `request`: the same keep-alive pool semantics, without the WHATWG
 * fetch machinery that made each upstream call cost about a millisecond of CPU (see bench/REPORT.md).
 * Ordinary answers are read whole; event streams are handed over as a web stream, chunk by chunk, unbuffered.
 */
export function createKeepAliveFetch(agent = new Agent({ keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000, connect: { noDelay: true } })): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const upstream = await request(url, {
      method: method as 'GET',
      headers: plainHeaders(init?.headers ?? (input instanceof Request ? input.headers : undefined)),
      body: requestBody(init?.body),
      signal: init?.signal ?? undefined,
      dispatcher: agent,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (Array.isArray(value)) for (const entry of value) headers.append(name, entry);
      else if (value !== undefined) headers.set(name, value);
    }
    if (NULL_BODY_STATUSES.has(upstream.statusCode) || method === 'HEAD') {
      upstream.body.resume();
      return new Response(null, { status: upstream.statusCode, headers });
    }
    const contentType = headers.get('content-type') ?? '';
    if (contentType.startsWith('text/event-stream') || contentType.startsWith('application/x-ndjson')) {
      return new Response(Readable.toWeb(upstream.body) as ReadableStream<Uint8Array>, { status: upstream.statusCode, headers });
    }
    return new Response(await upstream.body.arrayBuffer(), { status: upstream.statusCode, headers });
  };
}

function plainHeaders(headers: HeadersInit | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  if (headers instanceof Headers) {
    headers.forEach((value, name) => (result[name] = value));
  } else if (Array.isArray(headers)) {
    for (const [name, value] of headers) result[name.toLowerCase()] = value;
  } else {
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) result[name.toLowerCase()] = String(value);
  }
  return result;
}

function requestBody(body: BodyInit | null | undefined): string | Buffer | Uint8Array | Readable | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (body instanceof ReadableStream) return Readable.fromWeb(body as import('node:stream/web').ReadableStream);
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError(`unsupported request body type for the upstream fetch: ${Object.prototype.toString.call(body)}`);
}
