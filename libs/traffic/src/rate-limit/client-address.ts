import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * Who the client is, for per-client limits: the socket's peer address, unless that peer is one of
 * `server.trusted_proxies`. Then X-Forwarded-For is walked from the right — each trusted hop vouches for the one
 * before it — and the first address that is not a trusted proxy is the client. Anything a client writes into the
 * header itself sits to the left of the address its first proxy appended, so it is never reached.
 */
export class ClientAddressResolver {
  private readonly trusted: BlockList | undefined;

  constructor(trustedProxies: readonly string[]) {
    if (trustedProxies.length === 0) return;
    this.trusted = new BlockList();
    for (const entry of trustedProxies) {
      const [address, prefix] = entry.trim().split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) this.trusted.addAddress(address, family);
      else this.trusted.addSubnet(address, Number(prefix), family);
    }
  }

  resolve(req: Pick<IncomingMessage, 'socket' | 'headers'>): string {
    const peer = normalizeAddress(req.socket.remoteAddress ?? '') ?? 'unknown';
    if (!this.isTrusted(peer)) return peer;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : header ?? '').split(',');
    let client = peer;
    for (let index = hops.length - 1; index >= 0; index--) {
      const hop = normalizeAddress(hops[index]);
      // a malformed entry was written by someone we cannot vouch for: the last trusted hop is the best we know
      if (!hop) break;
      client = hop;
      if (!this.isTrusted(hop)) break;
    }
    return client;
  }

  private isTrusted(address: string): boolean {
    if (!this.trusted) return false;
    const family = isIP(address);
    if (family === 0) return false;
    return this.trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }
}

/** "::ffff:10.0.0.1" → "10.0.0.1", "[::1]:443" or "10.0.0.1:443" → the address; undefined when not an address. */
export function normalizeAddress(value: string): string | undefined {
  let text = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(text);
  if (mapped) text = mapped[1];
  return isIP(text) === 0 ? undefined : text.toLowerCase();
}
