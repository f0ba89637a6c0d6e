import { describe, expect, it } from 'vitest';
import { cspDirectives } from '../testing/csp';
import { useServerWithOwner } from '../testing/owner-server';

/** Real image headers: the server reads the type from these bytes, whatever the file was called. */
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'), Buffer.alloc(64, 1)]);
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600', 'hex'), Buffer.alloc(64, 2)]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');

describe('Settings -> Branding', () => {
  const ctx = useServerWithOwner();
  const page = async (path = '/') => (await fetch(ctx.server.url + path)).text();
  const uploadLogo = (bytes: Buffer, as?: string) => ctx.clients.postAs('/api/admin/settings/branding/logo', { logo: bytes.toString('base64') }, as);

  it('refuses anyone but a master administrator, and strangers without saying more', async () => {
    const group = await ctx.clients.firstGroupId();
    const technician = await ctx.clients.addTechnician('tess@example.com', group);
    const admin = await ctx.clients.addTechnician('ada@example.com', group, undefined, 'admin');
    const body = { name: 'Hijacked', accent: '#ff0000', contact: '' };
    for (const as of [technician, admin]) {
      expect((await ctx.clients.postAs('/api/admin/settings/branding', body, as)).status).toBe(403);
      expect((await uploadLogo(PNG, as)).status).toBe(403);
    }
    const anonymous = await ctx.clients.post('/api/admin/settings/branding', body, { origin: ctx.server.url });
    expect(anonymous.status).toBe(401);
    expect(await page()).not.toContain('Hijacked');
  });

  it('checks the name, the colour and the contact line, naming the field', async () => {
    const refused = async (body: unknown) => (await ctx.clients.postAs('/api/admin/settings/branding', body)).body;
    expect(await refused({ name: '  ', accent: null, contact: '' })).toMatchObject({ ok: false, code: 'bad_request', field: 'name' });
    expect(await refused({ name: 'Acme', accent: 'red', contact: '' })).toMatchObject({ field: 'accent' });
    expect(await refused({ name: 'Acme', accent: '#12345', contact: '' })).toMatchObject({ field: 'accent' });
    expect(await refused({ name: 'Acme', accent: '#123456;}body{', contact: '' })).toMatchObject({ field: 'accent' });
    expect(await refused({ name: 'Acme', accent: null, contact: 'line one\nline two' })).toMatchObject({ field: 'contact' });
    expect(await refused({ name: 'Acme', accent: null, contact: 'x'.repeat(201) })).toMatchObject({ field: 'contact' });
    expect(await refused({ name: 'x'.repeat(81), accent: null, contact: '' })).toMatchObject({ field: 'name' });
  });

  it("puts the name, colour and contact line on the customer's code page from the first byte, under the same CSP", async () => {
    const saved = await ctx.clients.postAs('/api/admin/settings/branding', { name: 'Globex <Support>', accent: '#FFD700', contact: 'Call 0800 123 456' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const response = await fetch(`${ctx.server.url}/`);
    const html = await response.text();
    expect(html).toContain('data-testid="brand-name">Globex &lt;Support></span>');
    expect(html).toContain('Call 0800 123 456');
    // A light gold: dark text on its buttons, and links darkened until they read on white (AA), lightened on dark.
    const style = /<style>(:root,[^<]*)<\/style>/.exec(html)?.[1] ?? '';
    expect(style).toContain('--accent:#ffd700;--accent-text:#06121f');
    expect(style).toMatch(/:root a\{color:#[0-9a-f]{6}\}/);
    expect(style).not.toContain(':root a{color:#ffd700}');
    const csp = cspDirectives(response.headers.get('content-security-policy')!);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('script-src')).toContain("'strict-dynamic'");
    expect(csp.get('img-src')).toContain("'self'");
    // Without a logo, the name's first letter stands in for it.
    expect(html).not.toContain('data-testid="brand-logo"');
  });

  it('takes a PNG or JPEG by its bytes, serves it under its hash for good with its type and nosniff, and forgets a replaced one', async () => {
    const png = await uploadLogo(PNG);
    expect(png.status, JSON.stringify(png.body)).toBe(200);
    const pngLogo = (png.body.branding as { logo: { hash: string; type: string } }).logo;
    expect(pngLogo.type).toBe('image/png');
    const served = await fetch(`${ctx.server.url}/brand/logo/${pngLogo.hash}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    expect(await page()).toContain(`src="/brand/logo/${pngLogo.hash}" alt data-testid="brand-logo"`);

    const jpeg = await uploadLogo(JPEG);
    const jpegLogo = (jpeg.body.branding as { logo: { hash: string; type: string } }).logo;
    expect(jpegLogo.type).toBe('image/jpeg');
    expect(jpegLogo.hash).not.toBe(pngLogo.hash);
    expect((await fetch(`${ctx.server.url}/brand/logo/${jpegLogo.hash}`)).headers.get('content-type')).toBe('image/jpeg');
    // The old address must not answer with the new picture: a cache would keep that for a year.
    expect((await fetch(`${ctx.server.url}/brand/logo/${pngLogo.hash}`)).status).toBe(404);
    expect((await fetch(`${ctx.server.url}/brand/logo/..%2F..%2Fetc`)).status).toBe(404);
  });

  it('refuses SVG, other types and anything over 256 KB, keeping the logo it had', async () => {
    const logoOf = (html: string) => /src="(\/brand\/logo\/[^"]+)"/.exec(html)?.[1];
    const before = logoOf(await page());
    expect(before).toBeDefined();
    for (const bytes of [SVG, GIF, Buffer.from('just text, named logo.png')]) {
      const refused = await uploadLogo(bytes);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ field: 'logo', reasons: [{ key: 'logoType' }] });
    }
    const large = await uploadLogo(Buffer.concat([PNG, Buffer.alloc(256 * 1024)]));
    expect(large.status).toBe(413);
    expect(large.body).toMatchObject({ code: 'too_large', reasons: [{ key: 'logoTooLarge', values: { maximum: 256 } }] });
    // A body far beyond any logo is cut off as it arrives.
    const huge = await ctx.clients.postAs('/api/admin/settings/branding/logo', { logo: 'A'.repeat(600_000) });
    expect(huge.status).toBe(413);
    expect(logoOf(await page())).toBe(before);
  });

  it('removes the logo; the settings page shows the form with its preview', async () => {
    const removed = await fetch(`${ctx.server.url}/api/admin/settings/branding/logo`, {
      method: 'DELETE',
      headers: { cookie: ctx.clients.cookie(), origin: ctx.server.url, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(removed.status).toBe(200);
    expect(await page()).not.toContain('data-testid="brand-logo"');
    const settings = await (await fetch(`${ctx.server.url}/admin/settings`, { headers: { cookie: ctx.clients.cookie() } })).text();
    expect(settings).toContain('data-testid="branding-preview"');
    expect(settings).toContain('value="Globex &lt;Support&gt;"');
  });
});
