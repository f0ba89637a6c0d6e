import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspDirectives } from '../testing/csp';
import { useServerWithOwner } from '../testing/owner-server';
import { startTestServer, type TestServer } from '../testing/server';

/**
 * Every page this server answers carries a Content-Security-Policy whose scripts need this response's nonce, and
 * the headers that go with it (web/server/security-headers.ts). The Next pages are listed from web/app, so a page
 * added there is covered without touching this file; the customer's pages are the server's own routes.
 */
const appDir = path.resolve(import.meta.dirname, '..', 'web', 'app');

/** Every page.tsx under web/app as an address: route groups dropped, each [segment] given a made-up value. */
function nextPages(dir = appDir, prefix = ''): string[] {
  const pages: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name === 'api' && dir === appDir) continue;
      const segment = /^\(.*\)$/.test(name) ? '' : /^\[.*\]$/.test(name) ? '/made-up-0123456789abcdef' : `/${name}`;
      pages.push(...nextPages(full, prefix + segment));
    } else if (/^page\.(tsx|ts|jsx|js)$/.test(name)) {
      pages.push(prefix || '/');
    }
  }
  return pages;
}

interface Answer {
  status: number;
  headers: Headers;
  html: string;
}

async function get(base: string, address: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${base}${address}`, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** The nonce the policy's script-src names; the test fails if there is none or more than one. */
function policyNonce(answer: Answer, address: string): string {
  const scriptSrc = cspDirectives(answer.headers.get('content-security-policy')).get('script-src') ?? [];
  const nonces = scriptSrc.filter((source) => source.startsWith("'nonce-"));
  expect(nonces, `${address}: script-src ${scriptSrc.join(' ')}`).toHaveLength(1);
  return nonces[0].slice("'nonce-".length, -1);
}

/** Each <script> start tag's nonce attribute (undefined where it has none). */
function scriptNonces(html: string): (string | undefined)[] {
  return [...html.matchAll(/<script\b([^>]*)>/gi)].map(([, attributes]) => /\bnonce="([^"]*)"/.exec(attributes)?.[1]);
}

/** What every HTML page must carry; `ancestors` is the page's frame-ancestors. */
function expectPageHeaders(answer: Answer, address: string, ancestors: string[] = ["'none'"]): void {
  const csp = cspDirectives(answer.headers.get('content-security-policy'));
  expect(csp.size, `${address}: no Content-Security-Policy`).toBeGreaterThan(0);
  const scriptSrc = csp.get('script-src') ?? [];
  expect(scriptSrc, address).not.toContain("'unsafe-inline'");
  expect(scriptSrc, address).not.toContain("'unsafe-eval'");
  expect(csp.get('object-src'), address).toEqual(["'none'"]);
  expect(csp.get('base-uri'), address).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors'), address).toEqual(ancestors);
  if (ancestors[0] === "'none'") expect(answer.headers.get('x-frame-options'), address).toBe('DENY');
  expect(answer.headers.get('cross-origin-opener-policy'), address).toBe('same-origin');
  expect(answer.headers.get('x-content-type-options'), address).toBe('nosniff');
  expect(answer.headers.get('referrer-policy'), address).toBe('no-referrer');
  const nonce = policyNonce(answer, address);
  if (answer.status >= 300 && answer.status < 400) return;
  expect(answer.headers.get('content-type'), address).toMatch(/^text\/html/);
  const nonces = scriptNonces(answer.html);
  expect(nonces.length, `${address}: no script at all`).toBeGreaterThan(0);
  expect(nonces.every((one) => one === nonce), `${address}: scripts carry ${JSON.stringify(nonces)}, the policy ${nonce}`).toBe(true);
}

describe('security headers on every page', () => {
  const context = useServerWithOwner();
  let slug: string;

  beforeAll(async () => {
    const created = await context.clients.postAs('/api/admin/channels', {
      name: 'Shop',
      groupIds: [await context.clients.firstGroupId()],
      allowedOrigins: ['https://shop.example.com', 'https://www.example.com'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    slug = (created.body.channel as { slug: string }).slug;
  });

  it('finds the Next pages to check in web/app', () => {
    const pages = nextPages();
    expect(pages).toEqual(expect.arrayContaining(['/console', '/admin', '/account', '/signup/made-up-0123456789abcdef']));
  });

  it('gives every Next page, signed in or not, a policy whose fresh nonce is on each of its scripts', async () => {
    const { server, clients } = context;
    for (const address of [...nextPages(), '/no-such-page', '/admin/no-such-page']) {
      for (const cookie of ['', clients.cookie()]) {
        const who = `${address} (${cookie ? 'signed in' : 'anonymous'})`;
        const first = await get(server.url, address, cookie ? { cookie } : {});
        const second = await get(server.url, address, cookie ? { cookie } : {});
        expect([200, 307, 308, 404], `${who}: ${first.status}`).toContain(first.status);
        expectPageHeaders(first, who);
        expectPageHeaders(second, who);
        expect(policyNonce(first, who)).not.toBe(policyNonce(second, who));
      }
    }
  });

  it("gives the customer's pages the same, and the widget's frame its channel's origins as ancestors", async () => {
    const { server } = context;
    const pages: [string, string[]?][] = [
      ['/'],
      ['/join'],
      ['/s/made-up-link-token'],
      [`/c/${slug}`],
      ['/c/no-such-channel-abc123'],
      [`/w/${slug}?host=${encodeURIComponent('https://shop.example.com')}`, ['https://shop.example.com', 'https://www.example.com']],
      // Refused (a host it does not allow): still framed only by the channel's origins, and a notice with its theme script.
      [`/w/${slug}?host=${encodeURIComponent('https://elsewhere.example.com')}`, ['https://shop.example.com', 'https://www.example.com']],
      ['/w/no-such-channel-abc123?host=https%3A%2F%2Fshop.example.com'],
    ];
    for (const [address, ancestors] of pages) {
      const first = await get(server.url, address);
      const second = await get(server.url, address);
      expectPageHeaders(first, address, ancestors);
      expect(policyNonce(first, address)).not.toBe(policyNonce(second, address));
      if (ancestors) expect(first.headers.get('x-frame-options'), address).toBeNull();
    }
    // The JSON a page hydrates from is data, never run: the policy would not need to allow it.
    expect((await get(server.url, '/join')).html).toMatch(/<script type="application\/json" id="lifeline-document"/);
  });

  it('lets the product do what it does under the policy: sockets, WebAssembly, media and files from blob:, the mirror\'s images', async () => {
    const answer = await get(context.server.url, '/console');
    const csp = cspDirectives(answer.headers.get('content-security-policy'));
    const host = new URL(context.server.url).host;
    expect(csp.get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
    expect(csp.get('script-src')).toContain("'wasm-unsafe-eval'");
    expect(csp.get('media-src')).toContain('blob:');
    expect(csp.get('img-src')).toEqual(expect.arrayContaining(['data:', 'blob:', 'https:']));
  });

  it('names no WebSocket source for a Host header that could smuggle in a directive', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      // fetch will not send a made-up Host: a raw request does.
      import('node:http').then(({ default: http }) => {
        const request = http.request(`${context.server.url}/join`, { headers: { host: "evil; script-src 'unsafe-inline'" } }, (response) => {
          response.resume();
          resolve(String(response.headers['content-security-policy']));
        });
        request.on('error', reject);
        request.end();
      }, reject);
    });
    const csp = cspDirectives(answer);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('puts the same headers on the API and the scripts, and the widget loader stays loadable by any site', async () => {
    const { server, clients } = context;
    for (const address of ['/api/admin/organisation', '/api/join', '/customer.js', '/widget.js']) {
      const answer = await get(server.url, address, { cookie: clients.cookie() });
      expect(answer.headers.get('x-content-type-options'), address).toBe('nosniff');
      expect(answer.headers.get('referrer-policy'), address).toBe('no-referrer');
      expect(cspDirectives(answer.headers.get('content-security-policy')).get('frame-ancestors'), address).toEqual(["'none'"]);
    }
    expect((await get(server.url, '/widget.js')).headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('sends no HSTS over plain http, even when a client that is not our proxy claims https', async () => {
    const { server } = context;
    expect((await get(server.url, '/console')).headers.get('strict-transport-security')).toBeNull();
    expect((await get(server.url, '/console', { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).toBeNull();
  });
});

/** A fresh server (no owner yet) with this configuration, for one describe block. */
function useServer(env: Record<string, string>): { server: TestServer } {
  const holder = {} as { server: TestServer };
  beforeAll(async () => {
    holder.server = await startTestServer({ env });
  });
  afterAll(() => holder.server?.close());
  return holder;
}

describe('HSTS behind a trusted proxy', () => {
  // The proxy is on this machine (loopback), as TRUST_PROXY=true means.
  const context = useServer({ TRUST_PROXY: 'true' });

  it('is sent when our proxy says the browser came over https, not when it says http', async () => {
    const { server } = context;
    const secure = await get(server.url, '/console', { 'x-forwarded-proto': 'https' });
    expect(secure.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    // The first-run page (no owner yet) is a page like any other.
    expectPageHeaders(secure, '/console (setup)');
    expect((await get(server.url, '/join', { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect((await get(server.url, '/console', { 'x-forwarded-proto': 'http' })).headers.get('strict-transport-security')).toBeNull();
    expect((await get(server.url, '/console')).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('HSTS with an https PUBLIC_URL', () => {
  // A proxy in front terminates TLS; whatever reaches this port came over https first.
  const context = useServer({ PUBLIC_URL: 'https://support.example.com' });

  it('is sent on every page', async () => {
    const base = `http://127.0.0.1:${context.server.port}`;
    for (const address of ['/console', '/join']) {
      expect((await get(base, address)).headers.get('strict-transport-security'), address).toBe('max-age=31536000; includeSubDomains');
    }
  });
});
