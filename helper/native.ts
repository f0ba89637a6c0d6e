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

/** The SEA asset key of each addon for a platform (helper/build.ts embeds them under these names). */
export function nativeAssetKey(name: NativeName, platform: string = process.platform, arch: string = process.arch): string {
  return `${name}-${platform}-${arch}.node`;
}

/** The asset key of a DLL an addon needs beside it (libnut's Visual C++ runtime on Windows). */
export function nativeCompanionKey(name: NativeName, file: string, platform: string = process.platform, arch: string = process.arch): string {
  return `${name}-${platform}-${arch}/${file}`;
}

/** The asset that lists each addon's companions by file name (JSON: `{ "libnut": ["msvcp140.dll", ...] }`). */
export const NATIVE_COMPANIONS_ASSET = 'native-companions.json';

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
      // Windows looks for an addon's DLLs in the addon's own directory first.
      for (const companion of companionsOf(name)) {
        writeFileSync(join(directory, companion), Buffer.from(getAsset(nativeCompanionKey(name, companion))), { mode: 0o700 });
      }
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

/** The companions the build listed for an addon (none on Linux). */
function companionsOf(name: NativeName): string[] {
  let listed: unknown;
  try {
    listed = JSON.parse(getAsset(NATIVE_COMPANIONS_ASSET, 'utf8'));
  } catch {
    return [];
  }
  const files = (listed as Partial<Record<NativeName, unknown>> | null)?.[name];
  // Only plain file names: an entry with a path would write outside the private directory.
  return Array.isArray(files) ? files.filter((file): file is string => typeof file === 'string' && /^[\w.-]+\.dll$/i.test(file)) : [];
}
