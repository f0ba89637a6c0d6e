import { describe, expect, it } from 'vitest';
import { testOrganisation } from '../../testing/organisation';
import { ServiceQueue } from './service-queue';
import { defaultSupportSessionOptions, SupportSessions } from './support-sessions';

const MINUTE = 60_000;

async function setup() {
  const org = await testOrganisation();
  const sessions = new SupportSessions(org.repo, org.clock, defaultSupportSessionOptions, org.tree);
  const queue = new ServiceQueue(org.repo, sessions, org.tree, org.clock, org.channels, { closedListedForMs: 60 * MINUTE, estimateSampleSize: 3 });
  const tess = await org.addPerson('tess@example.com', org.firstGroup.id);
  const tom = await org.addPerson('tom@example.com', org.firstGroup.id);
  const other = await org.tree.createGroup(org.asOwner, { name: 'Billing', parentId: null });
  const bea = await org.addPerson('bea@example.com', other.id);
  /** A session of `technician`'s that the customer joined. */
  const joined = async (technician = tess, name = 'Carol') => {
    const { session, linkToken } = await sessions.create(technician, name);
    await sessions.redeem({ link: linkToken }, '203.0.113.5');
    return session;
  };
  return { ...org, sessions, queue, tess, tom, bea, billing: other, joined };
}

