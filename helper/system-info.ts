/**
 * What the technician sees of the customer's computer when their group allows it ("systemInfo" right): the
 * operating system, processor, memory, disks, uptime and the signed-in user. Nothing else is read.
 */
import { userInfo } from 'node:os';
import si from 'systeminformation';
import { type SystemInfo, systemInfoSchema } from '../protocol/helper';

const MAX_DISKS = 64;

const cut = (value: unknown, max: number): string => String(value ?? '').slice(0, max);
const amount = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

export async function collectSystemInfo(): Promise<SystemInfo> {
  const [os, cpu, mem, disks] = await Promise.all([si.osInfo(), si.cpu(), si.mem(), si.fsSize().catch(() => [])]);
  let user = '';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (a container): leave it empty.
  }
  return systemInfoSchema.parse({
    os: { platform: cut(os.platform, 40), distro: cut(os.distro, 120), release: cut(os.release, 80), arch: cut(os.arch, 20), hostname: cut(os.hostname, 255) },
    cpu: { brand: cut([cpu.manufacturer, cpu.brand].filter(Boolean).join(' '), 200), cores: Math.trunc(amount(cpu.cores)), speedGhz: amount(cpu.speed) },
    // "available" counts caches the kernel gives back on demand: what a person means by free memory.
    memory: { totalBytes: amount(mem.total), freeBytes: amount(mem.available) },
    disks: disks.slice(0, MAX_DISKS).map((disk) => ({ mount: cut(disk.mount, 500), sizeBytes: amount(disk.size), usedBytes: amount(disk.used) })),
    uptimeSeconds: amount(si.time().uptime),
    user: cut(user, 200),
  });
}

/** "Debian GNU/Linux 12 (x64)", for the hello. */
export async function describeOs(): Promise<string> {
  try {
    const os = await si.osInfo();
    return `${os.distro || os.platform} ${os.release}`.trim().concat(` (${os.arch})`).slice(0, 200);
  } catch {
    return `${process.platform} (${process.arch})`;
  }
}
