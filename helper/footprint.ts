/**
 * Everything the helper writes to the customer's computer, so it can take it all away when the session ends:
 * the private directory its native libraries are unpacked into, the autostart entry of a reboot. Removal is
 * synchronous so it also runs from signal handlers and `process.on('exit')`.
 */
import { rmSync } from 'node:fs';

/** `key`: the helper's key to its session (helper/helper-key.ts), kept with the autostart entry across a reboot. */
export type FootprintKind = 'temp' | 'autostart' | 'key';

export class Footprint {
  private readonly entries = new Map<string, FootprintKind>();

  add(path: string, kind: FootprintKind): void {
    this.entries.set(path, kind);
  }

  list(): { path: string; kind: FootprintKind }[] {
    return [...this.entries].map(([path, kind]) => ({ path, kind }));
  }

  /** Removes one entry now (an autostart entry no longer needed). */
  remove(path: string): void {
    rmSync(path, { recursive: true, force: true });
    this.entries.delete(path);
  }

  /**
   * Removes everything written, except the kinds in `keep`: while a reboot the helper asked for is under way the
   * autostart entry must survive the SIGTERM that shutdown sends, or the helper would not come back.
   */
  removeAll(keep: readonly FootprintKind[] = []): { removed: number; failed: number } {
    let removed = 0;
    let failed = 0;
    for (const [path, kind] of this.entries) {
      if (keep.includes(kind)) continue;
      try {
        rmSync(path, { recursive: true, force: true });
        this.entries.delete(path);
        removed++;
      } catch {
        failed++;
      }
    }
    return { removed, failed };
  }
}
