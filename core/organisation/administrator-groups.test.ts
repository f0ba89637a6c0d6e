import { describe, expect, it } from 'vitest';
import { TEST_ADDRESS, testOrganisation } from '../../testing/organisation';

describe('administrator groups', () => {
  it('an administrator manages the technician groups of their administrator group and of the groups below it', async () => {
    const { tree, adminGroups, asOwner, firstGroup, addPerson } = await testOrganisation();
    const europe = await tree.createGroup(asOwner, { name: 'Europe', parentId: null });
    const paris = await tree.createGroup(asOwner, { name: 'Paris', parentId: europe.id });
    const americas = await tree.createGroup(asOwner, { name: 'Americas', parentId: null });
    const ada = await addPerson('ada@example.com', firstGroup.id, 'admin');
    const ben = await addPerson('ben@example.com', firstGroup.id, 'admin');

    const leads = await adminGroups.create(asOwner, { name: 'Service leads', parentId: null });
    const emea = await adminGroups.create(asOwner, { name: 'EMEA admins', parentId: leads.id });
    await adminGroups.update(asOwner, emea.id, { technicianGroupIds: [europe.id] });
    await adminGroups.update(asOwner, leads.id, { technicianGroupIds: [americas.id] });
    await adminGroups.setMembership(asOwner, { userId: ada.id, adminGroupId: emea.id });
    await adminGroups.setMembership(asOwner, { userId: ben.id, adminGroupId: leads.id });

    const manages = async (user: typeof ada) => (await tree.snapshot(user)).manageable.sort();
    // Ada: Europe and (through it) Paris. Ben's group is above Ada's: Americas and everything EMEA manages.
    expect(await manages(ada)).toEqual([europe.id, paris.id].sort());
    expect(await manages(ben)).toEqual([europe.id, paris.id, americas.id].sort());
    await expect(tree.updateGroup({ user: ada, address: TEST_ADDRESS }, americas.id, { name: 'Nope' })).rejects.toMatchObject({ code: 'forbidden' });
    await tree.updateGroup({ user: ada, address: TEST_ADDRESS }, paris.id, { name: 'Paris desk' });

    // One administrator group at most: joining another leaves the first, and the scope follows at once.
    await adminGroups.setMembership(asOwner, { userId: ada.id, adminGroupId: leads.id });
    expect((await adminGroups.list(asOwner.user)).find((g) => g.id === emea.id)!.memberIds).toEqual([]);
    expect(await manages(ada)).toEqual([europe.id, paris.id, americas.id].sort());
    await adminGroups.setMembership(asOwner, { userId: ada.id, adminGroupId: null });
    expect(await manages(ada)).toEqual([]);
  });

  it('only a master administrator shapes them; no cycles; only administrators join; only empty groups go', async () => {
    const { adminGroups, asOwner, firstGroup, addPerson } = await testOrganisation();
    const ada = await addPerson('ada@example.com', firstGroup.id, 'admin');
    const tom = await addPerson('tom@example.com', firstGroup.id);
    const top = await adminGroups.create(asOwner, { name: 'Top', parentId: null });
    const sub = await adminGroups.create(asOwner, { name: 'Sub', parentId: top.id });

    await expect(adminGroups.create({ user: ada, address: TEST_ADDRESS }, { name: 'Mine', parentId: null })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(adminGroups.update(asOwner, top.id, { parentId: sub.id })).rejects.toMatchObject({ code: 'bad_request', field: 'parentId' });
    await expect(adminGroups.update(asOwner, top.id, { parentId: top.id })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(adminGroups.setMembership(asOwner, { userId: tom.id, adminGroupId: top.id })).rejects.toMatchObject({ code: 'bad_request', field: 'userId' });
    await expect(adminGroups.update(asOwner, top.id, { technicianGroupIds: ['nope'] })).rejects.toMatchObject({ code: 'not_found' });

    await adminGroups.setMembership(asOwner, { userId: ada.id, adminGroupId: sub.id });
    await expect(adminGroups.remove(asOwner, top.id)).rejects.toMatchObject({ code: 'conflict' });
    await expect(adminGroups.remove(asOwner, sub.id)).rejects.toMatchObject({ code: 'conflict' });
    await adminGroups.setMembership(asOwner, { userId: ada.id, adminGroupId: null });
    await adminGroups.remove(asOwner, sub.id);
    await adminGroups.remove(asOwner, top.id);
    expect(await adminGroups.list(asOwner.user)).toEqual([]);
  });

  it('an administrator sees their own administrator group only', async () => {
    const { adminGroups, asOwner, firstGroup, addPerson } = await testOrganisation();
    const ada = await addPerson('ada@example.com', firstGroup.id, 'admin');
    const one = await adminGroups.create(asOwner, { name: 'One', parentId: null });
    await adminGroups.create(asOwner, { name: 'Two', parentId: null });
    await adminGroups.setMembership(asOwner, { userId: ada.id, adminGroupId: one.id });
    expect((await adminGroups.list(ada)).map((g) => g.name)).toEqual(['One']);
  });
});
