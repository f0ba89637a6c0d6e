import http from 'node:http';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspDirectives } from '../testing/csp';
import { startTestServer, type TestServer } from '../testing/server';
import { testClients } from '../testing/socket-clients';

/** The goal for the customer's pages (issue 12): at most 120 KB (1 KB = 1,000 bytes) of gzipped JavaScript. */
const SCRIPT_BUDGET_GZ = 120_000;

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they crossed the wire. */
  wire: Buffer;
  /** The body decoded by its Content-Encoding. */
  text: string;
}

describe("the customer's pages, served by Lifeline itself", () => {
  let server: TestServer;
  let clients: ReturnType<typeof testClients>;
  let slug: string;

  /** A request as a browser makes it, without fetch's transparent decoding, so the encoding itself is checked. */
  function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const request = http.request(`${server.url}${path}`, { method, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const wire = Buffer.concat(chunks);
          const encoding = response.headers['content-encoding'];
          // A 304 or a HEAD carries the encoding of the body it stands for, and no body.
          const decoded = wire.length === 0 ? wire : encoding === 'br' ? brotliDecompressSync(wire) : encoding === 'gzip' ? gunzipSync(wire) : wire;
          resolve({ status: response.statusCode ?? 0, headers: response.headers, wire, text: decoded.toString('utf8') });
        });
      });
      request.on('error', reject);
      request.end();
    });
  }

  beforeAll(async () => {
    server = await startTestServer();
    clients = testClients(server);
    await clients.setupOwner();
    const group = await clients.firstGroupId();
    // A name and a field label with markup in them: the page must show them as text, never run them.
    const created = await clients.postAs('/api/admin/channels', {
      name: 'Shop </script><script>alert(1)</script>',
      groupIds: [group],
      fields: [{ id: 'order', label: 'Order <b>number</b>', type: 'short_text', required: true }],
      allowedOrigins: ['https://shop.example.com'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    slug = (created.body.channel as { slug: string }).slug;
    // A channel takes customers while one of its technicians has the console open.
    await clients.technician();
  });
  afterAll(async () => {
    clients.closeAll();
    await server.close();
  });

  it('renders the code form on the server, in the browser\'s language, with no Next runtime and one script', async () => {
    for (const path of ['/', '/join']) {
      const page = await get(path, { 'accept-language': 'fr-BE,fr;q=0.9,en;q=0.5', 'accept-encoding': 'br, gzip' });
      expect(page.status).toBe(200);
      expect(page.headers['content-encoding']).toBe('br');
      expect(page.headers['cache-control']).toBe('private, no-store');
      expect(page.text).toMatch(/^<!DOCTYPE html><html lang="fr">/);
      expect(page.text).toContain('data-testid="code-input"');
      expect(page.text).toContain('Code d’assistance');
      const scripts = [...page.text.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
      expect(scripts).toEqual([expect.stringMatching(/^\/customer\.js\?v=[\w-]{22}$/)]);
      expect(page.text).not.toContain('/_next/');
    }
    // The customer's own choice of language wins over the browser's.
    const dutch = await get('/join', { 'accept-language': 'fr', cookie: 'lifeline.lang=nl' });
    expect(dutch.text).toMatch(/<html lang="nl">/);
    // A malformed cookie is no cookie: the browser's language, not an error.
    expect((await get('/join', { 'accept-language': 'fr', cookie: 'lifeline.lang=%E0%A4%A' })).text).toMatch(/<html lang="fr">/);
  });

  it('serves the script compressed once, within the weight budget, cached for good under its versioned address', async () => {
    const page = await get('/join');
    const path = /src="(\/customer\.js\?v=[^"]+)"/.exec(page.text)![1];
    const plain = await get(path);
    const gz = await get(path, { 'accept-encoding': 'gzip' });
    const br = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect([plain.headers['content-encoding'], gz.headers['content-encoding'], br.headers['content-encoding']]).toEqual([undefined, 'gzip', 'br']);
    expect(gz.text).toBe(plain.text);
    expect(br.text).toBe(plain.text);
    expect(br.wire.length).toBeLessThan(gz.wire.length);
    expect(gzipSync(plain.wire, { level: 9 }).length).toBeLessThanOrEqual(SCRIPT_BUDGET_GZ);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.vary).toBe('Accept-Encoding');
    // Under any other address it is revalidated, and the ETag saves sending it again: one per encoding, so a cache
    // never takes one encoding's bytes for another's; as caches send them (a list, weak).
    const bare = await get('/customer.js');
    expect(bare.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(new Set([bare.headers.etag, gz.headers.etag, br.headers.etag]).size).toBe(3);
    expect((await get('/customer.js', { 'if-none-match': bare.headers.etag! })).status).toBe(304);
    const revalidated = await get('/customer.js', { 'if-none-match': `"other", W/${br.headers.etag}`, 'accept-encoding': 'br' });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers['content-encoding']).toBe('br');
    expect((await get('/customer.js', { 'if-none-match': gz.headers.etag!, 'accept-encoding': 'br' })).status).toBe(200);
    // What React would have brought is not in it.
    expect(plain.text).not.toContain('__reactContainer');
    // HEAD answers what GET would, without the body; anything but GET and HEAD is refused with a coded error.
    const head = await get(path, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'content-encoding': 'br', etag: br.headers.etag });
    const post = await get('/join', {}, 'POST');
    expect(post.status).toBe(405);
    expect(JSON.parse(post.text)).toMatchObject({ error: { code: 'bad_request' } });
  });

  it("shows a channel's name and fields as text, and the document the script starts from cannot be broken out of", async () => {
    const page = await get(`/c/${slug}`, { 'accept-language': 'en' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Shop &#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62; · Lifeline</title>');
    expect(page.text).toContain('data-testid="widget-submit"');
    expect(page.text).toContain('Order &lt;b>number&lt;/b>');
    // One script element with a src, one JSON document, one inline theme script: nothing the channel's name added.
    expect(page.text.match(/<script/g)).toHaveLength(3);
    const json = /<script type="application\/json" id="lifeline-document"[^>]*>([\s\S]*?)<\/script>/.exec(page.text)![1];
    expect(json).not.toContain('<');
    const document = JSON.parse(json) as { locale: string; page: { kind: string; entry: { name: string; fields: { label: string }[] } } };
    expect(document).toMatchObject({ locale: 'en', page: { kind: 'channel', entry: { name: 'Shop </script><script>alert(1)</script>', fields: [{ label: 'Order <b>number</b>' }] } } });
  });

  it('answers an unknown or malformed channel address with a 404 page in the reader\'s language, and a refused frame with no script', async () => {
    for (const path of ['/c/no-such-channel-abc123', '/c/%E0%A4%A', '/c/UPPER']) {
      const missing = await get(path, { 'accept-language': 'nl' });
      expect(missing.status, path).toBe(404);
      expect(missing.text).toContain('data-testid="channel-not-found"');
      expect(missing.text).toContain('Deze hulppagina bestaat niet');
      expect(missing.text).not.toContain('<script defer');
    }
    const unknownFrame = await get(`/w/no-such-channel-abc123?host=${encodeURIComponent('https://shop.example.com')}`);
    expect(unknownFrame.status).toBe(404);
    expect(unknownFrame.text).toContain('data-testid="widget-refused"');
    const refused = await get(`/w/${slug}?host=${encodeURIComponent('https://elsewhere.example.com')}`);
    expect(refused.text).toContain('data-testid="widget-refused"');
    expect(refused.text).not.toContain('<script defer');
    // Framed by the channel's own origins only.
    expect(cspDirectives(refused.headers['content-security-policy'] as string).get('frame-ancestors')).toEqual(['https://shop.example.com']);
    expect(refused.headers['x-frame-options']).toBeUndefined();
    expect((await get('/join')).headers['x-frame-options']).toBe('DENY');
  });

  it('sends a closed channel to the address its administrator chose, encoded as a header must be', async () => {
    // Working hours with no open slot: always closed, and its choice is another page.
    const created = await clients.postAs('/api/admin/channels', {
      name: 'Closed shop',
      groupIds: [],
      hours: { enabled: true, timeZone: 'UTC', weekly: {}, closedDates: [] },
      unavailable: { mode: 'redirect', url: 'https://status.example.com/aide/état?prix=5€' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const sent = await get(`/c/${(created.body.channel as { slug: string }).slug}`);
    expect(sent.status).toBe(307);
    expect(sent.headers.location).toBe('https://status.example.com/aide/%C3%A9tat?prix=5%E2%82%AC');
  });

  it("serves the widget's loader compressed, for any site to load", async () => {
    const loader = await get('/widget.js', { 'accept-encoding': 'gzip' });
    expect(loader.status).toBe(200);
    expect(loader.headers).toMatchObject({ 'content-encoding': 'gzip', 'cross-origin-resource-policy': 'cross-origin', 'content-type': 'text/javascript; charset=utf-8' });
    expect(loader.text).toContain('data-channel');
  });
});
