import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openTestDb } from '../../drizzle/testing';
import { sqliteRepository } from '../../drizzle/sqlite-repository';
import { ManualClock } from '../clock';
import { Role, type SessionEvent } from '../model';
import { unrestrictedRights } from '../../testing/organisation';
import { testUser } from '../testing-users';
import { BEFORE_CHAIN, canonicalJson, ChainBreak, eventHash, verifyChain } from './event-chain';
import { defaultSupportSessionOptions, SupportSessions } from './support-sessions';

const technician = testUser({ id: 'tech-1', email: 'tech@example.com', name: 'Alex Tech' });

/** A real store with one session's worth of events, and the raw SQLite handle to tamper with it. */
async function setup(count = 5) {
  const db = openTestDb();
  const sqlite = (db as unknown as { $client: Database.Database }).$client;
  const repo = sqliteRepository(db);
  await repo.users.insertFirstOwner(technician, { name: 'Acme' });
  const clock = new ManualClock(Date.UTC(2025, 0, 1, 10, 42));
  const sessions = new SupportSessions(repo, clock, defaultSupportSessionOptions, unrestrictedRights);
  const { session } = await sessions.create(technician, 'Carol');
  const { session: other } = await sessions.create(technician, 'Dave');
  const append = async (sessionId: string, type: SessionEvent['type'], data: Record<string, unknown>) => {
    clock.advance(1000);
    return repo.sessionEvents.append({ sessionId, actor: 'customer', type, data, at: clock.now() });
  };
  // Another session's events in between leave gaps in the ids, as in a real database.
  for (let i = 0; i < count; i++) {
    await append(session.id, 'chat', { text: `message ${i}`, clientId: `c${i}` });
    await append(other.id, 'chat', { text: `other ${i}`, clientId: `o${i}` });
  }
  const events = () => repo.sessionEvents.chain(session.id);
  const verify = async () => verifyChain(session.id, await events());
  const rowsOf = async () => (await events()).map((e) => e.id);
  return { sqlite, repo, clock, sessions, id: session.id, otherId: other.id, append, events, verify, rowsOf };
}

