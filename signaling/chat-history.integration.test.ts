import { describe, expect, it } from 'vitest';
import { CHAT_MESSAGES_PER_MINUTE, CHAT_VIEW_LIMIT } from '../core/support/support-sessions';
import { useServerWithOwner } from '../testing/owner-server';
import { ManualClock } from '../testing/server';

/**
 * A long conversation: a session opens with its latest CHAT_VIEW_LIMIT messages and says there are earlier ones;
 * each side asks for the page before, down to the first message, and nothing more.
 */
describe('chat history, a page at a time', () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 7, 9));
  const rig = useServerWithOwner({ clock });

  it('opens with the latest messages and pages back to the first, for the customer and the technician', async () => {
    const { clients } = rig;
    const tech = await clients.technician();
    const { socket: customer, sessionId } = await clients.activeSession(tech, 'Lola Long');
    const total = CHAT_VIEW_LIMIT + 60;
    for (let i = 0; i < total; i++) {
      // A person's pace: the server takes CHAT_MESSAGES_PER_MINUTE a minute from each side.
      if (i % (2 * CHAT_MESSAGES_PER_MINUTE) === 0) clock.advance(60_000);
      const from = i % 2 === 0 ? customer : tech;
      const sent = await clients.emit(from, "chat:send", { sessionId, text: `message ${i}`, clientId: `message-${i}` });
      expect(sent.ok, `message ${i}: ${JSON.stringify(sent)}`).toBe(true);
    }
    for (const socket of [customer, tech]) {
      const { view } = await clients.emit(socket, 'session:open', { sessionId });
      expect(view.messages).toHaveLength(CHAT_VIEW_LIMIT);
      expect(view.messages[0].text).toBe(`message ${total - CHAT_VIEW_LIMIT}`);
      expect(view.earlierMessages).toBe(true);
      const page = await clients.emit(socket, 'chat:history', { sessionId, before: view.messages[0].id });
      expect(page).toMatchObject({ ok: true, earlier: false });
      expect(page.messages.map((m: { text: string }) => m.text)).toEqual(Array.from({ length: 60 }, (_, i) => `message ${i}`));
    }
    // A malformed page request is refused with a coded error.
    expect(await clients.emit(customer, 'chat:history', { sessionId, before: -1 })).toMatchObject({ ok: false, code: 'bad_request' });
  });
});
