import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../protocol';
import { useServerWithOwner } from '../testing/owner-server';
import { next } from '../testing/socket-clients';

const HELLO = { screen: { x: 0, y: 0, width: 1024, height: 768 }, os: 'Linux', version: '1' };

/**
 * One helper at a time holds a download's token: while it is connected, a second helper with the same token (a
 * copy of the download, the token replayed) is refused and cannot take its place and the technician's input.
 * The helper that holds it comes back with its key; once it is gone, the customer may run the download again.
 */
describe('helper pairing', () => {
  const rig = useServerWithOwner();

  it('refuses a second helper while the first is connected, admits the first back with its key, and a re-run once it is gone', async () => {
    const { clients } = rig;
    const tech = await clients.technician();
    const { socket: customer, sessionId } = await clients.activeSession(tech, 'Hugo Helper');
    const requested = next<{ helperDownload: string }>(customer, 'control:requested');
    expect((await clients.emit(tech, 'control:request', { sessionId, mode: 'desktop' })).ok).toBe(true);
    const token = /\/api\/helper\/([a-z2-7]{32})$/.exec((await requested).helperDownload)![1];
    const helper = async (extra: Record<string, unknown> = {}) => {
      const socket = await clients.connect({ role: 'helper', protocolVersion: PROTOCOL_VERSION, pairingToken: token, ...extra });
      return { socket, hello: await clients.emit(socket, 'helper:hello', { sessionId, hello: HELLO }) };
    };

    const first = await helper();
    expect(first.hello).toMatchObject({ ok: true, helperKey: expect.stringMatching(/^[a-z2-7]{32}$/) });
    const key = first.hello.helperKey as string;

    // The replay, with no key or a made-up one: refused, and the first helper is still the session's.
    for (const extra of [{}, { helperKey: 'a'.repeat(32) }]) {
      const second = await helper(extra);
      expect(second.hello).toMatchObject({ ok: false, code: 'unauthorized' });
    }
    expect(first.socket.connected).toBe(true);
    expect(await clients.emit(first.socket, 'helper:signal', { sessionId, connectionId: 'helper0001', signal: { kind: 'candidate', candidate: { candidate: '' } } })).toMatchObject({ ok: true });

    // The same helper reconnects (a drop, its reboot) while its old socket lingers: its key admits it.
    const back = await helper({ helperKey: key });
    expect(back.hello).toMatchObject({ ok: true, helperKey: null });

    // Gone: the customer runs the download again, and that helper holds the token now, with a key of its own.
    back.socket.disconnect();
    first.socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const rerun = await helper();
    expect(rerun.hello).toMatchObject({ ok: true, helperKey: expect.stringMatching(/^[a-z2-7]{32}$/) });
    expect(rerun.hello.helperKey).not.toBe(key);
    // The old key does not displace it.
    expect((await helper({ helperKey: key })).hello).toMatchObject({ ok: false, code: 'unauthorized' });
  });
});
