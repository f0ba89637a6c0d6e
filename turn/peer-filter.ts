import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Which peer addresses the relay may send to. An open relay is a proxy into the network it runs in (OWASP ASVS
 * 5.0 17.1.1; coturn's `denied-peer-ip`), so loopback, private, link-local and reserved ranges are refused.
 * Relay-to-relay traffic (both sides relayed through this very server) stays allowed: those peers are our own
 * relay addresses at a port one of our live allocations relays from, even when that address is private (a LAN
 * deployment). Not every port of the range: other services of this machine listen there too (a VPN on 51820).
 */
export interface PeerFilterOptions {
  relayIps: readonly string[];
  /** Whether a live allocation of this relay relays from that port now. */
  isRelayedPort: (port: number) => boolean;
  /** Tests on one machine only have loopback; never set in production. */
  allowLoopback: boolean;
}

export interface PeerFilter {
  /** A permission is per IP (RFC 8656 9): our own relay address may get one; sends to it are held to `reaches`. */
  permits(address: string): boolean;
  /** Whether the relay may send to this transport address. */
  reaches(address: string, port: number): boolean;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const refused = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  refused.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  // IPv4-mapped addresses (::ffff:a.b.c.d) need no rule: BlockList matches them against the IPv4 rules above.
  ['::', 96], // unspecified and the deprecated IPv4-compatible form (::a.b.c.d)
  ['64:ff9b::', 96], // NAT64: would reach any IPv4 address, internal ones included
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
] as const) {
  refused.addSubnet(network, prefix, 'ipv6');
}

export function createPeerFilter(options: PeerFilterOptions): PeerFilter {
  const ownRelay = new Set(options.relayIps);
  const parse = (address: string) => {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    const ip = mapped ? mapped[1] : address;
    const family: 'ipv4' | 'ipv6' | null = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : null;
    return family ? { ip, family } : null;
  };
  const public_ = (ip: string, family: 'ipv4' | 'ipv6') => (loopback.check(ip, family) ? options.allowLoopback : !refused.check(ip, family));
  return {
    permits(address) {
      const parsed = parse(address);
      if (!parsed) return false;
      return ownRelay.has(parsed.ip) || public_(parsed.ip, parsed.family);
    },
    reaches(address, port) {
      // Port 0 is no peer (and makes a UDP send throw).
      if (!Number.isInteger(port) || port < 1 || port > 65535) return false;
      const parsed = parse(address);
      if (!parsed) return false;
      if (ownRelay.has(parsed.ip) && options.isRelayedPort(port)) return true;
      return public_(parsed.ip, parsed.family);
    },
  };
}
