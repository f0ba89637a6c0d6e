import { describe, expect, it } from 'vitest';
import { Role } from '../model';
import { ROOT_DEFAULTS } from './permissions';
import { TEST_ADDRESS, testOrganisation } from '../../testing/organisation';

describe('the organisation tree', () => {
  it('starts with one group named Technicians that the owner can rename', async () => {
    const { tree, owner, asOwner, firstGroup } = await testOrganisation();
    expect(firstGroup).toMatchObject({ name: 'Technicians', parentId: null });
    await tree.updateGroup(asOwner, firstGroup.id, { name: 'Helpdesk' });
    expect((await tree.snapshot(owner)).groups.map((g) => g.name)).toEqual(['Helpdesk']);
  });

  it('subgroups inherit rights unless they override them, and overrides can be cleared again', async () => {
    const { tree, asOwner, firstGroup, addPerson } = await testOrganisation();
    const tier2 = await tree.createGroup(asOwner, { name: 'Tier 2', parentId: firstGroup.id });
    const nights = await tree.createGroup(asOwner, { name: 'Nights', parentId: tier2.id });
    const nia = await addPerson('nia@example.com', nights.id);

    expect(await tree.rightsOf(nia)).toEqual(ROOT_DEFAULTS);
    await tree.setPermissions(asOwner, firstGroup.id, { sendFiles: false }, 'group');
    expect((await tree.rightsOf(nia)).sendFiles).toBe(false);

    await tree.setPermissions(asOwner, nights.id, { sendFiles: true, recordSessions: false }, 'group');
    expect(await tree.rightsOf(nia)).toMatchObject({ sendFiles: true, recordSessions: false });

    // "Save to subgroups": Tier 2 decides, Nights' own settings for those rights give way.
    await tree.setPermissions(asOwner, tier2.id, { sendFiles: false, recordSessions: true }, 'subgroups');
    expect(await tree.rightsOf(nia)).toMatchObject({ sendFiles: false, recordSessions: true });
    expect((await tree.group(nights.id))!.permissions).toEqual({});

    await tree.setPermissions(asOwner, tier2.id, { sendFiles: null }, 'group');
    expect((await tree.rightsOf(nia)).sendFiles).toBe(false); // inherited from Technicians now

    await tree.setPermissions(asOwner, nights.id, { privateSessions: false }, 'all');
    for (const group of [firstGroup, tier2, nights]) expect((await tree.group(group.id))!.permissions.privateSessions).toBe(false);
  });

  it('a disabled person, or one outside any group, has no rights; a master administrator has all', async () => {
    const { tree, asOwner, owner, firstGroup, addPerson } = await testOrganisation();
    const tom = await addPerson('tom@example.com', firstGroup.id);
    await tree.require(tom, 'privateSessions');
    await tree.updatePerson(asOwner, tom.id, { enabled: false });
    await expect(tree.require(tom, 'privateSessions')).rejects.toMatchObject({ code: 'forbidden' });
    await tree.require(owner, 'reboot');
  });

  it('moves people and groups, never a group into its own subgroup', async () => {
    const { tree, asOwner, owner, firstGroup, addPerson } = await testOrganisation();
    const a = await tree.createGroup(asOwner, { name: 'A', parentId: firstGroup.id });
    const b = await tree.createGroup(asOwner, { name: 'B', parentId: a.id });
    await expect(tree.moveGroup(asOwner, a.id, b.id)).rejects.toMatchObject({ code: 'bad_request' });
    await expect(tree.moveGroup(asOwner, a.id, a.id)).rejects.toMatchObject({ code: 'bad_request' });
    await tree.moveGroup(asOwner, b.id, null);
    const tom = await addPerson('tom@example.com', firstGroup.id);
    await tree.movePerson(asOwner, tom.id, b.id);
    const snapshot = await tree.snapshot(owner);
    expect(snapshot.groups.find((g) => g.id === b.id)!.parentId).toBeNull();
    expect(snapshot.people.find((p) => p.id === tom.id)!.groupId).toBe(b.id);
  });

  it('an administrator manages only the groups assigned to them and their subgroups; a technician nothing', async () => {
    const { tree, store, asOwner, firstGroup, addPerson } = await testOrganisation();
    const sales = await tree.createGroup(asOwner, { name: 'Sales', parentId: null });
    const support = await tree.createGroup(asOwner, { name: 'Support L1', parentId: firstGroup.id });
    const ada = await addPerson('ada@example.com', firstGroup.id, 'admin');
    await store.groups.assignAdministrator(firstGroup.id, ada.id);
    const sam = await addPerson('sam@example.com', sales.id);
    const tess = await addPerson('tess@example.com', support.id);
    const asAda = { user: ada, address: TEST_ADDRESS };

    expect(ada.role).toBe(Role.admin);
    const seen = await tree.snapshot(ada);
    expect(seen.groups.map((g) => g.name).sort()).toEqual(['Support L1', 'Technicians']);
    expect(seen.people.map((p) => p.email)).not.toContain(sam.email);

    await tree.movePerson(asAda, tess.id, firstGroup.id);
    await expect(tree.movePerson(asAda, sam.id, firstGroup.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(tree.movePerson(asAda, tess.id, sales.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(tree.setPermissions(asAda, sales.id, { chat: false }, 'group')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(tree.setPermissions(asAda, firstGroup.id, { chat: false }, 'all')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(tree.createGroup(asAda, { name: 'Top', parentId: null })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(tree.updatePerson(asAda, asOwner.user.id, { nickname: 'x' })).rejects.toMatchObject({ code: 'forbidden' });

    const asTess = { user: tess, address: TEST_ADDRESS };
    expect((await tree.snapshot(tess)).groups).toEqual([]);
    await expect(tree.createGroup(asTess, { name: 'Mine', parentId: support.id })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('records every change in the audit log with who, what and from where', async () => {
    const { tree, audit, asOwner, firstGroup } = await testOrganisation();
    await tree.createGroup(asOwner, { name: 'Tier 2', parentId: firstGroup.id });
    await tree.setPermissions(asOwner, firstGroup.id, { reboot: true }, 'group');
    const entries = await audit.list({ limit: 10 });
    expect(entries.map((e) => e.action)).toEqual(['group.permissions_changed', 'group.created', 'organisation.setup']);
    expect(entries[0]).toMatchObject({ actorName: 'Olivia Owner', target: 'Technicians', address: TEST_ADDRESS, details: { changes: { reboot: true }, scope: 'group' } });
  });
});
