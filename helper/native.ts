/**
 * Native addons (@roamhq/wrtc for the peer connection, libnut for in-process input) cannot be loaded from inside
 * a single executable: the build embeds them as SEA assets, and here they are unpacked into a private directory
 * (mkdtemp, mode 0700), loaded with process.dlopen, and deleted again (a loaded library stays mapped). Outside
 * the single executable (development, tests, `node dist/helper/lifeline-helper.cjs`) they load from
 * node_modules as usual.
 *
 * helper/build.ts redirects @roamhq/wrtc's own binding loader (lib/binding.js) to `loadNative('wrtc')`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAsset, isSea } from 'node:sea';
import type { Footprint } from './footprint';

export type NativeName = 'wrtc' | 'libnut';

/** The SEA asset key of each addon for this platform (helper/build.ts embeds them under these names). */
export function nativeAssetKey(name: NativeName): string {
  return `${name}-${process.platform}-${process.arch}.node`;
}

/** Where each addon lives in node_modules on this platform. */
export function nativeModulePath(name: NativeName, platform: string = process.platform, arch: string = process.arch): string {
  if (name === 'wrtc') return `@roamhq/wrtc-${platform}-${arch}/wrtc.node`;
  const os = platform === 'win32' ? 'win32' : platform === 'darwin' ? 'darwin' : 'linux';
  return `@nut-tree-fork/libnut-${os}/build/Release/libnut.node`;
}

let footprint: Footprint | null = null;
const loaded = new Map<NativeName, unknown>();

/** Where a directory that could not be deleted at once (Windows locks a loaded DLL) is recorded for exit. */
export function useFootprint(target: Footprint): void {
  footprint = target;
}

export function loadNative(name: NativeName): unknown {
  const cached = loaded.get(name);
  if (cached !== undefined) return cached;
  let exports: unknown;
  if (isSea()) {
    const directory = mkdtempSync(join(tmpdir(), 'lifeline-helper-'));
    try {
      const file = join(directory, `${name}.node`);
      writeFileSync(file, Buffer.from(getAsset(nativeAssetKey(name))), { mode: 0o700 });
      const module = { exports: {} as unknown };
      process.dlopen(module, file);
      exports = module.exports;
    } finally {
      // The mapping outlives the file everywhere but on Windows, which keeps a loaded DLL locked until exit.
      if (process.platform === 'win32') footprint?.add(directory, 'temp');
      else rmSync(directory, { recursive: true, force: true });
    }
  } else {
    exports = createRequire(import.meta.url)(nativeModulePath(name));
  }
  loaded.set(name, exports);
  return exports;
}
