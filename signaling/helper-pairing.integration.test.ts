import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../protocol';
import { useServerWithOwner } from '../testing/owner-server';
import { next } from '../testing/socket-clients';

const HELLO = { screen: { x: 0, y: 0, width: 1024, height: 768 }, os: 'Linux', version: '1' };

/**
 * A helper download's token admits one helper: the first to say hello takes it and gets a key; a copy of the
 * download run elsewhere, or the token replayed, is refused (while the first is connected and after it left) and
 * never takes the session's helper place. The helper with the key comes back; a new download replaces both.
 */
describe('helper pairing', () => {
  const rig = useServerWithOwner();

  it('refuses another helper with the same token, admits the first back with its key, and a new download replaces both', async () => {
    const { clients } = rig;
    const tech = await clients.technician();
    const { socket: customer, sessionId } = await clients.activeSession(tech, 'Hugo Helper');
    const requested = next<{ helperDownload: string }>(customer, 'control:requested');
    expect((await clients.emit(tech, 'control:request', { sessionId, mode: 'desktop' })).ok).toBe(true);
    const download = (await requested).helperDownload;
    const token = /\/api\/helper\/([a-z2-7]{32})$/.exec(download)![1];
    const asHelper = (extra: Record<string, unknown> = {}) => clients.connect({ role: 'helper', protocolVersion: PROTOCOL_VERSION, pairingToken: token, ...extra });

    const first = await asHelper();
    const hello = await clients.emit(first, 'helper:hello', { sessionId, hello: HELLO });
    expect(hello).toMatchObject({ ok: true, helperKey: expect.stringMatching(/^[a-z2-7]{32}$/) });
    const key = hello.helperKey as string;

    // The replay: refused at the door, with no key or a made-up one, and the first helper stays connected.
    await expect(asHelper()).rejects.toMatchObject({ data: { code: 'unauthorized' } });
    await expect(asHelper({ helperKey: 'a'.repeat(32) })).rejects.toMatchObject({ data: { code: 'unauthorized' } });
    expect(first.connected).toBe(true);

    // Nor once the first helper has gone: the token is taken for good.
    first.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(asHelper()).rejects.toMatchObject({ data: { code: 'unauthorized' } });

    // The same helper comes back (killed and started again, its reboot) with its key and is admitted; no new key.
    const back = await asHelper({ helperKey: key });
    expect(await clients.emit(back, 'helper:hello', { sessionId, hello: HELLO })).toMatchObject({ ok: true, helperKey: null });

    // Gone for good (its key lost): the technician asks again and the customer gets a new download; the old
    // token admits nobody any more.
    back.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await clients.emit(tech, 'control:stop', { sessionId });
    const again = next<{ helperDownload: string }>(customer, 'control:requested');
    expect((await clients.emit(tech, 'control:request', { sessionId, mode: 'desktop' })).ok).toBe(true);
    expect((await again).helperDownload).not.toBe(download);
    await expect(asHelper({ helperKey: key })).rejects.toMatchObject({ data: { code: 'invalid_code' } });
  });
});
