import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../protocol';
import { ChatOutbox, type PendingMessage } from './chat-outbox';
import { RequestError } from './signaling-client';

function stored(message: PendingMessage, id: number): ChatMessage {
  return { id, clientId: message.clientId, sessionId: 'a'.repeat(24), at: 0, from: 'customer', author: 'Carol', text: message.text };
}

describe('the chat outbox', () => {
  it('keeps messages through a dropped connection and delivers them in order, each id once', async () => {
    let online = false;
    const attempts: PendingMessage[] = [];
    const delivered: ChatMessage[] = [];
    let pending: PendingMessage[] = [];
    const outbox = new ChatOutbox(
      async (message) => {
        attempts.push(message);
        if (!online) throw new RequestError('disconnected', 'offline');
        return stored(message, delivered.length + 1);
      },
      { changed: (p) => (pending = p), delivered: (m) => delivered.push(m), failed: () => undefined },
    );
    outbox.send('first');
    outbox.send('second');
    await outbox.flush();
    expect(pending.map((m) => m.text)).toEqual(['first', 'second']);
    expect(delivered).toEqual([]);

    online = true;
    await outbox.flush();
    expect(delivered.map((m) => m.text)).toEqual(['first', 'second']);
    expect(pending).toEqual([]);
    // Retries reuse the message's id: that is what lets the server store it once.
    const firstIds = attempts.filter((a) => a.text === 'first').map((a) => a.clientId);
    expect(new Set(firstIds).size).toBe(1);
  });

  it('drops a message the server will never take and reports it, then carries on', async () => {
    const failures: unknown[] = [];
    const delivered: string[] = [];
    const outbox = new ChatOutbox(
      async (message) => {
        if (message.text === 'bad') throw new RequestError('bad_request', 'nope');
        return stored(message, 1);
      },
      { changed: () => undefined, delivered: (m) => delivered.push(m.text), failed: (e) => failures.push(e) },
    );
    outbox.send('bad');
    outbox.send('good');
    await outbox.flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(failures).toHaveLength(1);
    expect(delivered).toEqual(['good']);
  });
});
