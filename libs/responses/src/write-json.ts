import type { ServerResponse } from 'node:http';

/** A 200 JSON answer written directly: express's send() re-derives type, charset and freshness on every call, which showed in profiles. */
export function writeJson(res: ServerResponse, body: unknown, headers: Record<string, string>): void {
  const json = JSON.stringify(body);
  res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}
