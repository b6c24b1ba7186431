// Preloaded (--require) into Portkey's gateway by the bench, for two things its stock Node server lacks:
// 1. Loopback only: @hono/node-server's serve() calls server.listen(port, undefined) — every interface — and
//    Portkey has no host option, so a listen() without a host gets PORTKEY_BIND_HOST (default 127.0.0.1).
// 2. Streaming on Node ≥ 20: Portkey appends its x-portkey-* headers to the upstream fetch Response, whose
//    headers are immutable ("TypeError: immutable"), so every `stream: true` request answers 500. An event-stream
//    response is handed over re-wrapped with a mutable copy of its headers (same body stream, not buffered);
//    other answers are left untouched, since Portkey builds a new Response for those itself.
'use strict';
const net = require('node:net');

const host = process.env.PORTKEY_BIND_HOST || '127.0.0.1';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  if (typeof args[0] === 'number' && (args[1] === undefined || args[1] === null || typeof args[1] === 'function')) {
    if (typeof args[1] !== 'function') args.splice(1, 1);
    args.splice(1, 0, host);
  }
  return listen.apply(this, args);
};

const upstreamFetch = globalThis.fetch;
globalThis.fetch = async function fetchWithMutableStreamHeaders(input, init) {
  const response = await upstreamFetch(input, init);
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
};
