import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, TrustedProxies } from './client-address';
import { LOOPBACK_PROXIES } from './config';

function from(peer: string, forwardedFor?: string): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage;
}

describe('the address a request comes from', () => {
  it('is the socket\'s peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress(from('203.0.113.7', '198.51.100.1'), new TrustedProxies([]))).toBe('203.0.113.7');
  });

  it('believes X-Forwarded-For only from a listed proxy: a client that reaches the port directly cannot choose its address', () => {
    const proxies = new TrustedProxies(['10.0.0.5']);
    expect(clientAddress(from('10.0.0.5', '198.51.100.1'), proxies)).toBe('198.51.100.1');
    expect(clientAddress(from('203.0.113.7', '198.51.100.1'), proxies)).toBe('203.0.113.7');
  });

  it('walks back through a chain of our own proxies to the first hop that is not ours, ignoring what came before it', () => {
    const proxies = new TrustedProxies(['10.0.0.0/8', '2001:db8::/32']);
    // The client claimed 1.2.3.4; the CDN edge (not ours) appended the client's real address; our two proxies follow.
    expect(clientAddress(from('10.0.0.5', '1.2.3.4, 198.51.100.1, 10.1.1.1'), proxies)).toBe('198.51.100.1');
    expect(clientAddress(from('2001:db8::1', '198.51.100.2'), proxies)).toBe('198.51.100.2');
    // A proxy with nothing to say: itself.
    expect(clientAddress(from('10.0.0.5'), proxies)).toBe('10.0.0.5');
    // Garbage in the header stops the walk at the last address we can vouch for.
    expect(clientAddress(from('10.0.0.5', 'not-an-address'), proxies)).toBe('10.0.0.5');
  });

  it('TRUST_PROXY=true trusts a proxy on this machine only (IPv4, IPv6 and IPv4-mapped loopback)', () => {
    const proxies = new TrustedProxies(LOOPBACK_PROXIES);
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(clientAddress(from(peer, '198.51.100.1'), proxies)).toBe('198.51.100.1');
    expect(clientAddress(from('192.0.2.10', '198.51.100.1'), proxies)).toBe('192.0.2.10');
  });
});
