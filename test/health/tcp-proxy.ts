import { once } from 'node:events';
import { Server, Socket, connect, createServer } from 'node:net';

/**
 * A TCP forwarder to a shared service (PostgreSQL, Redis) that a test can cut and restore, so the gateway sees
 * its store go away without anyone stopping the machine's service.
 *  - `reset`: live connections are destroyed and new ones are refused at once (a crashed server);
 *  - `blackhole`: every byte is dropped, on live and new connections alike (a hung server). `restore` then
 *    destroys the connections that lost bytes, as a real network partition would end them.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private mode: 'forward' | 'reset' | 'blackhole' = 'forward';

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('proxy not started');
    return address.port;
  }

  async start(): Promise<this> {
    this.server = createServer((client) => this.accept(client));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  cut(mode: 'reset' | 'blackhole' = 'reset'): void {
    this.mode = mode;
    if (mode === 'reset') this.destroyAll();
  }

  restore(): void {
    if (this.mode === 'blackhole') this.destroyAll();
    this.mode = 'forward';
  }

  async stop(): Promise<void> {
    this.cut('reset');
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private accept(client: Socket): void {
    client.on('error', () => client.destroy());
    if (this.mode === 'reset') {
      client.destroy();
      return;
    }
    this.track(client);
    const upstream = connect(this.targetPort, this.targetHost);
    this.track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('data', (chunk) => this.mode === 'forward' && upstream.write(chunk));
    upstream.on('data', (chunk) => this.mode === 'forward' && client.write(chunk));
  }

  private destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
