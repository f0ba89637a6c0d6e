import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../drizzle/database';
import { users } from '../../drizzle/schema';
import { sqliteRepository } from '../../drizzle/sqlite-repository';
import { ManualClock } from '../clock';
import { Role, type User } from '../model';
import { defaultSupportSessionOptions, SupportSessions } from './support-sessions';
import { unrestrictedRights } from '../../testing/organisation';
import { testUser } from '../testing-users';

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
const START = Date.UTC(2025, 2, 10, 9, 0);

const user = (id: string, name: string, role: User['role']): User => testUser({ id, name, role });
const owner = user('owner', 'Olive Owner', Role.masterAdmin);
const tina = user('tina', 'Tina Technician', Role.technician);
const adam = user('adam', 'Adam Admin', Role.admin);

// drizzle/testing.ts's openTestRepository() hides its database, and the repository can only insert the first
// owner (user administration is another issue): this opens the same real SQLite and adds the other users.
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeline-log-'));
  const database = openDatabase(dir);
  cleanups.push(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const repo = sqliteRepository(database.db);
  await repo.users.insertFirstOwner(owner, { name: 'Acme' });
  database.db.insert(users).values([tina, adam]).run();
  const clock = new ManualClock(START);
  const sessions = new SupportSessions(repo, clock, defaultSupportSessionOptions, unrestrictedRights);

  /** A session created now by `technician`, taken as far as `until`, with `chats` messages. */
  async function session(technician: User, customer: string, until: 'created' | 'active' | 'closed', chats = 0) {
    const { session } = await sessions.create(technician, customer);
    if (until === 'created') return session.id;
    clock.advance(MINUTE);
    await sessions.redeem({ code: session.code! }, '198.51.100.7');
    await sessions.consent(session.id);
    for (let i = 0; i < chats; i++) await sessions.chat(session.id, 'customer', customer, `message ${i}`, `c${i}`);
    if (until === 'closed') {
      clock.advance(5 * MINUTE);
      await sessions.end(session.id, 'technician', 'technician_ended');
    }
    return session.id;
  }
  return { repo, clock, sessions, session };
}

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

describe('the session log query', () => {
  it('lists sessions in progress under "active" and ended ones under "closed", newest first', async () => {
    const { sessions, session, clock } = await setup();
    const waiting = await session(owner, 'Wendy', 'created');
    clock.advance(MINUTE);
    const ended = await session(owner, 'Eddie', 'closed');
    clock.advance(MINUTE);
    const working = await session(owner, 'Ada', 'active');
    clock.advance(MINUTE);
    const endedLater = await session(owner, 'Lara', 'closed');

    expect(ids(await sessions.log(owner, { view: 'active', limit: 50 }))).toEqual([working, waiting]);
    expect(ids(await sessions.log(owner, { view: 'closed', limit: 50 }))).toEqual([endedLater, ended]);
    expect(ids(await sessions.log(owner, { view: 'closed', limit: 1 }))).toEqual([endedLater]);
  });

  it('gives each row its names, times, end reason, duration and chat and file counts', async () => {
    const { sessions, session, clock } = await setup();
    const id = await session(tina, 'Carol Customer', 'active', 3);
    await sessions.chat(id, 'technician', tina.name, 'hello', 't1');
    const transfer = { direction: 'outgoing', name: 'a.txt', size: 3, state: 'done', ok: true, sha256: null, md5: null, peerSha256: null, peerMd5: null, error: null };
    // Both sides report each transfer: two files, four reports.
    await sessions.recordFileTransfer(id, 'technician', { ...transfer, id: 'file-1' });
    await sessions.recordFileTransfer(id, 'customer', { ...transfer, id: 'file-1', direction: 'incoming' });
    await sessions.recordFileTransfer(id, 'customer', { ...transfer, id: 'file-2' });
    await sessions.recordFileTransfer(id, 'technician', { ...transfer, id: 'file-2', direction: 'incoming' });
    clock.advance(4 * MINUTE);
    await sessions.end(id, 'customer', 'customer_ended');

    const [row] = await sessions.log(owner, { view: 'closed', limit: 10 });
    expect(row).toEqual({
      id,
      technicianId: tina.id,
      technicianName: 'Tina Technician',
      customerName: 'Carol Customer',
      state: 'closed',
      createdAt: START,
      joinedAt: START + MINUTE,
      consentedAt: START + MINUTE,
      closedAt: START + 5 * MINUTE,
      endReason: 'customer_ended',
      chatMessages: 4,
      files: 2,
      channelName: null,
      customFields: [],
      durationMs: 4 * MINUTE,
      // Nobody rated this one: the log says so rather than leaving the column out.
      rating: null,
      ratingComment: null,
    });
    // The opened session counts the same way.
    const detail = await sessions.logEntry(owner, id);
    expect(detail.entry).toEqual(row);
    expect(detail.events.map((e) => e.type)).toEqual(['created', 'joined', 'consented', 'chat', 'chat', 'chat', 'chat', ...Array(4).fill('file_transferred'), 'ended']);
  });

  it('has no duration for a code nobody used, and a running one for a live session', async () => {
    const { sessions, session, clock } = await setup();
    const unused = await session(owner, 'Nobody', 'created');
    const live = await session(owner, 'Ada', 'active');
    clock.advance(10 * MINUTE);
    const rows = await sessions.log(owner, { view: 'active', limit: 10 });
    expect(rows.find((row) => row.id === unused)?.durationMs).toBeNull();
    expect(rows.find((row) => row.id === live)?.durationMs).toBe(10 * MINUTE);
  });

  it('keeps sessions created in [from, to) on their creation time', async () => {
    const { sessions, session, clock } = await setup();
    const dayOne = await session(owner, 'One', 'closed');
    clock.advance(DAY);
    const dayTwo = await session(owner, 'Two', 'closed');
    clock.advance(DAY);
    const dayThree = await session(owner, 'Three', 'closed');

    const log = (from?: number, to?: number) => sessions.log(owner, { view: 'closed', from, to, limit: 10 }).then(ids);
    const created = (await sessions.log(owner, { view: 'closed', limit: 10 })).map((row) => row.createdAt);
    const [, two] = [...created].reverse();
    expect(await log(two)).toEqual([dayThree, dayTwo]);
    expect(await log(undefined, two)).toEqual([dayOne]);
    expect(await log(two, two + 1)).toEqual([dayTwo]);
    expect(await log(two + 1, two + DAY)).toEqual([]);
  });
});

