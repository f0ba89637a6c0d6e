import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, originChecker, reachedOverTls, TrustedProxies } from './client-address';
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

describe('the Origin a request may come from', () => {
  it('is PUBLIC_URL\'s origin, and nothing else, once it is set', () => {
    const allowed = originChecker(() => 'https://support.example.com', true);
    expect(allowed('https://support.example.com', 'support.example.com')).toBe(true);
    expect(allowed(undefined, 'support.example.com')).toBe(true);
    // A rebound name: the attacker's page, addressed to the attacker's name that now resolves to us.
    expect(allowed('http://rebind.example:3000', 'rebind.example:3000')).toBe(false);
    expect(allowed('http://10.0.0.2:3000', '10.0.0.2:3000')).toBe(false);
  });

  it('without PUBLIC_URL, may be the host addressed, when no DNS can rebind it: an IP address or localhost', () => {
    const allowed = originChecker(() => 'http://localhost:3000', false);
    expect(allowed('http://192.168.1.20:3000', '192.168.1.20:3000')).toBe(true);
    expect(allowed('http://[::1]:3000', '[::1]:3000')).toBe(true);
    expect(allowed('http://localhost:4000', 'localhost:4000')).toBe(true);
    expect(allowed('http://rebind.example:3000', 'rebind.example:3000')).toBe(false);
    expect(allowed('http://evil.example', '192.168.1.20:3000')).toBe(false);
    expect(allowed('not a url', 'localhost:3000')).toBe(false);
  });
});

describe('whether a request came over TLS', () => {
  const forwarded = (peer: string, proto?: string, encrypted = false) =>
    ({ socket: { remoteAddress: peer, encrypted }, headers: proto === undefined ? {} : { 'x-forwarded-proto': proto } }) as unknown as IncomingMessage;

  it('is true on our own TLS socket, whatever the headers say', () => {
    expect(reachedOverTls(forwarded('203.0.113.7', 'http', true), new TrustedProxies([]))).toBe(true);
  });

  it('believes X-Forwarded-Proto only from a listed proxy, and then its nearest value', () => {
    const proxies = new TrustedProxies(['10.0.0.5']);
    expect(reachedOverTls(forwarded('10.0.0.5', 'https'), proxies)).toBe(true);
    expect(reachedOverTls(forwarded('10.0.0.5', 'HTTPS'), proxies)).toBe(true);
    expect(reachedOverTls(forwarded('203.0.113.7', 'https'), proxies)).toBe(false);
    expect(reachedOverTls(forwarded('10.0.0.5', 'https, http'), proxies)).toBe(false);
    expect(reachedOverTls(forwarded('10.0.0.5'), proxies)).toBe(false);
    expect(reachedOverTls(forwarded('127.0.0.1'), new TrustedProxies([]))).toBe(false);
  });
});
