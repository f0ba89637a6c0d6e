import { describe, expect, it } from 'vitest';
import { useServerWithOwner } from '../testing/owner-server';
import { next } from '../testing/socket-clients';

/**
 * Rights change while sessions run: the customer's page hears the technician's new rights at once (it enforces
 * them on what flows peer to peer), also when a group only moves under another one, and a collaborator whose
 * group may no longer see the screen stops watching.
 */
describe('rights that change mid-session', () => {
  const rig = useServerWithOwner();

  it('reach the customer\'s page on a change or a move, and end a collaborator\'s watching', async () => {
    const { clients } = rig;
    const groupA = ((await clients.postAs('/api/admin/groups', { name: 'Desk', parentId: null })).body.group as { id: string }).id;
    const tess = await clients.technician(await clients.addTechnician('tess@example.com', groupA));
    const adaCookie = await clients.addTechnician('ada@example.com', groupA);
    const ada = await clients.technician(adaCookie);
    const { socket: customer, sessionId } = await clients.activeSession(tess, 'Rowan Rights');
    const people = (await (await fetch(`${rig.server.url}/api/admin/organisation`, { headers: { cookie: clients.cookie() } })).json()) as { people: { id: string; email: string }[] };
    const adaId = people.people.find((p) => p.email === 'ada@example.com')!.id;
    expect((await clients.emit(tess, 'collab:invite', { sessionId, technicianId: adaId })).ok).toBe(true);

    /** The next assignment the customer's page hears that satisfies `check` (earlier ones may still be on the way). */
    const assignment = (check: (a: { rights: Record<string, boolean>; viewers: unknown[] }) => boolean) =>
      new Promise<{ rights: Record<string, boolean>; viewers: unknown[] }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no such assignment within 5 s')), 5000);
        const listener = (a: { rights: Record<string, boolean>; viewers: unknown[] }) => {
          if (!check(a)) return;
          clearTimeout(timer);
          customer.off('session:assignment', listener);
          resolve(a);
        };
        customer.on('session:assignment', listener);
      });

    // A parent group that does not allow files: moving Desk under it changes what Tess may do.
    const strict = ((await clients.postAs('/api/admin/groups', { name: 'Strict', parentId: null })).body.group as { id: string }).id;
    expect((await clients.postAs(`/api/admin/groups/${strict}/permissions`, { changes: { sendFiles: false }, scope: 'group' })).status).toBe(200);
    const moved = assignment((a) => !a.rights.sendFiles);
    expect((await clients.postAs(`/api/admin/groups/${groupA}/move`, { parentId: strict })).status).toBe(200);
    expect((await moved).rights).toEqual({ screenView: true, sendFiles: false, receiveFiles: true });

    // Screen view off for Desk: the customer hears it, and Ada stops watching.
    const changed = assignment((a) => !a.rights.screenView);
    const adaLetGo = next<{ id: string; viewers?: unknown }>(ada, 'session:updated');
    expect((await clients.postAs(`/api/admin/groups/${groupA}/permissions`, { changes: { screenView: false }, scope: 'group' })).status).toBe(200);
    expect((await changed).rights.screenView).toBe(false);
    await adaLetGo;
    await expect.poll(async () => (await clients.emit(customer, 'session:open', { sessionId })).view.viewers).toEqual([]);
    expect(await clients.emit(ada, 'rtc:signal', { sessionId, connectionId: 'collab0001', signal: { kind: 'candidate', candidate: { candidate: '' } } })).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
