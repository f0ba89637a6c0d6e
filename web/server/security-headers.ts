import { randomBytes } from 'node:crypto';

/**
 * The headers every response of this server carries (server/start.ts sets them before Next or the customer routes
 * answer), and the Content-Security-Policy that goes with them. One place, so Next's pages, the customer's pages,
 * the widget's frame and the API cannot drift apart.
 */

/** The request header that hands this request's nonce to whoever renders the page (Next's root layout, the customer pages). */
export const NONCE_HEADER = 'x-lifeline-nonce';

/** A fresh nonce per response: 128 bits, as CSP asks (w3c.github.io/webappsec-csp/#security-nonces). */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface PolicyOptions {
  nonce: string;
  /** Who may frame the page: nobody, or (the widget's frame) the channel's allowed origins. */
  frameAncestors: 'none' | readonly string[];
  /** The Host the browser asked for, for the WebSocket sources (Socket.IO); ignored unless it looks like a host. */
  host: string | undefined;
  /** Next in development mode evaluates code for hot reload (React Refresh): only then 'unsafe-eval'. */
  dev: boolean;
}

const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function contentSecurityPolicy({ nonce, frameAncestors, host, dev }: PolicyOptions): string {
  // 'self' alone covers same-origin WebSockets in CSP level 3 browsers; older Safari needs them named.
  const sockets = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  const directives = [
    "default-src 'self'",
    // Only scripts carrying this response's nonce run, and what they load ('strict-dynamic': Next's and Turbopack's
    // chunk loader add <script> elements). 'self' only serves browsers that do not know 'strict-dynamic' (those that
    // do ignore it). 'wasm-unsafe-eval': hash-wasm compiles WebAssembly to hash files (MD5, SHA-256) as they stream.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ''}`,
    // React renders style attributes (style={{...}}) into the HTML, and the co-browse mirror (rrweb, client/dom-mirror.ts)
    // rebuilds the customer's page with its inline styles and stylesheets from the company's site: no nonce can
    // cover those. A style cannot run code, so this is the price of both.
    "style-src 'self' 'unsafe-inline' https:",
    // data: and blob: for screenshots, recordings and files before download; https: for the company's images and
    // fonts in the co-browse mirror.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data: https:",
    "media-src 'self' blob:",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors === 'none' || frameAncestors.length === 0 ? "'none'" : frameAncestors.join(' ')}`,
  ];
  return directives.join('; ');
}

export interface HeaderOptions extends PolicyOptions {
  /** The browser reached us over TLS (directly, or through a trusted proxy that says so). */
  tls: boolean;
}

/** Every security header of one response, by name. */
export function securityHeaders(options: HeaderOptions): Record<string, string> {
  const framed = options.frameAncestors !== 'none' && options.frameAncestors.length > 0;
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    // Older browsers without frame-ancestors; the widget's frame goes without (ALLOW-FROM is gone from browsers).
    ...(framed ? {} : { 'X-Frame-Options': 'DENY' }),
    // No page of ours opens a window that needs to reach back (links to other sites open with noopener), and the
    // widget's frame is in a frame, which COOP does not touch: another site's window cannot script ours.
    'Cross-Origin-Opener-Policy': 'same-origin',
    // Links carry their token in the path: never leak it to another site through Referer.
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Permissions-Policy': 'display-capture=(self), camera=(self), microphone=(self), geolocation=()',
    // Only over TLS: over plain http a browser ignores it, and a loopback or LAN install must stay reachable.
    ...(options.tls ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** The nonce the server put on this request (see server/start.ts); refuses to render a page without one. */
export function requestNonce(headers: { get(name: string): string | null }): string {
  const nonce = headers.get(NONCE_HEADER);
  if (!nonce) throw new Error(`No ${NONCE_HEADER} on the request: pages are rendered only behind server/start.ts`);
  return nonce;
}
