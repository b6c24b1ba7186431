// A minimal timed HTTP client over node:http with a keep-alive agent per target, so the numbers measure the
// servers and not connection set-up. Times are process.hrtime.bigint() nanoseconds from just before the request.
import { Agent, request } from 'node:http';

export function keepAliveAgent(maxSockets = 1) {
  return new Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 10_000 });
}

/**
 * POSTs a JSON body and reads the whole answer. `firstEventNs` is when the first body chunk holding an SSE
 * `data:` line arrived (streams only; `firstEventAt` the same moment on the monotonic clock), `totalNs` when the body
 * ended.
 */
export function timedPost(target, body, { stream = false, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let firstEventNs;
    let firstEventAt;
    const chunks = [];
    const req = request(
      {
        agent: target.agent,
        host: '127.0.0.1',
        port: target.port,
        path: target.path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length, ...target.headers },
      },
      (res) => {
        res.on('data', (chunk) => {
          chunks.push(chunk);
          if (stream && firstEventNs === undefined && chunk.includes('data:')) {
            firstEventAt = process.hrtime.bigint();
            firstEventNs = firstEventAt - start;
          }
        });
        res.on('end', () => {
          const totalNs = process.hrtime.bigint() - start;
          resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8'), firstEventNs, firstEventAt, totalNs });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
