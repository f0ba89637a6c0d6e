import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** The reverse proxies whose word on a client's address counts (config `TRUST_PROXY`). */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly any: boolean;

  constructor(entries: readonly string[]) {
    this.any = entries.length > 0;
    for (const entry of entries) {
      const [address, bits] = entry.split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.list.addAddress(address, family);
      else this.list.addSubnet(address, Number(bits), family);
    }
  }

  has(address: string): boolean {
    const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
    const family = isIP(plain);
    return family !== 0 && this.list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  }
}

/**
 * The address a request really comes from: the socket's peer, unless that peer is one of our reverse proxies; then
 * the address it appended to X-Forwarded-For, and so on back through a chain of our own proxies. The first hop
 * that is not ours is the client: anything before it in the header is the client's own claim and is ignored, or
 * anyone could choose their address and dodge address rules and every per-address limit.
 */
export function clientAddress(request: IncomingMessage, proxies: TrustedProxies): string {
  let address = request.socket.remoteAddress ?? 'unknown';
  if (!proxies.any) return address;
  const forwarded = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  while (proxies.has(address) && hops.length > 0) {
    const next = hops.pop()!;
    if (!isIP(next.replace(/^::ffff:/, ''))) break;
    address = next;
  }
  return address;
}

/**
 * Whether the browser reached us over TLS: our own certificate, or our proxy (and only ours: anyone can send the
 * header) saying so in X-Forwarded-Proto. The nearest proxy's word counts: the last value when several appended.
 */
export function reachedOverTls(request: IncomingMessage, proxies: TrustedProxies): boolean {
  if ((request.socket as { encrypted?: boolean }).encrypted) return true;
  if (!proxies.has(request.socket.remoteAddress ?? '')) return false;
  const forwarded = request.headers['x-forwarded-proto'];
  const protocols = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded ?? '').split(',').map((s) => s.trim().toLowerCase());
  return protocols[protocols.length - 1] === 'https';
}

/**
 * Browsers send Origin on every cross-origin request and WebSocket; it must name us. With PUBLIC_URL set, that is
 * its origin and nothing else. Without it (a first run on its defaults), the origin may also be the host the
 * request was addressed to, but only when that host is an IP address or localhost: a DNS name can be rebound to
 * this server by whoever controls it (DNS rebinding), and its pages would then pass as ours. No Origin at all
 * means a same-origin GET or a non-browser client, neither of which can ride on a victim's cookies.
 */
export function originChecker(publicUrl: () => string, publicUrlConfigured: boolean) {
  return (origin: string | undefined, host: string | undefined): boolean => {
    if (!origin) return true;
    try {
      const parsed = new URL(origin);
      if (parsed.origin === new URL(publicUrl()).origin) return true;
      return !publicUrlConfigured && host !== undefined && parsed.host === host && cannotBeRebound(parsed.hostname);
    } catch {
      return false;
    }
  };
}

function cannotBeRebound(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) !== 0 || bare === 'localhost' || bare.endsWith('.localhost');
}
