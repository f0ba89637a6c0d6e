import { isIP } from 'node:net';
import * as z from 'zod';
import type { IpRules, TechnicianGroup } from '../model';

/** One range: an IPv4 or IPv6 address with an optional prefix length ("203.0.113.0/24", "2001:db8::/32"). */
export const cidrSchema = z.string().trim().refine((value) => parseCidr(value) !== null, { message: 'Not an IPv4 or IPv6 address range (e.g. 203.0.113.0/24).' });
export const ipRulesSchema = z.object({
  mode: z.enum(['allow_all_except', 'deny_all_except']),
  ranges: z.array(cidrSchema).max(200),
});

interface Cidr {
  bits: bigint;
  prefix: number;
  width: 32 | 128;
}

function ipv4ToBigint(address: string): bigint {
  return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6ToBigint(address: string): bigint {
  // An embedded IPv4 tail (::ffff:203.0.113.5) becomes two hextets.
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToBigint(v4[1]);
    text = `${text.slice(0, -v4[1].length)}${((n >> 16n) & 0xffffn).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const parts = tail === undefined ? headParts : [...headParts, ...Array(missing).fill('0'), ...tailParts];
  return parts.reduce((acc, part) => (acc << 16n) | BigInt(parseInt(part || '0', 16)), 0n);
}

/** An address as a number of its family's width; IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4. */
function addressBits(address: string): { bits: bigint; width: 32 | 128 } | null {
  const clean = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(clean);
  if (mapped) return { bits: ipv4ToBigint(mapped[1]), width: 32 };
  const family = isIP(clean);
  if (family === 4) return { bits: ipv4ToBigint(clean), width: 32 };
  if (family === 6) return { bits: ipv6ToBigint(clean), width: 128 };
  return null;
}

export function parseCidr(value: string): Cidr | null {
  const [address, prefixText, extra] = value.trim().split('/');
  if (extra !== undefined || !address) return null;
  const parsed = addressBits(address);
  if (!parsed) return null;
  const prefix = prefixText === undefined ? parsed.width : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > parsed.width) return null;
  return { ...parsed, prefix };
}

export function inRange(address: string, range: string): boolean {
  const cidr = parseCidr(range);
  const ip = addressBits(address);
  if (!cidr || !ip || cidr.width !== ip.width) return false;
  const shift = BigInt(cidr.width - cidr.prefix);
  return ip.bits >> shift === cidr.bits >> shift;
}

/** Whether the rules let `address` in: listed ranges are the exceptions to the mode. */
export function allowedBy(rules: IpRules | null, address: string): boolean {
  if (!rules) return true;
  const listed = rules.ranges.some((range) => inRange(address, range));
  return rules.mode === 'allow_all_except' ? !listed : listed;
}

/**
 * The rules that bind a group's technicians: every group's up the chain, so a subgroup (and whoever manages
 * it) can narrow what a parent allows but never loosen it.
 */
export function effectiveIpRules(chainFromRoot: readonly TechnicianGroup[]): IpRules[] {
  return chainFromRoot.flatMap((group) => (group.ipRules ? [group.ipRules] : []));
}

/** Whether an address passes every rule that binds it. */
export function allowedByAll(rules: readonly IpRules[], address: string): boolean {
  return rules.every((rule) => allowedBy(rule, address));
}