describe('the session log chain', () => {
  it('an untouched session verifies, counting every event', async () => {
    const { verify, id, events } = await setup(5);
    // The session's own "created" event comes first; the head is the newest event's hash.
    await expect(verify()).resolves.toEqual({ ok: true, sessionId: id, events: 6, unchained: 0, head: (await events()).at(-1)!.hash });
  });

  it('one changed byte of an event\'s data names that event', async () => {
    const { sqlite, verify, events } = await setup();
    const target = (await events())[3];
    sqlite.prepare('UPDATE session_events SET data = replace(data, \'message 2\', \'message 3\') WHERE id = ?').run(target.id);
    await expect(verify()).resolves.toMatchObject({ ok: false, reason: ChainBreak.changed, brokenAt: { eventId: target.id, index: 4, type: 'chat', at: target.at } });
  });

  it('a changed time or author names the event too', async () => {
    const { sqlite, verify, events } = await setup();
    const [, first, second] = await events();
    sqlite.prepare('UPDATE session_events SET at = at + 1 WHERE id = ?').run(second.id);
    await expect(verify()).resolves.toMatchObject({ ok: false, reason: ChainBreak.changed, brokenAt: { eventId: second.id, index: 3 } });
    sqlite.prepare('UPDATE session_events SET at = at - 1 WHERE id = ?').run(second.id);
    await expect(verify()).resolves.toMatchObject({ ok: true });
    sqlite.prepare('UPDATE session_events SET actor = \'technician\' WHERE id = ?').run(first.id);
    await expect(verify()).resolves.toMatchObject({ ok: false, reason: ChainBreak.changed, brokenAt: { eventId: first.id, index: 2 } });
  });

  it('a removed event is noticed at the event after it', async () => {
    const { sqlite, verify, events } = await setup();
    const all = await events();
    sqlite.prepare('DELETE FROM session_events WHERE id = ?').run(all[2].id);
    await expect(verify()).resolves.toMatchObject({ ok: false, reason: ChainBreak.missing, brokenAt: { eventId: all[3].id, index: 3 } });
  });

  it('two swapped events are noticed where the order breaks', async () => {
    const { sqlite, verify, events } = await setup();
    const all = await events();
    // Swap the rows' ids (the order the log reads them in) through a free id.
    const swap = sqlite.transaction((a: number, b: number) => {
      sqlite.prepare('UPDATE session_events SET id = -1 WHERE id = ?').run(a);
      sqlite.prepare('UPDATE session_events SET id = ? WHERE id = ?').run(a, b);
      sqlite.prepare('UPDATE session_events SET id = ? WHERE id = -1').run(b);
    });
    swap(all[1].id, all[2].id);
    await expect(verify()).resolves.toMatchObject({ ok: false, reason: ChainBreak.reordered, brokenAt: { eventId: all[1].id, index: 2, at: all[2].at } });
  });

  it('an event slipped in between is named', async () => {
    const { sqlite, verify, events, id } = await setup();
    const all = await events();
    // The other session's event between the 2nd and 3rd left an id free.
    const free = all[1].id + 1;
    sqlite.prepare('DELETE FROM session_events WHERE id = ?').run(free);
    sqlite.prepare('INSERT INTO session_events (id, session_id, at, actor, type, data) VALUES (?, ?, ?, \'technician\', \'chat\', \'{"text":"I never said that"}\')').run(free, id, all[1].at + 1);
    await expect(verify()).resolves.toMatchObject({ ok: false, reason: ChainBreak.inserted, brokenAt: { eventId: free, index: 3 } });
  });

  it('an event changed and re-hashed is still named, by the link from the next event', async () => {
    const { sqlite, verify, events } = await setup();
    const target = (await events())[2];
    const forged = { ...target, data: { text: 'forged', clientId: 'c1' }, seq: target.seq! };
    sqlite.prepare('UPDATE session_events SET data = ?, hash = ? WHERE id = ?').run(JSON.stringify(forged.data), eventHash(target.prevHash!, forged), target.id);
    await expect(verify()).resolves.toMatchObject({ ok: false, reason: ChainBreak.changed, brokenAt: { eventId: target.id, index: 3 } });
  });

  it('events written before the chain existed are counted apart, and the chain starts after them', async () => {
    const { sqlite, verify, append, id } = await setup(3);
    // As migration 0013 leaves a database: the older rows are marked as history, with no links.
    sqlite.prepare('UPDATE session_events SET seq = NULL, prev_hash = NULL, hash = ?').run(BEFORE_CHAIN);
    await append(id, 'chat', { text: 'after the upgrade', clientId: 'n1' });
    await append(id, 'ended', { reason: 'technician_ended' });
    await expect(verify()).resolves.toEqual({ ok: true, sessionId: id, events: 6, unchained: 4, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('a row added by hand among the history from before the chain is not taken for history', async () => {
    const { sqlite, verify, events, id } = await setup(3);
    sqlite.prepare('UPDATE session_events SET seq = NULL, prev_hash = NULL, hash = ?').run(BEFORE_CHAIN);
    const all = await events();
    const free = all[1].id + 1;
    sqlite.prepare('DELETE FROM session_events WHERE id = ?').run(free);
    sqlite.prepare('INSERT INTO session_events (id, session_id, at, actor, type, data) VALUES (?, ?, ?, \'customer\', \'consented\', \'{}\')').run(free, id, all[1].at + 1);
    await expect(verify()).resolves.toMatchObject({ ok: false, reason: ChainBreak.inserted, unchained: 2, brokenAt: { eventId: free, index: 3, type: 'consented' } });
  });

  it('an event whose link was stripped after the chain began counts as slipped in', async () => {
    const { sqlite, verify, events } = await setup(3);
    const target = (await events())[2];
    sqlite.prepare('UPDATE session_events SET seq = NULL, prev_hash = NULL, hash = NULL WHERE id = ?').run(target.id);
    await expect(verify()).resolves.toMatchObject({ ok: false, reason: ChainBreak.inserted, brokenAt: { eventId: target.id, index: 3 } });
  });

  it('two hundred appends at once, through every path, leave one unbroken chain', async () => {
    const { sessions, repo, verify, id, otherId, clock } = await setup(0);
    const { session } = await sessions.create(technician, 'Eve');
    await sessions.redeem({ code: session.code! }, '198.51.100.7');
    await sessions.consent(session.id);
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      writes.push(sessions.appendEvent(session.id, 'technician', 'screenshot_taken', { screenshotId: `s${i}` }));
      writes.push(sessions.recordFileTransfer(session.id, 'customer', { id: `f${i}`, name: `${i}.txt` }));
      writes.push(sessions.pushUrl(session.id, `https://example.com/${i}`));
      // Straight to the store, interleaved with another session's appends, bypassing the session's queue.
      writes.push(repo.sessionEvents.append({ sessionId: session.id, actor: 'system', type: 'chat', data: { text: `${i}` }, at: clock.now() }));
      writes.push(repo.sessionEvents.append({ sessionId: otherId, actor: 'system', type: 'chat', data: { text: `${i}` }, at: clock.now() }));
    }
    await Promise.all(writes);
    // created, joined, consented, then the 200.
    await expect(sessions.verifyLog(technician, session.id)).resolves.toEqual({ ok: true, sessionId: session.id, events: 203, unchained: 0, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await expect(verify()).resolves.toMatchObject({ ok: true, sessionId: id });
    await expect(sessions.verifyLog(technician, otherId)).resolves.toMatchObject({ ok: true, events: 51 });
  });

  it('only whoever may read a session\'s log may verify it', async () => {
    const { sessions, id } = await setup(1);
    const stranger = testUser({ id: 'tech-2', name: 'Bo Other', role: Role.technician });
    await expect(sessions.verifyLog(stranger, id)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('canonical JSON', () => {
  it('does not depend on the order of keys, at any depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [{ x: 2, y: 1 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('drops undefined fields as the stored JSON does', () => {
    const data = { a: 1, gone: undefined };
    expect(canonicalJson(data)).toBe(canonicalJson(JSON.parse(JSON.stringify(data))));
  });
});
