import { execFileSync } from 'node:child_process';

/**
 * Drops UDP on loopback to the given ports with iptables: a network cut between two browsers on this machine,
 * as a person would suffer it (nothing in the pages knows). `restore()` removes exactly the rules it added.
 */
export function cutUdpPorts(ports: number[]): { restore: () => void } {
  const rules = ports.map((port) => ['INPUT', '-i', 'lo', '-p', 'udp', '--dport', String(port), '-j', 'DROP']);
  // Both families: Chromium may pair IPv6 loopback candidates as readily as IPv4 ones.
  for (const tool of ['iptables', 'ip6tables']) for (const rule of rules) execFileSync(tool, ['-I', ...rule]);
  return {
    restore() {
      for (const tool of ['iptables', 'ip6tables']) {
        for (const rule of rules) {
          try {
            execFileSync(tool, ['-D', ...rule]);
          } catch {
            // already gone
          }
        }
      }
    },
  };
}
