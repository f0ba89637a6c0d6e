import { DomainError } from '../core/errors';
import { NO_COBROWSE } from '../protocol';
import { EndReason, SessionState } from '../core/model';
import type { On } from './event-binding';
import type { LifelineSocket, SessionHub } from './session-hub';

const SCREEN_VIEW_REFUSED = 'The technician\'s group does not allow screen view.';

/** What a customer's page may ask: only about the one session its join token opened. */
export function customerEvents(hub: SessionHub, socket: LifelineSocket, ownSessionId: string) {
  const sessions = hub.deps.supportSessions;
  return (on: On) => {
    const own = async (sessionId: string) => {
      if (sessionId !== ownSessionId) throw DomainError.forbidden('This is not your session.');
      const session = await sessions.get(sessionId);
      if (!session || session.state === SessionState.closed) throw DomainError.sessionClosed();
      return session;
    };

    on('session:open', async ({ sessionId }) => {
      const session = await own(sessionId);
      const view = await hub.viewOf(session, 'customer');
      await socket.join(hub.room(sessionId));
      const replaced = hub.presence.enter(sessionId, 'customer', socket.id);
      // A reload opens a new socket while the old one may linger: only the newest speaks for the customer.
      if (replaced) hub.io.in(replaced).disconnectSockets(true);
      hub.tellTechnicians(sessionId, 'peer:presence', { sessionId, peer: 'customer', present: true });
      if (hub.presence.socketOf(sessionId, 'technician')) await sessions.markPickedUp(sessionId);
      return { view };
    });

    on('session:consent', async ({ sessionId }) => {
      const current = await own(sessionId);
      const session = await sessions.consent(sessionId, { control: await hub.singlePrompt(current) });
      const rtc = hub.deps.ice.forSession(sessionId);
      hub.tellTechnicians(sessionId, 'session:consented', { sessionId, rtc });
      return { view: await hub.viewOf(session, 'customer') };
    });

    on('session:end', async ({ sessionId }) => {
      await own(sessionId);
      return { session: await hub.summary(await hub.endSession(sessionId, 'customer', EndReason.customerEnded), 'customer') };
    });

    on('control:answer', async ({ sessionId, accept, epoch, problem }) => {
      await own(sessionId);
      if (!accept) {
        await hub.stopControl(sessionId, 'customer', 'declined', problem);
        return {};
      }
      const control = hub.control.grant(sessionId, epoch);
      await sessions.appendEvent(sessionId, 'customer', 'control_granted', { mode: control.mode });
      hub.io.to([hub.room(sessionId), hub.helperRoom(sessionId)]).emit('control:state', { sessionId, control, change: 'granted', by: 'customer' });
      await hub.tellHelperRights(sessionId);
      return {};
    });

    on('control:stop', async ({ sessionId }) => {
      await own(sessionId);
      await hub.stopControl(sessionId, 'customer');
      return {};
    });

    on('chat:send', async ({ sessionId, text, clientId }) => {
      const session = await own(sessionId);
      return { message: await hub.chat(sessionId, 'customer', session.customerName, text, clientId) };
    });

    on('call:answer', async ({ sessionId, accept }) => {
      await own(sessionId);
      if (hub.calls.get(sessionId) !== 'proposed') throw DomainError.conflict('No call was proposed.');
      if (accept) {
        hub.calls.set(sessionId, 'active');
        await sessions.appendEvent(sessionId, 'customer', 'call_started', {});
      } else {
        hub.calls.delete(sessionId);
      }
      hub.idle.touch(sessionId);
      hub.tell(sessionId, 'technician', 'call:state', { sessionId, state: accept ? 'active' : 'declined' });
      return {};
    });

    on('call:end', async ({ sessionId }) => {
      await own(sessionId);
      await hub.endCall(sessionId, 'customer');
      return {};
    });

    on('file:record', async ({ sessionId, transfer }) => {
      const session = await own(sessionId);
      // The customer sent it (outgoing): the technician received it, and the other way round.
      if (transfer.direction === 'outgoing') await hub.requireCustomerRight(session, 'receiveFiles', 'The technician\'s group does not allow receiving files.');
      else await hub.requireCustomerRight(session, 'sendFiles', 'The technician\'s group does not allow sending files.');
      await sessions.recordFileTransfer(sessionId, 'customer', transfer);
      hub.idle.touch(sessionId);
      return {};
    });

    on('session:keep-alive', async ({ sessionId }) => {
      const session = await own(sessionId);
      if (session.state === SessionState.active) hub.idle.touch(sessionId);
      return {};
    });

    on('chat:history', async ({ sessionId, before }) => {
      await own(sessionId);
      return hub.chatPage(sessionId, before);
    });

    on('chat:typing', async ({ sessionId, typing }) => {
      await own(sessionId);
      if (!hub.presence.is(sessionId, 'customer', socket.id)) throw DomainError.forbidden('Open the session first.');
      hub.tell(sessionId, 'technician', 'chat:typing', { sessionId, from: 'customer', typing });
      return {};
    });

    on('share:state', async ({ sessionId, sharing: isSharing }) => {
      const session = await own(sessionId);
      if (!hub.presence.is(sessionId, 'customer', socket.id)) throw DomainError.forbidden('Open the session first.');
      if (isSharing) await hub.requireCustomerRight(session, 'screenView', SCREEN_VIEW_REFUSED);
      await sessions.recordScreenShare(sessionId, isSharing);
      if (isSharing) hub.sharing.add(sessionId);
      else hub.sharing.delete(sessionId);
      hub.idle.setSharing(sessionId, isSharing);
      hub.io.to(hub.room(sessionId)).emit('share:state', { sessionId, sharing: isSharing });
      return {};
    });

    on('cobrowse:state', async ({ sessionId, cobrowse }) => {
      const session = await own(sessionId);
      if (!hub.presence.is(sessionId, 'customer', socket.id)) throw DomainError.forbidden('Open the session first.');
      // The page's DOM is the screen in another form.
      if (cobrowse.active) await hub.requireCustomerRight(session, 'screenView', SCREEN_VIEW_REFUSED);
      const before = hub.cobrowse.get(sessionId) ?? NO_COBROWSE;
      // Only a page that can be co-browsed may run it.
      const next = { available: cobrowse.available, active: cobrowse.available && cobrowse.active };
      if (next.active !== before.active) await sessions.appendEvent(sessionId, 'customer', next.active ? 'cobrowse_started' : 'cobrowse_stopped', {});
      hub.cobrowse.set(sessionId, next);
      hub.io.to(hub.room(sessionId)).emit('cobrowse:state', { sessionId, cobrowse: next });
      return {};
    });

    on('rtc:signal', async ({ sessionId, connectionId, signal, viewer }) => {
      const session = await own(sessionId);
      if (session.state !== SessionState.active) throw DomainError.forbidden('Consent comes before any connection.');
      if (!hub.presence.is(sessionId, 'customer', socket.id)) throw DomainError.forbidden('Open the session before signaling.');
      hub.relay(sessionId, 'technician', connectionId, signal, viewer);
      return {};
    });

    on('input:signal', async ({ sessionId, connectionId, signal }) => {
      await own(sessionId);
      if (!hub.presence.is(sessionId, 'customer', socket.id)) throw DomainError.forbidden('Open the session before signaling.');
      hub.relayInput(sessionId, 'technician', connectionId, signal);
      return {};
    });
  };
}
