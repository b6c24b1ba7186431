import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientAddressResolver, normalizeAddress } from './client-address';

function request(peer: string, forwardedFor?: string | string[]) {
  return { socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as never;
}

describe('ClientAddressResolver', () => {
  it('uses the socket address and ignores X-Forwarded-For when no proxy is trusted', () => {
    const resolver = new ClientAddressResolver([]);
    assert.equal(resolver.resolve(request('::ffff:203.0.113.9', '1.1.1.1')), '203.0.113.9');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    const resolver = new ClientAddressResolver(['10.0.0.0/8']);
    assert.equal(resolver.resolve(request('203.0.113.9', '1.1.1.1')), '203.0.113.9');
  });

  it('walks the chain from the right, skipping trusted hops, and never reaches a spoofed left entry', () => {
    const resolver = new ClientAddressResolver(['10.0.0.0/8', '192.168.1.7']);
    // the client wrote "6.6.6.6"; the edge proxy appended the client's real address; an inner proxy appended the edge
    assert.equal(resolver.resolve(request('10.1.2.3', '6.6.6.6, 198.51.100.4, 192.168.1.7')), '198.51.100.4');
    assert.equal(resolver.resolve(request('10.1.2.3', ['6.6.6.6', '198.51.100.4'])), '198.51.100.4');
  });

  it('falls back to the innermost trusted hop when every hop is trusted or an entry is malformed', () => {
    const resolver = new ClientAddressResolver(['10.0.0.0/8']);
    assert.equal(resolver.resolve(request('10.0.0.1', '10.0.0.9, 10.0.0.8')), '10.0.0.9');
    assert.equal(resolver.resolve(request('10.0.0.1', 'garbage, 10.0.0.8')), '10.0.0.8');
    assert.equal(resolver.resolve(request('10.0.0.1')), '10.0.0.1');
  });

  it('handles IPv6 proxies and clients', () => {
    const resolver = new ClientAddressResolver(['fd00::/8', '::1']);
    assert.equal(resolver.resolve(request('::1', '2001:db8::5, fd12::1')), '2001:db8::5');
    assert.equal(resolver.resolve(request('2001:db8::9', '1.1.1.1')), '2001:db8::9');
  });
});

describe('normalizeAddress', () => {
  it('strips ports, brackets, zones and the IPv4-mapped prefix; rejects non-addresses', () => {
    assert.equal(normalizeAddress(' 10.0.0.1:443 '), '10.0.0.1');
    assert.equal(normalizeAddress('[2001:DB8::1]:8080'), '2001:db8::1');
    assert.equal(normalizeAddress('fe80::1%eth0'), 'fe80::1');
    assert.equal(normalizeAddress('::ffff:192.0.2.1'), '192.0.2.1');
    assert.equal(normalizeAddress('unknown'), undefined);
  });
});
