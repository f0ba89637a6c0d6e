import { createHash } from 'node:crypto';
import path from 'node:path';
import { buildSync } from 'esbuild';

export interface WidgetLoader {
  code: string;
  /** A strong validator for caching: companies' pages load the script on every visit. */
  etag: string;
}

/**
 * The loader script (widget/loader.ts) as browsers get it: one minified file, built in memory when the server
 * starts so it always matches the code it serves (about 50 ms).
 */
export function buildWidgetLoader(): WidgetLoader {
  const result = buildSync({
    entryPoints: [path.join(import.meta.dirname, 'loader.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2019'],
    write: false,
    legalComments: 'none',
  });
  const code = result.outputFiles[0].text;
  return { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"` };
}
