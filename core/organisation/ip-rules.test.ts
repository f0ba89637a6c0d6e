import { describe, expect, it } from 'vitest';
import { newGroup } from './organisation-tree';
import { allowedBy, allowedByAll, effectiveIpRules, inRange, parseCidr } from './ip-rules';

describe('address ranges', () => {
  it('matches IPv4 and IPv6 ranges, bare addresses, and IPv4-mapped IPv6', () => {
    expect(inRange('10.20.3.4', '10.20.0.0/16')).toBe(true);
    expect(inRange('10.21.3.4', '10.20.0.0/16')).toBe(false);
    expect(inRange('203.0.113.7', '203.0.113.7')).toBe(true);
    expect(inRange('::ffff:10.20.3.4', '10.20.0.0/16')).toBe(true);
    expect(inRange('2001:db8:1:ff::7', '2001:db8:1::/48')).toBe(true);
    expect(inRange('2001:db8:2::7', '2001:db8:1::/48')).toBe(false);
    expect(inRange('[2001:db8::1]', '2001:db8::/32')).toBe(true);
    expect(inRange('10.0.0.1', '::/0')).toBe(false);
    expect(inRange('1.2.3.4', '0.0.0.0/0')).toBe(true);
  });

  it('refuses what is not a range', () => {
    for (const bad of ['10.0.0.0/33', '2001:db8::/129', 'example.com', '10.0.0/8', '10.0.0.0/8/1', '', '10.0.0.0/-1']) expect(parseCidr(bad)).toBeNull();
  });

  it('"deny all except" lets in only the listed ranges; "allow all except" keeps them out; no rules let everyone in', () => {
    expect(allowedBy({ mode: 'deny_all_except', ranges: ['10.0.0.0/8'] }, '10.1.1.1')).toBe(true);
    expect(allowedBy({ mode: 'deny_all_except', ranges: ['10.0.0.0/8'] }, '11.1.1.1')).toBe(false);
    expect(allowedBy({ mode: 'deny_all_except', ranges: [] }, '10.1.1.1')).toBe(false);
    expect(allowedBy({ mode: 'allow_all_except', ranges: ['10.0.0.0/8'] }, '10.1.1.1')).toBe(false);
    expect(allowedBy({ mode: 'allow_all_except', ranges: ['10.0.0.0/8'] }, 'unknown')).toBe(true);
    expect(allowedBy(null, '10.1.1.1')).toBe(true);
  });

  it('binds every group up the chain: a subgroup narrows its parent, never loosens it', () => {
    const parent = { ...newGroup('Office', null, 0), ipRules: { mode: 'deny_all_except' as const, ranges: ['10.0.0.0/8'] } };
    const child = { ...newGroup('Loose', parent.id, 0), ipRules: { mode: 'allow_all_except' as const, ranges: [] } };
    const rules = effectiveIpRules([parent, child]);
    expect(allowedByAll(rules, '203.0.113.5')).toBe(false);
    expect(allowedByAll(rules, '10.1.2.3')).toBe(true);
    const narrower = { ...child, ipRules: { mode: 'allow_all_except' as const, ranges: ['10.1.0.0/16'] } };
    expect(allowedByAll(effectiveIpRules([parent, narrower]), '10.1.2.3')).toBe(false);
    expect(allowedByAll(effectiveIpRules([newGroup('Open', null, 0)]), '203.0.113.5')).toBe(true);
  });
});
