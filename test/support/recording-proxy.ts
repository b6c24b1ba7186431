import { once } from 'node:events';
import { IncomingMessage, Server, ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  body: any;
  status?: number;
}

/**
 * An HTTP forwarder in front of the gateway that keeps each request body as the client sent it, for clients
 * (a CLI) whose HTTP stack a test cannot hook. Responses are piped back unchanged, streams as they come.
 */
export class RecordingProxy {
  readonly requests: ProxiedRequest[] = [];
  private server: Server | undefined;

  constructor(private readonly target: string) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('proxy not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.forward(req, res));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  reset(): void {
    this.requests.length = 0;
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const recorded: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', body: parse(raw) };
    this.requests.push(recorded);
    const target = new URL(req.url ?? '/', this.target);
    const upstream = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      recorded.status = answer.statusCode;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    upstream.end(raw);
  }
}

function parse(raw: Buffer): unknown {
  try {
    return raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
  } catch {
    return raw.toString('utf8');
  }
}
