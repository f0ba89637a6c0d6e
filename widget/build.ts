import { createHash } from 'node:crypto';
import path from 'node:path';
import { buildSync } from 'esbuild';

export interface WidgetScript {
  code: string;
  /** A strong validator for caching: companies' pages load the script on every visit. */
  etag: string;
}

let built: { loader: WidgetScript; cobrowse: WidgetScript } | null = null;

/**
 * The widget's two scripts as browsers get them, built in memory when the server starts so they always match
 * the code it serves: the loader (widget/loader.ts, on every page of the company's site) and the co-browse
 * bundle (widget/cobrowse.ts: rrweb and the executor, fetched only once a customer agreed to co-browse).
 */
export function buildWidgetScripts(): { loader: WidgetScript; cobrowse: WidgetScript } {
  // Once per process: the sources do not change while it runs (tests start many servers in one process).
  built ??= { loader: bundle('loader.ts'), cobrowse: bundle('cobrowse.ts') };
  return built;
}

function bundle(entry: string): WidgetScript {
  const result = buildSync({
    entryPoints: [path.join(import.meta.dirname, entry)],
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
