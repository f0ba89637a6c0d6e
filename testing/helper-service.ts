import type { HelperMessage, HelperRights, ScreenQuality, SystemInfo } from '../protocol/helper';
import { type Clipboard, ClipboardSync } from '../helper/clipboard';
import { HelperService } from '../helper/helper-service';

/** The Lifeline Helper's `helper` channel service with fakes around it: a clipboard in memory, reboot steps recorded. */
export const info: SystemInfo = {
  os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', arch: 'x64', hostname: 'desk' },
  cpu: { brand: 'Example CPU', cores: 4, speedGhz: 2.5 },
  memory: { totalBytes: 8e9, freeBytes: 4e9 },
  disks: [{ mount: '/', sizeBytes: 1e11, usedBytes: 5e10 }],
  uptimeSeconds: 100,
  user: 'ada',
};

export class MemoryClipboard implements Clipboard {
  text: string | null = null;
  writes: string[] = [];
  async read() {
    return this.text;
  }
  async write(text: string) {
    this.writes.push(text);
    this.text = text;
  }
  close() {}
}

export function setup(rights: HelperRights, options: { rebootFails?: boolean; autostartFails?: boolean } = {}) {
  const sent: HelperMessage[] = [];
  const steps: string[] = [];
  const qualities: ScreenQuality[] = [];
  let refreshes = 0;
  const clipboard = new MemoryClipboard();
  const sync = new ClipboardSync(clipboard, (text) => sent.push({ type: 'clipboard', text }), () => undefined);
  const service = new HelperService({
    rights: () => rights,
    send: (message) => sent.push(message),
    systemInfo: async () => info,
    clipboard: sync,
    log: () => undefined,
    screenQuality: (quality) => qualities.push(quality),
    screenRefresh: () => refreshes++,
    reboot: {
      prepare: async () => {
        steps.push('prepare');
        if (options.autostartFails) throw new Error('read-only home');
      },
      run: async () => {
        steps.push('run');
        if (options.rebootFails) throw new Error('not permitted');
      },
      abort: () => steps.push('abort'),
    },
  });
  const receive = (message: unknown) => service.receive(JSON.stringify(message));
  return { service, sent, steps, clipboard, sync, receive, qualities, refreshes: () => refreshes };
}