describe('the service queue', () => {
  it('shows a technician their own sessions, their group\'s unassigned ones, and a master administrator everything live', async () => {
    const { queue, sessions, tess, tom, bea, owner, joined, firstGroup, clock } = await setup();
    const mine = await joined(tess, 'Mine');
    const toms = await joined(tom, 'Toms');
    const beas = await joined(bea, 'Beas');
    await queue.transfer(tom, toms.id, { kind: 'group', id: firstGroup.id }, 'Anyone free?');
    const ids = async (who: typeof tess) => (await queue.list(who)).map((s) => s.customerName).sort();

    expect(await ids(tess)).toEqual(['Mine', 'Toms']);
    expect(await ids(tom)).toEqual(['Toms']);
    expect(await ids(bea)).toEqual(['Beas']);
    expect(await ids(owner)).toEqual(['Beas', 'Mine', 'Toms']);

    // A resolved session leaves the queue for everyone but its technician, who keeps it for a while.
    await queue.resolve(tess, mine.id, 'Fixed.');
    expect(await ids(owner)).toEqual(['Beas', 'Toms']);
    expect(await ids(tess)).toEqual(['Mine', 'Toms']);
    clock.advance(60 * MINUTE + 1);
    expect(await ids(tess)).toEqual(['Toms']);
    expect((await sessions.get(beas.id))!.state).toBe('waiting');
  });

  it('assign to me picks an unassigned session up; only a master administrator takes over someone else\'s', async () => {
    const { queue, tess, tom, bea, owner, joined, firstGroup, timeline } = await setupWithTimeline();
    const session = await joined(tom);
    await expect(queue.assignToMe(tess, session.id)).rejects.toMatchObject({ code: 'conflict', reasons: [{ key: 'takenBy', values: { name: tom.name } }] });
    await queue.transfer(tom, session.id, { kind: 'group', id: firstGroup.id }, '');
    await expect(queue.assignToMe(bea, session.id)).rejects.toMatchObject({ code: 'forbidden' });
    const mine = await queue.assignToMe(tess, session.id);
    expect(mine).toMatchObject({ technicianId: tess.id, groupId: firstGroup.id, pickedUpAt: null });
    await expect(queue.assignToMe(tess, session.id)).rejects.toMatchObject({ code: 'conflict' });
    await expect(queue.assignToMe(tom, session.id)).rejects.toMatchObject({ code: 'conflict', reasons: [{ key: 'takenBy', values: { name: tess.name } }] });
    const takenOver = await queue.assignToMe(owner, session.id);
    expect(takenOver.technicianId).toBe(owner.id);
    expect((await timeline(session.id)).map((e) => [e.type, e.data.toName ?? e.data.groupName])).toEqual([
      ['transferred', 'Technicians'],
      ['assigned', 'tess'],
      ['assigned', 'Olivia Owner'],
    ]);
  });

  it('transfers to a technician with a note they read, keeping the chat; needs the right and the session', async () => {
    const { queue, sessions, tree, asOwner, tess, tom, bea, joined, firstGroup } = await setup();
    const session = await joined(tess);
    await sessions.consent(session.id);
    await sessions.chat(session.id, 'customer', 'Carol', 'My printer jams.', 'c1');
    await expect(queue.transfer(tom, session.id, { kind: 'technician', id: bea.id }, '')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(queue.transfer(tess, session.id, { kind: 'technician', id: 'nobody' }, '')).rejects.toMatchObject({ code: 'not_found' });
    await expect(queue.transfer(tess, session.id, { kind: 'technician', id: tess.id }, '')).rejects.toMatchObject({ code: 'conflict' });

    const moved = await queue.transfer(tess, session.id, { kind: 'technician', id: bea.id }, 'Billing question, see chat.');
    expect(moved).toMatchObject({ technicianId: bea.id, state: 'active' });
    expect(await queue.handoff(session.id)).toMatchObject({ fromName: 'tess', note: 'Billing question, see chat.' });
    expect((await sessions.chatHistory(session.id)).messages.map((m) => m.text)).toEqual(['My printer jams.']);
    await expect(sessions.forTechnician(tess, session.id)).rejects.toMatchObject({ code: 'forbidden' });
    await sessions.forTechnician(bea, session.id);

    // Without "transfer sessions", Bea's group cannot pass it on.
    await tree.setPermissions(asOwner, (await tree.groupOf(bea.id))!, { transferSessions: false }, 'group');
    await expect(queue.transfer(bea, session.id, { kind: 'group', id: firstGroup.id }, '')).rejects.toMatchObject({ code: 'forbidden' });
    // A disabled technician cannot receive one.
    await tree.updatePerson(asOwner, tom.id, { enabled: false });
    await expect(queue.transfer(tess, (await joined(tess)).id, { kind: 'technician', id: tom.id }, '')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('resolving ends the session with its note; only its technician may', async () => {
    const { queue, sessions, tess, tom, joined, repo } = await setup();
    const session = await joined(tess);
    await expect(queue.resolve(tom, session.id, 'Not mine')).rejects.toMatchObject({ code: 'forbidden' });
    const resolved = await queue.resolve(tess, session.id, '  Reinstalled the driver.  ');
    expect(resolved).toMatchObject({ state: 'closed', endReason: 'resolved' });
    const events = await repo.sessionEvents.list(session.id, ['resolved', 'ended']);
    expect(events.map((e) => [e.type, e.data])).toEqual([['resolved', { note: 'Reinstalled the driver.' }], ['ended', { reason: 'resolved' }]]);
    await expect(queue.resolve(tess, session.id, '')).rejects.toMatchObject({ code: 'session_closed' });
    await expect(queue.transfer(tess, session.id, { kind: 'technician', id: tom.id }, '')).rejects.toMatchObject({ code: 'session_closed' });
    expect(await sessions.get(session.id)).toMatchObject({ state: 'closed' });
  });

  it('estimates the wait from recent pick-up times of the technician, or of the group while unassigned', async () => {
    const { queue, sessions, tess, tom, joined, clock, firstGroup } = await setup();
    const first = await joined(tess);
    expect(await queue.estimatedWaitMs(first)).toBeNull();
    for (const wait of [2, 4, 6, 8]) {
      const s = await joined(tess);
      clock.advance(wait * MINUTE);
      await sessions.markPickedUp(s.id);
      await sessions.markPickedUp(s.id); // the first pick-up counts
      clock.advance(MINUTE);
    }
    // The last three (sample size 3): 4, 6 and 8 minutes.
    expect(await queue.estimatedWaitMs(first)).toBe(6 * MINUTE);
    const waiting = await queue.transfer(tom, (await joined(tom)).id, { kind: 'group', id: firstGroup.id }, '');
    expect(await queue.estimatedWaitMs(waiting)).toBe(6 * MINUTE);
    // After a hand-over the wait counts from the hand-over: 10 minutes with Tess, then 1 for Tom is a wait of 1.
    const handed = await joined(tess);
    clock.advance(10 * MINUTE);
    await queue.transfer(tess, handed.id, { kind: 'technician', id: tom.id }, '');
    clock.advance(MINUTE);
    await sessions.markPickedUp(handed.id);
    expect(await queue.estimatedWaitMs({ ...handed, technicianId: tom.id })).toBe(MINUTE);
    const unjoined = (await sessions.create(tom, 'Nobody yet')).session;
    await sessions.markPickedUp(unjoined.id);
    expect((await sessions.get(unjoined.id))!.pickedUpAt).toBeNull();
  });
});

describe('the log of a queued session', () => {
  it('is read by master administrators only while nobody works it', async () => {
    const { queue, sessions, tess, owner, joined, firstGroup } = await setup();
    const session = await joined(tess);
    await queue.transfer(tess, session.id, { kind: 'group', id: firstGroup.id }, 'Back to the queue');
    await expect(sessions.logEntry(tess, session.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(sessions.logEntry(owner, session.id)).resolves.toMatchObject({ entry: { technicianId: null } });
  });
});

async function setupWithTimeline() {
  const context = await setup();
  return { ...context, timeline: (id: string) => context.repo.sessionEvents.list(id, ['assigned', 'transferred']) };
}

describe('the maximum of concurrent sessions and who is available', () => {
  it('refuses a technician at their group\'s maximum another session, by assignment or transfer, with a coded reason', async () => {
    const { queue, sessions, tree, asOwner, tess, tom, joined, firstGroup } = await setup();
    await tree.updateGroup(asOwner, firstGroup.id, { maxSessions: 1 });
    const mine = await joined(tess);
    expect(await queue.openSessionsOf(tess.id)).toBe(1);
    expect(await queue.isFull(tess.id)).toBe(true);
    // One of Tom's in the group's queue: Tess may not take it, nor may Tom hand her one.
    const queued = await queue.transfer(tom, (await joined(tom)).id, { kind: 'group', id: firstGroup.id }, '');
    await expect(queue.assignToMe(tess, queued.id)).rejects.toMatchObject({ code: 'conflict', reasons: [{ key: 'atCapacity', values: { maximum: 1 } }] });
    const toms = await joined(tom);
    await expect(queue.transfer(tom, toms.id, { kind: 'technician', id: tess.id }, '')).rejects.toMatchObject({ code: 'conflict', reasons: [{ key: 'atCapacityOther', values: { name: tess.name, maximum: 1 } }] });
    // A code nobody used yet does not count; a closed session frees the place.
    await sessions.create(tess, 'Not joined yet');
    expect(await queue.openSessionsOf(tess.id)).toBe(1);
    await queue.resolve(tess, mine.id, '');
    expect(await queue.isFull(tess.id)).toBe(false);
    expect((await queue.assignToMe(tess, queued.id)).technicianId).toBe(tess.id);
    // No maximum: never full.
    await tree.updateGroup(asOwner, firstGroup.id, { maxSessions: null });
    expect(await queue.isFull(tess.id)).toBe(false);
  });

  it('two sessions given to a technician at once cannot both pass their maximum', async () => {
    const { queue, tree, asOwner, tess, tom, joined, firstGroup } = await setup();
    await tree.updateGroup(asOwner, firstGroup.id, { maxSessions: 1 });
    const first = await queue.transfer(tom, (await joined(tom)).id, { kind: 'group', id: firstGroup.id }, '');
    const second = await joined(tom);
    // Tess clicks "assign to me" while Tom hands her another: one of the two is refused, whichever came second.
    const outcomes = await Promise.allSettled([queue.assignToMe(tess, first.id), queue.transfer(tom, second.id, { kind: 'technician', id: tess.id }, '')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
    expect(await queue.openSessionsOf(tess.id)).toBe(1);
  });

  it('a subgroup without its own maximum follows its parent\'s', async () => {
    const { tree, asOwner, firstGroup, addPerson } = await setup();
    const sub = await tree.createGroup(asOwner, { name: 'Printers', parentId: firstGroup.id });
    const pam = await addPerson('pam@example.com', sub.id);
    expect(await tree.maxSessionsFor(pam.id)).toBeNull();
    await tree.updateGroup(asOwner, firstGroup.id, { maxSessions: 3 });
    expect(await tree.maxSessionsFor(pam.id)).toBe(3);
    await tree.updateGroup(asOwner, sub.id, { maxSessions: 5 });
    expect(await tree.maxSessionsFor(pam.id)).toBe(5);
  });

  it('the wait in a queue counts only Available technicians: none, no estimate; two share the customers ahead', async () => {
    const { queue, sessions, tess, tom, joined, clock, firstGroup } = await setup();
    for (const wait of [4, 4, 4]) {
      const s = await joined(tess);
      clock.advance(wait * MINUTE);
      await sessions.markPickedUp(s.id);
    }
    const waiting = await queue.transfer(tom, (await joined(tom)).id, { kind: 'group', id: firstGroup.id }, '');
    expect(await queue.estimatedWaitMs(waiting, 0)).toBeNull();
    expect(await queue.estimatedWaitMs(waiting, 1)).toBe(4 * MINUTE);
    expect(await queue.estimatedWaitMs(waiting, 2)).toBe(4 * MINUTE);
    // A customer waiting for one technician waits for them, whoever else is available.
    const own = await joined(tess);
    expect(await queue.estimatedWaitMs(own, 0)).toBe(4 * MINUTE);
  });
});
