/**
 * `npm run build:helper`: the Lifeline Helper as one file for this platform.
 *
 * 1. esbuild bundles helper/main.ts (and everything it imports) into dist/helper/lifeline-helper.cjs, which
 *    also runs as `node dist/helper/lifeline-helper.cjs --pairing ...` beside node_modules (tests).
 * 2. Node's single executable application (SEA, Node 20): the bundle becomes a blob, with the native addons
 *    (@roamhq/wrtc, libnut) as assets, and is injected into a copy of this node binary with postject. At start
 *    the helper unpacks the addons into a private temp directory and loads them from there (helper/native.ts).
 *
 * Run it on each target OS with that OS's node 20 binary: Linux x64 here; Windows and macOS as README.md
 * "Lifeline Helper" says (macOS: the Mach-O segment NODE_SEA and an ad hoc or Developer ID signature).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { type NativeName, nativeAssetKey, nativeModulePath } from './native';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'helper');
const bundle = join(outDir, 'lifeline-helper.cjs');
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const NATIVE: NativeName[] = ['wrtc', 'libnut'];
const requireHere = createRequire(import.meta.url);

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

async function singleExecutable(): Promise<string> {
  const platform = process.platform;
  const executable = join(outDir, `lifeline-helper-${platform}-${process.arch}${platform === 'win32' ? '.exe' : ''}`);
  const blob = join(outDir, 'sea-prep.blob');
  const config = join(outDir, 'sea-config.json');
  const assets = Object.fromEntries(NATIVE.map((name) => [nativeAssetKey(name), requireHere.resolve(nativeModulePath(name))]));
  writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false, assets }, null, 2));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });

  rmSync(executable, { force: true });
  copyFileSync(process.execPath, executable);
  chmodSync(executable, 0o755);
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
  return executable;
}

async function main(): Promise<void> {
  const started = performance.now();
  mkdirSync(outDir, { recursive: true });
  await bundleHelper();
  const bundled = performance.now();
  const executable = await singleExecutable();
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
