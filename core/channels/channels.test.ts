import { describe, expect, it } from 'vitest';
import { testOrganisation, TEST_ADDRESS } from '../../testing/organisation';
import { ServiceQueue } from '../support/service-queue';
import { defaultSupportSessionOptions, SupportSessions } from '../support/support-sessions';
import { Availability } from './channels';

async function setup() {
  const org = await testOrganisation();
  const billing = await org.tree.createGroup(org.asOwner, { name: 'Billing', parentId: null });
  const tess = await org.addPerson('tess@example.com', org.firstGroup.id);
  const tom = await org.addPerson('tom@example.com', org.firstGroup.id);
  const bea = await org.addPerson('bea@example.com', billing.id);
  const ada = await org.addPerson('ada@example.com', org.firstGroup.id, 'admin');
  await org.tree.setAdministrator(org.asOwner, org.firstGroup.id, ada.id, true);
  const sessions = new SupportSessions(org.repo, org.clock, defaultSupportSessionOptions, org.tree);
  const queue = new ServiceQueue(org.repo, sessions, org.tree, org.clock, org.channels);
  const asAda = { user: ada, address: TEST_ADDRESS };
  return { ...org, billing, tess, tom, bea, ada, asAda, sessions, queue };
}

const FIELDS = [
  { id: 'order', label: 'Order number', type: 'short_text' as const, required: true },
  { id: 'topic', label: 'Topic', type: 'choice' as const, choices: ['Billing', 'Printer'], technicianEditable: false },
];

