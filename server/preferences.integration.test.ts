import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testClients } from '../testing/socket-clients';
import { startTestServer, type TestServer } from '../testing/server';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

describe('your own preferences and picture', () => {
  let server: TestServer;
  let clients: ReturnType<typeof testClients>;
  let kai: string;
  let lea: string;

  beforeAll(async () => {
    server = await startTestServer();
    clients = testClients(server);
    await clients.setupOwner();
    const group = await clients.firstGroupId();
    kai = await clients.addTechnician('kai@example.com', group);
    lea = await clients.addTechnician('lea@example.com', group);
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.close());

  const upload = (bytes: Buffer, cookie = kai, origin = server.url) =>
    fetch(`${server.url}/api/account/avatar`, { method: 'POST', headers: { cookie, origin, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
  const accountPage = async (cookie: string) => (await fetch(`${server.url}/account`, { headers: { cookie } })).text();

  it('saves nickname, language, theme and sound for the person, and every page they open in any browser follows them', async () => {
    const saved = await clients.postAs('/api/account/preferences', { nickname: '  Kai from IT ', language: 'fr', theme: 'dark', sound: false }, kai);
    expect(saved).toMatchObject({ status: 200, body: { preferences: { nickname: 'Kai from IT', language: 'fr', theme: 'dark', sound: false, avatarUrl: null } } });
    // A browser that never chose anything (no language cookie, English first) gets the person's choices.
    const html = await (await fetch(`${server.url}/account`, { headers: { cookie: kai, 'accept-language': 'en' } })).text();
    expect(html).toMatch(/<html lang="fr"[^>]*data-account-theme="dark"/);
    expect(html).toContain('Kai from IT');
    // Another person is not affected.
    expect(await accountPage(lea)).toMatch(/<html lang="en"/);
    // Back to "this browser decides".
    expect((await clients.postAs('/api/account/preferences', { language: null, theme: null }, kai)).body).toMatchObject({ preferences: { language: null, theme: null, sound: false } });
    expect(await accountPage(kai)).toMatch(/<html lang="en"/);
    expect(await accountPage(kai)).not.toMatch(/<html[^>]*data-account-theme/);
  });

  it('refuses a blank nickname, an unknown language or theme, and anyone not signed in', async () => {
    expect(await clients.postAs('/api/account/preferences', { nickname: '   ' }, kai)).toMatchObject({ status: 400, body: { field: 'nickname' } });
    expect(await clients.postAs('/api/account/preferences', { language: 'de' }, kai)).toMatchObject({ status: 400, body: { field: 'language' } });
    expect(await clients.postAs('/api/account/preferences', { theme: 'pink' }, kai)).toMatchObject({ status: 400, body: { field: 'theme' } });
    expect((await clients.post('/api/account/preferences', { sound: true }, { origin: server.url })).status).toBe(401);
    expect((await upload(PNG, '')).status).toBe(401);
    expect((await upload(PNG, kai, 'https://evil.example')).status).toBe(403);
  });

  it('takes a PNG, JPEG or WebP judged by its bytes, at most 256 KB, and serves it by its hash with its type and nosniff', async () => {
    for (const [bytes, type] of [[JPEG, 'image/jpeg'], [WEBP, 'image/webp'], [PNG, 'image/png']] as const) {
      const response = await upload(bytes);
      expect(response.status).toBe(201);
      const { preferences } = (await response.json()) as { preferences: { avatarUrl: string } };
      expect(preferences.avatarUrl).toMatch(/^\/api\/avatars\/[0-9a-f]{64}$/);
      // Served to anyone holding the address, signed in or not (the customer's consent page).
      const picture = await fetch(server.url + preferences.avatarUrl);
      expect(picture.status).toBe(200);
      expect(picture.headers.get('content-type')).toBe(type);
      expect(picture.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await picture.arrayBuffer()).equals(bytes)).toBe(true);
    }
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00');
    for (const bytes of [html, svg, gif, Buffer.alloc(0)]) expect(await upload(bytes).then((r) => r.status)).toBe(400);
    const tooLarge = Buffer.concat([PNG, Buffer.alloc(256 * 1024)]);
    expect((await upload(tooLarge)).status).toBe(413);
    const exactly = Buffer.concat([PNG, Buffer.alloc(256 * 1024 - PNG.length)]);
    expect((await upload(exactly)).status).toBe(201);

    // Removing it goes back to initials, and the old address stops answering.
    const before = (await clients.postAs('/api/account/preferences', {}, kai)).body.preferences as { avatarUrl: string };
    expect((await clients.postAs('/api/account/avatar/remove', {}, kai)).body).toMatchObject({ preferences: { avatarUrl: null } });
    expect((await fetch(server.url + before.avatarUrl)).status).toBe(404);
    expect((await fetch(`${server.url}/api/avatars/not-a-hash`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/avatars/${'0'.repeat(64)}`)).status).toBe(404);
  });

  it("shows the customer their technician's picture before they consent, and initials (no address) for one without", async () => {
    const { preferences } = (await (await upload(JPEG, lea)).json()) as { preferences: { avatarUrl: string } };
    const withPicture = await clients.newCustomer(await clients.technician(lea), 'Carla');
    const seen = await clients.emit(withPicture.socket, 'session:open', { sessionId: withPicture.sessionId });
    expect(seen.view).toMatchObject({ technicianAvatarUrl: preferences.avatarUrl, consented: false });
    // The address opens for the customer, who is not signed in.
    expect((await fetch(server.url + seen.view.technicianAvatarUrl)).status).toBe(200);

    await clients.postAs('/api/account/avatar/remove', {}, kai);
    const withoutPicture = await clients.newCustomer(await clients.technician(kai), 'Cleo');
    expect((await clients.emit(withoutPicture.socket, 'session:open', { sessionId: withoutPicture.sessionId })).view.technicianAvatarUrl).toBeNull();
  });
});
