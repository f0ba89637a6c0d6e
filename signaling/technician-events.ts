import type { CannedReply } from '../core/canned-replies';
import { DomainError } from '../core/errors';
import { EndReason, SessionState, type User } from '../core/model';
import type { On } from './event-binding';
import { MAX_COLLABORATORS } from '../protocol';
import { type LifelineSocket, type SessionHub, userRoom } from './session-hub';

const cannedView = (reply: CannedReply) => ({ id: reply.id, keyword: reply.keyword, text: reply.text, shared: reply.scope === 'org' });

/** What a signed-in technician's console may ask; every session-bound event checks the session is theirs. */
export function technicianEvents(hub: SessionHub, socket: LifelineSocket, user: User) {
  const sessions = hub.deps.supportSessions;
  const queue = hub.deps.queue;
  return (on: On) => {
    on('session:create', async ({ customerName, values }) => {
      const { session, linkToken } = await sessions.create(user, customerName, await hub.deps.channels.privateFields(), values);
      return { session: await hub.summary(session), link: `${hub.deps.publicUrl()}/s/${linkToken}` };
    });

    on('session:list', async () => {
      // A Busy or Away technician is not offered the channels' waiting customers (their own sessions stay).
      const own = await queue.list(user, { channels: await hub.team.routable(user.id) });
      const watching = await Promise.all(hub.collaborators.sessionsOf(user.id).filter((id) => !own.some((s) => s.id === id)).map((id) => sessions.get(id)));
      return { sessions: await Promise.all([...own, ...watching.filter((s) => s !== null)].map((s) => hub.summary(s))) };
    });

    on('tech:status', async ({ status }) => ({ status: await hub.team.choose(user.id, status), team: await hub.team.team() }));

    on('tech:activity', async () => ({ status: await hub.team.input(user.id) }));

    on('session:assign', async ({ sessionId }) => ({ session: await hub.summary(await queue.assignToMe(user, sessionId)) }));

    on('session:transfer', async ({ sessionId, to, note }) => ({ session: await hub.summary(await queue.transfer(user, sessionId, to, note)) }));

    on('session:resolve', async ({ sessionId, note }) => ({ session: await hub.summary(await queue.resolve(user, sessionId, note)) }));

    on('session:custom-fields', async ({ sessionId, values }) => ({ session: await hub.summary(await queue.editCustomFields(user, sessionId, values)) }));

    /** Everyone enabled but the asker, with their group and whether a console of theirs is open. */
    const colleagues = async () => {
      const { people, groups } = await hub.deps.organisation.directory();
      const groupName = new Map(groups.map((g) => [g.id, g.name]));
      const online = hub.io.sockets.adapter.rooms;
      return {
        technicians: await Promise.all(people
          .filter((p) => p.id !== user.id)
          .map(async (p) => ({ id: p.id, name: p.name, groupName: p.groupId ? groupName.get(p.groupId) ?? null : null, online: (online.get(userRoom(p.id))?.size ?? 0) > 0, status: await hub.team.shownOf(p.id) }))),
        groups: groups.map((g) => ({ id: g.id, name: g.name })),
      };
    };

    on('transfer:targets', async () => {
      await hub.deps.organisation.require(user, 'transferSessions');
      return colleagues();
    });

    on('collab:targets', async () => {
      await hub.deps.organisation.require(user, 'inviteCollaborators');
      return { ...(await colleagues()), groups: [] };
    });

    on('collab:invite', async ({ sessionId, technicianId }) => {
      const session = await sessions.forTechnician(user, sessionId);
      if (session.state === SessionState.closed) throw DomainError.sessionClosed();
      await hub.deps.organisation.require(user, 'inviteCollaborators');
      const person = await hub.deps.organisation.person(technicianId);
      if (!person?.enabled) throw DomainError.notFound('Technician');
      // A collaborator watches the customer's screen: someone whose group may not see it cannot be one.
      if (!(await hub.deps.organisation.rightsOf(person)).screenView) throw DomainError.forbidden(`${person.name}'s group does not allow screen view.`);
      if (person.id === user.id) throw DomainError.conflict('You already work this session.');
      if (hub.collaborators.get(sessionId, person.id)) throw DomainError.conflict(`${person.name} already watches this session.`);
      if (hub.collaborators.list(sessionId).length >= MAX_COLLABORATORS) {
        throw DomainError.conflict(`At most ${MAX_COLLABORATORS + 1} technicians can watch a session at once (you and ${MAX_COLLABORATORS} collaborators): each one is another video stream from the customer's computer.`);
      }
      hub.collaborators.add(sessionId, person);
      await sessions.appendEvent(sessionId, 'technician', 'collaborator_invited', { id: person.id, name: person.name, by: user.name }, { evenIfClosed: true });
      const summary = await hub.summary(session);
      hub.io.to(userRoom(person.id)).emit('collab:invited', { session: summary, fromName: user.name });
      hub.io.to(userRoom(user.id)).emit('session:updated', summary);
      await hub.tellAssignment(session);
      return { session: summary };
    });

    on('collab:remove', async ({ sessionId, technicianId }) => {
      const leaving = technicianId === user.id && hub.collaborators.get(sessionId, user.id);
      const session = leaving ? await sessions.get(sessionId) : await sessions.forTechnician(user, sessionId);
      if (!session) throw DomainError.notFound('Session');
      const removed = hub.collaborators.remove(sessionId, technicianId);
      if (!removed) throw DomainError.notFound('Collaborator');
      if (removed.socketId) hub.io.in(removed.socketId).socketsLeave(hub.room(sessionId));
      await sessions.appendEvent(sessionId, 'technician', 'collaborator_removed', { id: removed.id, name: removed.name, by: user.name }, { evenIfClosed: true });
      const summary = await hub.summary(session);
      hub.io.to(userRoom(removed.id)).to(session.technicianId ? userRoom(session.technicianId) : []).emit('session:updated', summary);
      await hub.tellAssignment(session);
      return { session: summary };
    });

    on('session:open', async ({ sessionId, consoleId }) => {
      if (hub.collaborators.get(sessionId, user.id)) {
        // A collaborator: watches and chats; the session's technician keeps its place.
        const session = await sessions.get(sessionId);
        if (!session) throw DomainError.notFound('Session');
        const view = await hub.viewOf(session, 'technician', { collaborator: true });
        await socket.join(hub.room(sessionId));
        const { replaced, isNew } = hub.collaborators.enter(sessionId, user.id, socket.id);
        if (replaced) hub.io.in(replaced).socketsLeave(hub.room(sessionId));
        if (isNew) await hub.tellAssignment(sessionId);
        return { view };
      }
      const session = await sessions.forTechnician(user, sessionId);
      // The view is read before the customer hears we are here: their offer must not overtake our answer.
      const view = await hub.viewOf(session, 'technician');
      if (session.state !== SessionState.closed) {
        await socket.join(hub.room(sessionId));
        const alreadyHere = hub.presence.is(sessionId, 'technician', socket.id);
        const replaced = hub.presence.enter(sessionId, 'technician', socket.id, consoleId);
        if (replaced) hub.io.in(replaced).socketsLeave(hub.room(sessionId));
        clearTimeout(hub.graceTimers.get(sessionId));
        hub.graceTimers.delete(sessionId);
        // Only a new console is news: re-opening from the same one (switching tabs) must not make the
        // customer rebuild a connection that works.
        // The customer keeps a working connection to the same console (a socket back after a drop or a restart).
        if (!alreadyHere) hub.tell(sessionId, 'customer', 'peer:presence', { sessionId, peer: 'technician', present: true, consoleId: consoleId ?? null });
        if (hub.presence.socketOf(sessionId, 'customer')) await sessions.markPickedUp(sessionId);
      }
      return { view };
    });

    on('session:end', async ({ sessionId }) => {
      await sessions.forTechnician(user, sessionId);
      return { session: await hub.summary(await hub.endSession(sessionId, 'technician', EndReason.technicianEnded)) };
    });

    on('chat:send', async ({ sessionId, text, clientId }) => {
      if (!hub.collaborators.get(sessionId, user.id)) await sessions.forTechnician(user, sessionId);
      // Chat is on at the start ('chat'), or may be turned on ('chatToggle'); a group with neither has none.
      const rights = await hub.deps.organisation.rightsOf(user);
      if (!rights.chat && !rights.chatToggle) throw DomainError.forbidden('Your group does not allow chat.');
      return { message: await hub.chat(sessionId, 'technician', user.nickname, text, clientId) };
    });

    on('control:request', async ({ sessionId, mode }) => {
      const session = await sessions.forTechnician(user, sessionId);
      if (session.state !== SessionState.active) throw DomainError.conflict('Control needs an active session the customer consented to.');
      await hub.deps.organisation.require(user, 'remoteControl');
      const control = hub.control.request(sessionId, mode, await hub.deps.organisation.inputPriorityFor(user.id));
      await sessions.appendEvent(sessionId, 'technician', 'control_requested', { mode, by: user.name });
      // The whole desktop needs the helper: it comes with a pairing token for this session inside.
      const helperDownload = mode === 'desktop' ? await hub.helperDownload(sessionId) : null;
      // The customer's single consent covered control for this technician's kind of group only.
      const preApproved = (await sessions.controlPreApproved(sessionId)) && (await hub.singlePrompt(session));
      hub.tell(sessionId, 'customer', 'control:requested', { sessionId, control, technicianName: user.nickname, helperDownload, preApproved });
      return { control };
    });

    on('control:stop', async ({ sessionId }) => {
      await sessions.forTechnician(user, sessionId);
      await hub.stopControl(sessionId, 'technician');
      return {};
    });

    on('helper:signal', async ({ sessionId, connectionId, signal }) => {
      await sessions.forTechnician(user, sessionId);
      const helper = hub.helpers.get(sessionId);
      if (!helper) throw DomainError.peerAbsent();
      hub.io.to(helper.socketId).emit('helper:signal', { sessionId, connectionId, signal });
      return {};
    });

    on('chat:toggle', async ({ sessionId, enabled }) => {
      await sessions.forTechnician(user, sessionId);
      await hub.deps.organisation.require(user, 'chatToggle');
      const session = await sessions.setChatEnabled(sessionId, enabled, user.name);
      hub.io.to(hub.room(sessionId)).emit('chat:state', { sessionId, enabled: session.chatEnabled });
      return { enabled: session.chatEnabled };
    });

    on('session:notes', async ({ sessionId, notes }) => {
      await sessions.forTechnician(user, sessionId);
      await sessions.saveNotes(sessionId, notes);
      return { savedAt: Date.now() };
    });

    on('url:push', async ({ sessionId, url }) => {
      await sessions.forTechnician(user, sessionId);
      await hub.deps.organisation.require(user, 'sendUrls');
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

    on('cobrowse:request', async ({ sessionId }) => {
      await sessions.forTechnician(user, sessionId);
      // Seeing the customer's page is screen view, whether it comes as video or as its DOM.
      await hub.deps.organisation.require(user, 'screenView');
      if (!hub.presence.socketOf(sessionId, 'customer')) throw DomainError.peerAbsent();
      if (!hub.cobrowse.get(sessionId)?.available) throw DomainError.conflict('The customer is not on a page that can be co-browsed.');
      await sessions.appendEvent(sessionId, 'technician', 'cobrowse_requested', {});
      hub.tell(sessionId, 'customer', 'cobrowse:requested', { sessionId });
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
      await hub.deps.organisation.require(user, transfer.direction === 'outgoing' ? 'sendFiles' : 'receiveFiles');
      await sessions.recordFileTransfer(sessionId, 'technician', transfer);
      hub.idle.touch(sessionId);
      return {};
    });

    on('session:keep-alive', async ({ sessionId }) => {
      const session = await sessions.forTechnician(user, sessionId);
      if (session.state === SessionState.active) hub.idle.touch(sessionId);
      return {};
    });

    on('chat:history', async ({ sessionId, before }) => {
      if (!hub.collaborators.get(sessionId, user.id)) await sessions.forTechnician(user, sessionId);
      return hub.chatPage(sessionId, before);
    });

    on('chat:typing', async ({ sessionId, typing }) => {
      if (!hub.presence.is(sessionId, 'technician', socket.id)) throw DomainError.forbidden('Open the session first.');
      hub.tell(sessionId, 'customer', 'chat:typing', { sessionId, from: 'technician', typing });
      return {};
    });

    on('rtc:signal', async ({ sessionId, connectionId, signal }) => {
      if (hub.presence.is(sessionId, 'technician', socket.id)) {
        hub.relay(sessionId, 'customer', connectionId, signal);
        return {};
      }
      // A collaborator's signals reach the customer tagged with who sent them: never as the technician's.
      const collaborator = hub.collaborators.bySocket(sessionId, socket.id);
      if (!collaborator) throw DomainError.forbidden('Open the session before signaling.');
      hub.relay(sessionId, 'customer', connectionId, signal, collaborator.id);
      return {};
    });

    // Only the session's technician controls: a collaborator watching has no input connection.
    on('input:signal', async ({ sessionId, connectionId, signal }) => {
      if (!hub.presence.is(sessionId, 'technician', socket.id)) throw DomainError.forbidden('Only the session\'s technician controls it.');
      hub.relayInput(sessionId, 'customer', connectionId, signal);
      return {};
    });
  };
}
