import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build, type BuildOptions, transform } from 'esbuild';
import compileMessage from 'icu-minify/compile';
import type { CustomerDocument, CustomerPage } from '../web/customer/CustomerApp';
import type { CustomerPageHead, CustomerPages, CustomerScript } from '../web/server/context';
import { deepMerge, type Messages } from '../web/messages/catalogue';
import { DEFAULT_LOCALE, type Locale } from '../web/i18n/locales';
import { THEME_SCRIPT } from '../web/lib/theme-script';
import { accentCss } from '../web/lib/brand-colours';
import type { CustomerBrand } from '../web/customer/BrandHeader';
import { encodeAll } from '../web/server/encoded-response';

const webDir = path.resolve(import.meta.dirname, '..', 'web');
const customerDir = path.join(webDir, 'customer');

/**
 * The customer's pages (/, /join, /s/<token>, /c/<slug>, /w/<slug>) without Next's client runtime: a customer on
 * a phone and a slow network downloads Preact (React's API in 4 KB) instead of react-dom and the app router, and
 * a formatter for messages compiled here instead of an ICU parser. The same components as before, bundled twice
 * by esbuild from web/customer/: for the browser (browser.tsx, which hydrates) and for this process
 * (server.tsx, which renders the HTML the customer sees before any script runs). Built once per process (tests
 * start many servers in one), while Next prepares.
 */
export async function buildCustomerPages(): Promise<CustomerPages> {
  built ??= buildAll();
  const { script, render, css } = await built;
  return {
    script: () => script,
    html({ locale, timeZone, nonce, brand }: { locale: Locale; timeZone: string; nonce: string; brand: CustomerBrand }, page: CustomerPage, head: CustomerPageHead) {
      const document: CustomerDocument = { locale, timeZone, messages: compiledMessages(locale), page, brand };
      // A notice needs no script: nothing on it reacts.
      const interactive = page.kind !== 'notice';
      return [
        '<!DOCTYPE html>',
        `<html lang="${locale}"${head.htmlClass ? ` class="${escapeHtml(head.htmlClass)}"` : ''}>`,
        '<head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        `<title>${escapeHtml(head.title)}</title>`,
        head.description ? `<meta name="description" content="${escapeHtml(head.description)}">` : '',
        // Every script carries this response's nonce (its Content-Security-Policy runs nothing else), the data one
        // too though it is never executed (type application/json), so no script element on the page goes without.
        `<script nonce="${escapeHtml(nonce)}">${THEME_SCRIPT}</script>`,
        // Inline: on a slow network every extra request costs a round trip before the first paint.
        `<style>${css}</style>`,
        // The organisation's accent, with text and link colours that read on it and on the page (AA).
        brand.accent ? `<style>${accentCss(brand.accent)}</style>` : '',
        interactive ? `<script defer nonce="${escapeHtml(nonce)}" src="${script.path}"></script>` : '',
        '</head>',
        '<body>',
        // display: contents, so the page's own elements lay out as direct children of <body>, as under Next.
        `<div id="lifeline-root" style="display:contents">${render(document)}</div>`,
        interactive ? `<script type="application/json" id="lifeline-document" nonce="${escapeHtml(nonce)}">${jsonForScript(document)}</script>` : '',
        '</body>',
        '</html>',
      ].join('');
    },
  };
}

interface Built {
  script: CustomerScript;
  render: (document: CustomerDocument) => string;
  css: string;
}

let built: Promise<Built> | null = null;

/** React's API from Preact; next-intl's hooks from use-intl (what next-intl re-exports), formatting only. */
const ALIASES: Record<string, string> = {
  react: 'preact/compat',
  'react-dom': 'preact/compat',
  'react/jsx-runtime': 'preact/jsx-runtime',
  'next-intl': 'use-intl/react',
  // Messages arrive compiled (compiledMessages below), as with next-intl's own `precompile` option.
  'use-intl/format-message': createRequire(import.meta.url).resolve('use-intl/format-message/format-only'),
};

async function buildAll(): Promise<Built> {
  const common: BuildOptions = {
    bundle: true,
    write: false,
    jsx: 'automatic',
    alias: ALIASES,
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'silent',
    // The browser's build of every package (socket.io-client without `ws`), in both bundles.
    platform: 'browser',
  };
  const [browser, server, css] = await Promise.all([
    build({ ...common, entryPoints: [path.join(customerDir, 'browser.tsx')], format: 'iife', minify: true, target: ['es2019'] }),
    build({ ...common, entryPoints: [path.join(customerDir, 'server.tsx')], format: 'cjs', target: ['node20'] }),
    // The session page's own rules after the shared ones (web/customer/session.css overrides a few).
    transform(['app/globals.css', 'customer/session.css'].map((file) => readFileSync(path.join(webDir, file), 'utf8')).join('\n'), { loader: 'css', minify: true }),
  ]);
  const code = browser.outputFiles![0].text;
  const hash = createHash('sha256').update(code).digest('base64url').slice(0, 22);
  return {
    script: { code, encoded: encodeAll(code), etag: `"${hash}"`, path: `/customer.js?v=${hash}` },
    render: evaluate(server.outputFiles![0].text).renderCustomerPage,
    css: css.code,
  };
}

/** Runs the server bundle (CommonJS, self-contained: it requires nothing) and returns its exports. */
function evaluate(code: string): { renderCustomerPage: (document: CustomerDocument) => string } {
  const module = { exports: {} as Record<string, unknown> };
  const require = (id: string) => {
    throw new Error(`The customer pages' server bundle asked for ${id}: it must bundle everything it needs.`);
  };
  // Named, so a stack trace from a page's rendering says where it came from.
  new Function('module', 'exports', 'require', `${code}\n//# sourceURL=lifeline-customer-pages-server.js`)(module, module.exports, require);
  return module.exports as { renderCustomerPage: (document: CustomerDocument) => string };
}

const compiled = new Map<Locale, Messages>();

/** The customer area of the catalogue in a language (English where it lacks a word), each message compiled. */
export function compiledMessages(locale: Locale): Messages {
  let messages = compiled.get(locale);
  if (!messages) {
    const read = (l: Locale) => JSON.parse(readFileSync(path.join(webDir, 'messages', l, 'customer.json'), 'utf8')) as Messages;
    messages = compileAll(locale === DEFAULT_LOCALE ? read(locale) : deepMerge(read(DEFAULT_LOCALE), read(locale)));
    compiled.set(locale, messages);
  }
  return messages;
}

function compileAll(messages: Messages): Messages {
  return Object.fromEntries(
    Object.entries(messages).map(([key, value]) => [key, typeof value === 'string' ? compileMessage(value) : compileAll(value as Messages)]),
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside <script>: no "</script>" or "<!--" can end or change it, whatever an administrator typed. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