describe('channels', () => {
  it('a master administrator creates one with a public slug; it is audited and counted against the limit', async () => {
    const { channels, asOwner, firstGroup, audit } = await setup();
    const channel = await channels.create(asOwner, { name: 'Web shop', groupIds: [firstGroup.id], fields: FIELDS, allowedOrigins: ['https://shop.example.com/'] });
    expect(channel.slug).toMatch(/^web-shop-[a-z0-9]{6}$/);
    expect(channel.allowedOrigins).toEqual(['https://shop.example.com']);
    expect((await channels.bySlug(channel.slug)).id).toBe(channel.id);
    expect((await audit.list({ limit: 10 })).map((e) => e.action)).toContain('channel.created');
    for (let i = 1; i < 10; i++) await channels.create(asOwner, { name: `Channel ${i}` });
    await expect(channels.create(asOwner, { name: 'Eleventh' })).rejects.toMatchObject({ code: 'conflict' });
    await channels.setLimit(asOwner, 12);
    await channels.create(asOwner, { name: 'Eleventh' });
    // A removed channel leaves the count and takes no customers, but its sessions can still name it.
    await channels.remove(asOwner, channel.id);
    await expect(channels.bySlug(channel.slug)).rejects.toMatchObject({ code: 'not_found' });
    expect((await channels.find(channel.id))?.removedAt).not.toBeNull();
  });

  it('an administrator manages only channels of their groups, and cannot touch what concerns other groups', async () => {
    const { channels, asOwner, asAda, ada, tess, bea, firstGroup, billing, tess: _t } = await setup();
    const shared = await channels.create(asOwner, { name: 'Shared', groupIds: [firstGroup.id, billing.id], excludedTechnicianIds: [bea.id] });
    const billingOnly = await channels.create(asOwner, { name: 'Billing only', groupIds: [billing.id] });
    expect((await channels.list(ada)).map((c) => c.name)).toEqual(['Shared']);
    await expect(channels.get(ada, billingOnly.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(channels.list(tess)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(channels.create(asAda, { name: 'Mine', groupIds: [billing.id] })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(channels.create(asAda, { name: 'Nobody\'s' })).rejects.toMatchObject({ code: 'bad_request', field: 'groupIds' });
    // Saving without Billing and without Bea's exclusion keeps both: they are not Ada's to change.
    const updated = await channels.update(asAda, shared.id, { name: 'Shared desk', groupIds: [firstGroup.id], excludedTechnicianIds: [tess.id] });
    expect(updated.groupIds.sort()).toEqual([billing.id, firstGroup.id].sort());
    expect(updated.excludedTechnicianIds.sort()).toEqual([bea.id, tess.id].sort());
    await expect(channels.update(asAda, shared.id, { name: 'x', groupIds: [firstGroup.id], excludedTechnicianIds: [] })).resolves.toMatchObject({ excludedTechnicianIds: [bea.id] });
  });

  it('is open within its hours with a technician online; otherwise says why', async () => {
    const { channels, asOwner, firstGroup, tess, bea, owner, clock } = await setup();
    // The test clock starts on Monday 5 January 2026, 9:00 UTC.
    const channel = await channels.create(asOwner, {
      name: 'Office',
      groupIds: [firstGroup.id],
      hours: { enabled: true, timeZone: 'UTC', weekly: { mon: [{ from: 9 * 60, to: 17 * 60 }] }, closedDates: [] },
    });
    expect(await channels.availability(channel, () => false)).toBe(Availability.unstaffed);
    expect(await channels.availability(channel, (id) => id === bea.id)).toBe(Availability.unstaffed);
    expect(await channels.availability(channel, (id) => id === tess.id)).toBe(Availability.open);
    // A master administrator's queue holds every live session: their console staffs every channel.
    expect(await channels.availability(channel, (id) => id === owner.id)).toBe(Availability.open);
    clock.advance(8 * 60 * 60 * 1000);
    expect(await channels.availability(channel, (id) => id === tess.id)).toBe(Availability.closed);
    const off = await channels.update(asOwner, channel.id, { name: 'Office', enabled: false });
    expect(await channels.availability(off, () => true)).toBe(Availability.disabled);
  });
});

describe('channel sessions in the queue', () => {
  it('wait for every technician of the assigned groups but the excluded, with their place and fields', async () => {
    const { channels, asOwner, firstGroup, sessions, queue, tess, tom, bea, owner } = await setup();
    const channel = await channels.create(asOwner, { name: 'Shop', groupIds: [firstGroup.id], excludedTechnicianIds: [tom.id], fields: FIELDS });
    const first = await sessions.openFromChannel(channel, { customerName: 'Carol', values: { order: 'A-1', topic: 'Printer' } }, '203.0.113.1');
    const second = await sessions.openFromChannel(channel, { customerName: 'Dan', values: { order: 'A-2', topic: 'Billing' } }, '203.0.113.2');
    expect(first.joinToken).toBeTruthy();
    expect(first.session).toMatchObject({ state: 'waiting', channelId: channel.id, technicianId: null, groupId: null });
    expect(first.session.customFields).toEqual([{ id: 'order', label: 'Order number', value: 'A-1' }, { id: 'topic', label: 'Topic', value: 'Printer' }]);
    const names = async (who: typeof tess) => (await queue.list(who)).map((s) => s.customerName).sort();
    expect(await names(tess)).toEqual(['Carol', 'Dan']);
    expect(await names(tom)).toEqual([]);
    expect(await names(bea)).toEqual([]);
    expect(await names(owner)).toEqual(['Carol', 'Dan']);
    expect(await queue.queuePosition(first.session)).toBe(1);
    expect(await queue.queuePosition(second.session)).toBe(2);

    await queue.assignToMe(tess, first.session.id);
    expect(await queue.queuePosition((await sessions.get(second.session.id))!)).toBe(1);
    expect(await names(tess)).toEqual(['Carol', 'Dan']);
  });

  it('refuses empty required fields and bounds how many sessions one address starts', async () => {
    const { channels, asOwner, firstGroup, sessions } = await setup();
    const channel = await channels.create(asOwner, { name: 'Shop', groupIds: [firstGroup.id], fields: FIELDS });
    await expect(sessions.openFromChannel(channel, { customerName: 'Carol', values: { topic: 'Printer' } }, '203.0.113.1')).rejects.toMatchObject({ field: 'field:order' });
    await expect(sessions.openFromChannel(channel, { customerName: ' ', values: {} }, '203.0.113.1')).rejects.toMatchObject({ field: 'customerName' });
    for (let i = 0; i < defaultSupportSessionOptions.channelStartsPerAddress; i++) {
      await sessions.openFromChannel(channel, { customerName: `C${i}`, values: { order: `${i}`, topic: 'Billing' } }, '203.0.113.9');
    }
    await expect(sessions.openFromChannel(channel, { customerName: 'More', values: { order: '1', topic: 'Billing' } }, '203.0.113.9')).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(sessions.openFromChannel(channel, { customerName: 'Other', values: { order: '1', topic: 'Billing' } }, '203.0.113.10')).resolves.toBeTruthy();
  });

  it('ten technicians assign to themselves at once: one wins, the others learn who', async () => {
    const { channels, asOwner, firstGroup, sessions, queue, addPerson } = await setup();
    const channel = await channels.create(asOwner, { name: 'Shop', groupIds: [firstGroup.id] });
    const team = [];
    for (let i = 0; i < 10; i++) team.push(await addPerson(`t${i}@example.com`, firstGroup.id));
    const { session } = await sessions.openFromChannel(channel, { customerName: 'Carol', values: {} }, '203.0.113.1');
    const results = await Promise.allSettled(team.map((t) => queue.assignToMe(t, session.id)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const winner = team.find((t) => t.id === (won[0] as PromiseFulfilledResult<{ technicianId: string }>).value.technicianId)!;
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict', reasons: [{ key: 'takenBy', values: { name: winner.name } }] });
    }
  });

  it('custom fields are edited only with the right, only where the channel allows, and the log says who changed what', async () => {
    const { channels, asOwner, firstGroup, sessions, queue, tess, bea, tree, repo } = await setup();
    const channel = await channels.create(asOwner, { name: 'Shop', groupIds: [firstGroup.id], fields: FIELDS });
    const { session } = await sessions.openFromChannel(channel, { customerName: 'Carol', values: { order: 'A-1', topic: 'Printer' } }, '203.0.113.1');
    const edited = await queue.editCustomFields(tess, session.id, { order: 'A-2' });
    expect(edited.customFields).toEqual([{ id: 'order', label: 'Order number', value: 'A-2' }, { id: 'topic', label: 'Topic', value: 'Printer' }]);
    await expect(queue.editCustomFields(tess, session.id, { topic: 'Billing' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(queue.editCustomFields(tess, session.id, { order: '' })).rejects.toMatchObject({ field: 'field:order' });
    await expect(queue.editCustomFields(bea, session.id, { order: 'A-3' })).rejects.toMatchObject({ code: 'forbidden' });
    await tree.setPermissions(asOwner, firstGroup.id, { editCustomFields: false }, 'group');
    await expect(queue.editCustomFields(tess, session.id, { order: 'A-3' })).rejects.toMatchObject({ code: 'forbidden' });
    const events = await repo.sessionEvents.list(session.id, ['custom_fields_edited']);
    expect(events.map((e) => e.data)).toEqual([{ by: tess.name, changes: [{ id: 'order', label: 'Order number', from: 'A-1', to: 'A-2' }] }]);
  });

  it('private sessions ask the fields a master administrator switched on for them', async () => {
    const { channels, asOwner, asAda, sessions, queue, tess } = await setup();
    await expect(channels.setPrivateFields(asAda, FIELDS)).rejects.toMatchObject({ code: 'forbidden' });
    await channels.setPrivateFields(asOwner, FIELDS);
    const fields = await channels.privateFields();
    await expect(sessions.create(tess, 'Carol', fields, { topic: 'Billing' })).rejects.toMatchObject({ field: 'field:order' });
    const { session } = await sessions.create(tess, 'Carol', fields, { order: 'B-7', topic: 'Billing' });
    expect(session.customFields).toEqual([{ id: 'order', label: 'Order number', value: 'B-7' }, { id: 'topic', label: 'Topic', value: 'Billing' }]);
    expect((await queue.editCustomFields(tess, session.id, { order: 'B-8' })).customFields[0]).toMatchObject({ value: 'B-8' });
    // Topic was switched on as not editable by technicians.
    await expect(queue.editCustomFields(tess, session.id, { topic: 'Printer' })).rejects.toMatchObject({ code: 'bad_request' });
  });
});
