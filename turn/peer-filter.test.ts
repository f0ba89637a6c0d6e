import { describe, expect, it } from 'vitest';
import { createPeerFilter, type PeerFilterOptions } from './peer-filter';

/** Live allocations relay from these ports in these tests. */
const relayed = (...ports: number[]) => (port: number) => ports.includes(port);
const base: PeerFilterOptions = { relayIps: ['10.0.0.5'], isRelayedPort: relayed(49152, 60000, 65535), allowLoopback: false };
/** Where the relay may send (the filter's `reaches`), as most cases below ask. */
const filter = (options: Partial<PeerFilterOptions> = {}) => {
  const made = createPeerFilter({ ...base, ...options });
  return (address: string, port: number) => made.reaches(address, port);
};

describe('the relay peer filter', () => {
  it.each(['127.0.0.1', '127.255.255.254', '::1', '::ffff:127.0.0.1'])('refuses loopback %s by default', (address) => {
    expect(filter()(address, 5000)).toBe(false);
  });

  it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])('allows loopback %s when allowLoopback is set', (address) => {
    expect(filter({ allowLoopback: true })(address, 5000)).toBe(true);
  });

  it('allowLoopback does not open private ranges', () => {
    expect(filter({ allowLoopback: true })('192.168.1.1', 5000)).toBe(false);
  });

  it.each([
    ['0.0.0.0', 'this network'],
    ['0.1.2.3', 'this network'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.0.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.1', 'documentation'],
    ['192.88.99.1', '6to4 relay anycast'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ])('refuses IPv4 %s (%s)', (address) => {
    expect(filter()(address, 5000)).toBe(false);
  });

  it.each([
    ['::', 'unspecified'],
    ['fc00::1', 'unique local'],
    ['fd12:3456:789a::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['ff0e::fb', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001:db8:ffff::1', 'documentation'],
    ['2001::1', 'Teredo / IETF protocol assignments'],
    ['100::1', 'discard-only'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['::ffff:0a00:0001', 'IPv4-mapped in hex form'],
  ])('refuses IPv6 %s (%s)', (address) => {
    expect(filter()(address, 5000)).toBe(false);
  });

  // Public IPv4 peers are what a relay exists for. Node's BlockList also matches IPv4 addresses against IPv6
  // rules in their ::ffff:a.b.c.d form, so a `::ffff:0:0/96` rule in the refused list would refuse all of IPv4.
  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '11.0.0.1', '2606:4700:4700::1111', '2a00:1450:4001::1'])(
    'allows public %s',
    (address) => {
      expect(filter()(address, 5000)).toBe(true);
    },
  );

  it('refuses the first and last addresses of private ranges', () => {
    const allowed = filter();
    expect(allowed('172.16.0.0', 5000)).toBe(false);
    expect(allowed('172.31.255.255', 5000)).toBe(false);
    expect(allowed('100.64.0.0', 5000)).toBe(false);
    expect(allowed('100.127.255.255', 5000)).toBe(false);
  });

  it('allows the public addresses just outside private ranges', () => {
    const allowed = filter();
    expect(allowed('172.15.255.255', 5000)).toBe(true);
    expect(allowed('172.32.0.0', 5000)).toBe(true);
    expect(allowed('100.63.255.255', 5000)).toBe(true);
    expect(allowed('100.128.0.0', 5000)).toBe(true);
  });

  it('refuses anything that is not an IP address', () => {
    expect(filter()('example.com', 5000)).toBe(false);
    expect(filter()('', 5000)).toBe(false);
    expect(filter()('999.1.1.1', 5000)).toBe(false);
  });

  it('allows our own relay address only at a port a live allocation relays from', () => {
    const allowed = filter();
    expect(allowed('10.0.0.5', 49152)).toBe(true);
    expect(allowed('10.0.0.5', 60000)).toBe(true);
    expect(allowed('10.0.0.5', 65535)).toBe(true);
    // Inside the relay's port range, but no allocation's: another service of this machine (a VPN, say).
    expect(allowed('10.0.0.5', 51820)).toBe(false);
    expect(allowed('10.0.0.5', 22)).toBe(false);
    // A neighbour of the relay in the same private network stays refused, whatever the port.
    expect(allowed('10.0.0.6', 60000)).toBe(false);
  });

  it('honours several relay addresses', () => {
    const allowed = filter({ relayIps: ['192.168.1.10', '203.0.113.10'], isRelayedPort: relayed(50005, 50010) });
    expect(allowed('192.168.1.10', 50005)).toBe(true);
    expect(allowed('203.0.113.10', 50010)).toBe(true);
    expect(allowed('192.168.1.10', 50011)).toBe(false);
  });

  it('a loopback relay address is allowed at a relayed port even without allowLoopback', () => {
    const allowed = filter({ relayIps: ['127.0.0.1'], allowLoopback: false, isRelayedPort: relayed(50000) });
    expect(allowed('127.0.0.1', 50000)).toBe(true);
    expect(allowed('127.0.0.1', 50001)).toBe(false);
    expect(allowed('127.0.0.1', 3000)).toBe(false);
  });

  it('a permission (per IP) is granted for our own relay address and public peers only', () => {
    const made = createPeerFilter({ ...base, relayIps: ['127.0.0.1'] });
    expect(made.permits('127.0.0.1')).toBe(true);
    expect(made.permits('8.8.8.8')).toBe(true);
    expect(made.permits('10.0.0.7')).toBe(false);
    expect(made.permits('::1')).toBe(false);
  });

  it('refuses a port that is no port (0, out of range), for any address', () => {
    const allowed = filter({ allowLoopback: true });
    for (const port of [0, -1, 65536, 1.5, Number.NaN]) expect(allowed('8.8.8.8', port), String(port)).toBe(false);
    expect(allowed('8.8.8.8', 1)).toBe(true);
    expect(allowed('8.8.8.8', 65535)).toBe(true);
  });

  it('classifies an IPv4-mapped IPv6 address as the IPv4 it carries', () => {
    const allowed = filter();
    expect(allowed('::ffff:10.1.2.3', 5000)).toBe(false);
    expect(allowed('::ffff:169.254.169.254', 5000)).toBe(false);
    expect(allowed('::ffff:10.0.0.5', 60000)).toBe(true);
    expect(allowed('::ffff:10.0.0.5', 22)).toBe(false);
  });

  it('allows an IPv4-mapped public address like the IPv4 it carries', () => {
    const allowed = filter();
    expect(allowed('::ffff:8.8.8.8', 5000)).toBe(true);
    expect(allowed('::FFFF:8.8.8.8', 5000)).toBe(true);
  });
});
