import type { CannedReply } from '../core/canned-replies';
import { DomainError } from '../core/errors';
import { EndReason, SessionState, type User } from '../core/model';
import type { On } from './event-binding';
import { type LifelineSocket, type SessionHub, userRoom } from './session-hub';

const cannedView = (reply: CannedReply) => ({ id: reply.id, keyword: reply.keyword, text: reply.text, shared: reply.scope === 'org' });

/** What a signed-in technician's console may ask; every session-bound event checks the session is theirs. */
export function technicianEvents(hub: SessionHub, socket: LifelineSocket, user: User) {
  const sessions = hub.deps.supportSessions;
  const queue = hub.deps.queue;
  return (on: On) => {
    on('session:create', async ({ customerName }) => {
      const { session, linkToken } = await sessions.create(user, customerName);
      return { session: await hub.summary(session), link: `${hub.deps.publicUrl()}/s/${linkToken}` };
    });

    on('session:list', async () => ({ sessions: await Promise.all((await queue.list(user)).map((s) => hub.summary(s))) }));

    on('session:assign', async ({ sessionId }) => ({ session: await hub.summary(await queue.assignToMe(user, sessionId)) }));

    on('session:transfer', async ({ sessionId, to, note }) => ({ session: await hub.summary(await queue.transfer(user, sessionId, to, note)) }));

    on('session:resolve', async ({ sessionId, note }) => ({ session: await hub.summary(await queue.resolve(user, sessionId, note)) }));

    on('transfer:targets', async () => {
      await hub.deps.organisation.require(user, 'transferSessions');
      const { people, groups } = await hub.deps.organisation.directory();
      const groupName = new Map(groups.map((g) => [g.id, g.name]));
      const online = hub.io.sockets.adapter.rooms;
      return {
        technicians: people
          .filter((p) => p.id !== user.id)
          .map((p) => ({ id: p.id, name: p.name, groupName: p.groupId ? groupName.get(p.groupId) ?? null : null, online: (online.get(userRoom(p.id))?.size ?? 0) > 0 })),
        groups: groups.map((g) => ({ id: g.id, name: g.name })),
      };
    });

    on('session:open', async ({ sessionId }) => {
      const session = await sessions.forTechnician(user, sessionId);
      // The view is read before the customer hears we are here: their offer must not overtake our answer.
      const view = await hub.viewOf(session, 'technician');
      if (session.state !== SessionState.closed) {
        await socket.join(hub.room(sessionId));
        const alreadyHere = hub.presence.is(sessionId, 'technician', socket.id);
        const replaced = hub.presence.enter(sessionId, 'technician', socket.id);
        if (replaced) hub.io.in(replaced).socketsLeave(hub.room(sessionId));
        clearTimeout(hub.graceTimers.get(sessionId));
        hub.graceTimers.delete(sessionId);
        // Only a new console is news: re-opening from the same one (switching tabs) must not make the
        // customer rebuild a connection that works.
        if (!alreadyHere) hub.tell(sessionId, 'customer', 'peer:presence', { sessionId, peer: 'technician', present: true });
        if (hub.presence.socketOf(sessionId, 'customer')) await sessions.markPickedUp(sessionId);
      }
      return { view };
    });

    on('session:end', async ({ sessionId }) => {
      await sessions.forTechnician(user, sessionId);
      return { session: await hub.summary(await hub.endSession(sessionId, 'technician', EndReason.technicianEnded)) };
    });

    on('chat:send', async ({ sessionId, text, clientId }) => {
      await sessions.forTechnician(user, sessionId);
      return { message: await hub.chat(sessionId, 'technician', user.nickname, text, clientId) };
    });

    on('session:notes', async ({ sessionId, notes }) => {
      await sessions.forTechnician(user, sessionId);
      await sessions.saveNotes(sessionId, notes);
      return { savedAt: Date.now() };
    });

    on('url:push', async ({ sessionId, url }) => {
      await sessions.forTechnician(user, sessionId);
      const event = await sessions.pushUrl(sessionId, url);
      const pushed = { id: event.id, url: String(event.data.url), at: event.at };
      hub.idle.touch(sessionId);
      hub.tell(sessionId, 'customer', 'url:pushed', { sessionId, pushed });
      return { pushed };
    });

    on('canned:list', async () => ({ replies: (await hub.deps.cannedReplies.list(user)).map(cannedView) }));
    on('canned:save', async (input) => ({ reply: cannedView(await hub.deps.cannedReplies.save(user, input)) }));
    on('canned:delete', async ({ id }) => {
      await hub.deps.cannedReplies.delete(user, id);
      return {};
    });

    on('call:propose', async ({ sessionId }) => {
      await sessions.forTechnician(user, sessionId);
      if (!hub.presence.socketOf(sessionId, 'customer')) throw DomainError.peerAbsent();
      hub.calls.set(sessionId, 'proposed');
      hub.tell(sessionId, 'customer', 'call:state', { sessionId, state: 'proposed' });
      return {};
    });

    on('call:end', async ({ sessionId }) => {
      await sessions.forTechnician(user, sessionId);
      await hub.endCall(sessionId, 'technician');
      return {};
    });

    on('file:record', async ({ sessionId, transfer }) => {
      await sessions.forTechnician(user, sessionId);
      await sessions.recordFileTransfer(sessionId, 'technician', transfer);
      hub.idle.touch(sessionId);
      return {};
    });

    on('session:keep-alive', async ({ sessionId }) => {
      const session = await sessions.forTechnician(user, sessionId);
      if (session.state === SessionState.active) hub.idle.touch(sessionId);
      return {};
    });

    on('chat:typing', async ({ sessionId, typing }) => {
      if (!hub.presence.is(sessionId, 'technician', socket.id)) throw DomainError.forbidden('Open the session first.');
      hub.tell(sessionId, 'customer', 'chat:typing', { sessionId, from: 'technician', typing });
      return {};
    });

    on('rtc:signal', async ({ sessionId, connectionId, signal }) => {
      if (!hub.presence.is(sessionId, 'technician', socket.id)) throw DomainError.forbidden('Open the session before signaling.');
      hub.relay(sessionId, 'customer', connectionId, signal);
      return {};
    });
  };
}
