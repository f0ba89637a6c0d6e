import { DomainError } from '../core/errors';
import type { On } from './event-binding';
import type { LifelineSocket, SessionHub } from './session-hub';

/**
 * What the Lifeline Helper may ask: to announce itself for the one session its pairing token names, to signal its
 * peer connection to that session's technician, and to end control when the customer presses the stop key on
 * their desktop. Everything else is refused (event-binding).
 */
export function helperEvents(hub: SessionHub, socket: LifelineSocket, ownSessionId: string) {
  const { supportSessions, ice } = hub.deps;
  return (on: On) => {
    const own = async (sessionId: string) => {
      if (sessionId !== ownSessionId) throw DomainError.forbidden('This is not your session.');
      const session = await supportSessions.get(sessionId);
      if (!session || session.state === 'closed') throw DomainError.sessionClosed();
      return session;
    };

    on('helper:hello', async ({ sessionId, hello }) => {
      const session = await own(sessionId);
      // One helper holds the download's token: another one (a copy, the token replayed) is refused here, before
      // it could replace it and receive the technician's input.
      const data = socket.data as Extract<typeof socket.data, { role: 'helper' }>;
      const helperKey = hub.deps.helperPairing.claim(sessionId, data.pairingToken, data.helperKey);
      // One helper per session: a restarted helper (after a reboot) replaces the one that went away.
      const previous = hub.helpers.get(sessionId);
      if (previous && previous.socketId !== socket.id) hub.io.in(previous.socketId).disconnectSockets(true);
      hub.helpers.set(sessionId, { socketId: socket.id, hello });
      await socket.join(hub.helperRoom(sessionId));
      hub.tellTechnicians(sessionId, 'helper:state', { sessionId, helper: hello });
      const { rights, technicianName } = await hub.helperRightsOf(session);
      return {
        rights,
        technicianName,
        rtc: ice.forSession(sessionId),
        control: hub.control.get(sessionId),
        helperKey,
      };
    });

    on('helper:signal', async ({ sessionId, connectionId, signal }) => {
      await own(sessionId);
      if (hub.helpers.get(sessionId)?.socketId !== socket.id) throw DomainError.conflict('Say hello first.');
      hub.tell(sessionId, 'technician', 'helper:signal', { sessionId, connectionId, signal });
      return {};
    });

    // The helper acts for the customer here: it may end control (never grant it), as their Stop button does.
    on('helper:stop-control', async ({ sessionId, epoch }) => {
      await own(sessionId);
      if (hub.helpers.get(sessionId)?.socketId !== socket.id) throw DomainError.conflict('Say hello first.');
      const control = hub.control.get(sessionId);
      if (control?.state === 'granted' && control.epoch === epoch) await hub.stopControl(sessionId, 'customer');
      return {};
    });
  };
}