describe('who sees which sessions in the log', () => {
  async function twoTechnicians() {
    const context = await setup();
    const mine = await context.session(tina, 'Tina\'s customer', 'closed');
    const theirs = await context.session(owner, 'Olive\'s customer', 'closed');
    const admins = await context.session(adam, 'Adam\'s customer', 'closed');
    return { ...context, mine, theirs, admins };
  }

  it('the master administrator sees every technician\'s sessions, and can narrow to one', async () => {
    const { sessions, mine, theirs, admins } = await twoTechnicians();
    expect(ids(await sessions.log(owner, { view: 'closed', limit: 10 }))).toEqual([admins, theirs, mine]);
    expect(ids(await sessions.log(owner, { view: 'closed', technicianId: tina.id, limit: 10 }))).toEqual([mine]);
    expect((await sessions.logEntry(owner, mine)).entry.technicianName).toBe('Tina Technician');
    expect((await sessions.logTechnicians(owner)).map((t) => t.name)).toEqual(['Adam Admin', 'Olive Owner', 'Tina Technician']);
  });

  it('a technician sees only their own sessions, whatever they ask for', async () => {
    const { sessions, mine, theirs } = await twoTechnicians();
    expect(ids(await sessions.log(tina, { view: 'closed', limit: 10 }))).toEqual([mine]);
    expect(ids(await sessions.log(tina, { view: 'closed', technicianId: tina.id, limit: 10 }))).toEqual([mine]);
    await expect(sessions.log(tina, { view: 'closed', technicianId: owner.id, limit: 10 })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(sessions.logEntry(tina, theirs)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(sessions.logEntry(tina, mine)).resolves.toMatchObject({ entry: { id: mine } });
    expect(await sessions.logTechnicians(tina)).toEqual([{ id: tina.id, name: tina.name, role: 'technician' }]);
  });

  it('an administrator who is not the master administrator is treated like a technician', async () => {
    const { sessions, admins, mine } = await twoTechnicians();
    expect(ids(await sessions.log(adam, { view: 'closed', limit: 10 }))).toEqual([admins]);
    await expect(sessions.logEntry(adam, mine)).rejects.toMatchObject({ code: 'forbidden' });
    expect(sessions.seesAllSessions(adam)).toBe(false);
    expect(sessions.seesAllSessions(owner)).toBe(true);
  });

  it('an unknown session is not found, and a limit must be a positive whole number', async () => {
    const { sessions } = await setup();
    await expect(sessions.logEntry(owner, 'a'.repeat(24))).rejects.toMatchObject({ code: 'not_found' });
    await expect(sessions.log(owner, { view: 'closed', limit: 0 })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(sessions.log(owner, { view: 'closed', limit: 1.5 })).rejects.toMatchObject({ code: 'bad_request' });
  });
});
