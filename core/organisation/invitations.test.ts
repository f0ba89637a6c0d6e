import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/passwords';
import { INVITATION_LIFETIME_MS } from './invitations';
import { TEST_ADDRESS, testOrganisation } from '../../testing/organisation';

const tokenOf = (text: string) => /\/signup\/([a-z0-9]+)/.exec(text)![1];

describe('invitations', () => {
  it('mails a sign-up link that creates the account in the invited group, once', async () => {
    const { invitations, outbox, asOwner, firstGroup, repo, audit } = await testOrganisation();
    await invitations.invite(asOwner, { email: 'Nia@Example.com', groupId: firstGroup.id });
    const [mail] = await outbox.list(10);
    expect(mail).toMatchObject({ to: 'nia@example.com', subject: 'Olivia Owner invited you to Acme on Lifeline' });
    expect(mail.text).toContain('"Technicians"');
    const token = tokenOf(mail.text);

    expect(await invitations.lookup(token)).toMatchObject({ groupName: 'Technicians', organisationName: 'Acme', invitation: { email: 'nia@example.com' } });
    const nia = await invitations.accept({ token, name: 'Nia Tech', password: 'a long enough secret' }, TEST_ADDRESS);
    expect(nia).toMatchObject({ email: 'nia@example.com', role: 'technician', groupId: firstGroup.id, enabled: true, nickname: 'Nia Tech' });
    expect(await verifyPassword((await repo.users.findById(nia.id))!.passwordHash, 'a long enough secret')).toBe(true);

    await expect(invitations.accept({ token, name: 'Again', password: 'a long enough secret' }, TEST_ADDRESS)).rejects.toMatchObject({ code: 'invalid_code' });
    await expect(invitations.lookup(token)).rejects.toMatchObject({ code: 'invalid_code' });
    expect((await audit.list({ limit: 5 })).map((e) => e.action).slice(0, 2)).toEqual(['invitation.accepted', 'invitation.sent']);
  });

  it('links expire, a newer invitation replaces an older one, and existing accounts are not invited', async () => {
    const { invitations, outbox, asOwner, firstGroup, clock } = await testOrganisation();
    await invitations.invite(asOwner, { email: 'nia@example.com', groupId: firstGroup.id });
    const first = tokenOf((await outbox.list(1))[0].text);
    await invitations.invite(asOwner, { email: 'nia@example.com', groupId: firstGroup.id });
    const second = tokenOf((await outbox.list(1))[0].text);
    await expect(invitations.lookup(first)).rejects.toMatchObject({ code: 'invalid_code' });
    await invitations.lookup(second);
    clock.advance(INVITATION_LIFETIME_MS);
    await expect(invitations.accept({ token: second, name: 'Nia', password: 'a long enough secret' }, TEST_ADDRESS)).rejects.toMatchObject({ code: 'invalid_code' });

    await expect(invitations.invite(asOwner, { email: 'owner@example.com', groupId: firstGroup.id })).rejects.toMatchObject({ code: 'conflict' });
    await expect(invitations.invite(asOwner, { email: 'not-an-address', groupId: firstGroup.id })).rejects.toThrow('valid e-mail');
    await expect(invitations.invite(asOwner, { email: 'x@example.com', groupId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('administrators invite technicians into their groups only; technicians invite nobody', async () => {
    const { invitations, tree, store, asOwner, firstGroup, addPerson } = await testOrganisation();
    const other = await tree.createGroup(asOwner, { name: 'Other', parentId: null });
    const ada = await addPerson('ada@example.com', firstGroup.id, 'admin');
    await store.groups.assignAdministrator(firstGroup.id, ada.id);
    const asAda = { user: ada, address: TEST_ADDRESS };
    await invitations.invite(asAda, { email: 'new@example.com', groupId: firstGroup.id });
    await expect(invitations.invite(asAda, { email: 'new2@example.com', groupId: other.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(invitations.invite(asAda, { email: 'boss@example.com', groupId: firstGroup.id, role: 'admin' })).rejects.toMatchObject({ code: 'forbidden' });
    const tom = await addPerson('tom@example.com', firstGroup.id);
    await expect(invitations.invite({ user: tom, address: TEST_ADDRESS }, { email: 'friend@example.com', groupId: firstGroup.id })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a weak password or an empty name is refused before the link is spent', async () => {
    const { invitations, outbox, asOwner, firstGroup } = await testOrganisation();
    await invitations.invite(asOwner, { email: 'nia@example.com', groupId: firstGroup.id });
    const token = tokenOf((await outbox.list(1))[0].text);
    await expect(invitations.accept({ token, name: 'Nia', password: 'short' }, TEST_ADDRESS)).rejects.toThrow('12 characters');
    await expect(invitations.accept({ token, name: '  ', password: 'a long enough secret' }, TEST_ADDRESS)).rejects.toThrow('Enter a name');
    await invitations.lookup(token);
  });

  it('a resend mails a fresh link, the old one stops working, and the link handed back is the one mailed', async () => {
    const { invitations, outbox, asOwner, firstGroup, clock, audit } = await testOrganisation();
    const sent = await invitations.invite(asOwner, { email: 'nia@example.com', groupId: firstGroup.id });
    const first = tokenOf((await outbox.list(1))[0].text);
    expect(sent.link).toBe(`https://support.example.com/signup/${first}`);
    clock.advance(INVITATION_LIFETIME_MS - 1000);
    const again = await invitations.resend(asOwner, sent.invitation.id);
    const second = tokenOf((await outbox.list(1))[0].text);
    expect(again.link).toBe(`https://support.example.com/signup/${second}`);
    expect(second).not.toBe(first);
    expect(again.invitation.expiresAt).toBe(clock.now() + INVITATION_LIFETIME_MS);
    await expect(invitations.lookup(first)).rejects.toMatchObject({ code: 'invalid_code' });
    // A full lifetime from the resend, not from the first invitation.
    clock.advance(INVITATION_LIFETIME_MS - 1000);
    await invitations.lookup(second);
    expect((await audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'invitation.resent', target: 'nia@example.com' });
  });

  it('a revoked invitation\'s link stops working; revoked and other groups\' invitations cannot be resent or revoked', async () => {
    const { invitations, outbox, tree, store, asOwner, firstGroup, addPerson, audit } = await testOrganisation();
    const sent = await invitations.invite(asOwner, { email: 'nia@example.com', groupId: firstGroup.id });
    const token = tokenOf((await outbox.list(1))[0].text);
    await invitations.revoke(asOwner, sent.invitation.id);
    expect((await audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'invitation.revoked', target: 'nia@example.com' });
    await expect(invitations.lookup(token)).rejects.toMatchObject({ code: 'invalid_code' });
    expect(await invitations.pending()).toEqual([]);
    await expect(invitations.revoke(asOwner, sent.invitation.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(invitations.resend(asOwner, sent.invitation.id)).rejects.toMatchObject({ code: 'not_found' });

    const other = await tree.createGroup(asOwner, { name: 'Other', parentId: null });
    const ada = await addPerson('ada@example.com', firstGroup.id, 'admin');
    await store.groups.assignAdministrator(firstGroup.id, ada.id);
    const asAda = { user: ada, address: TEST_ADDRESS };
    const elsewhere = await invitations.invite(asOwner, { email: 'far@example.com', groupId: other.id });
    await expect(invitations.resend(asAda, elsewhere.invitation.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(invitations.revoke(asAda, elsewhere.invitation.id)).rejects.toMatchObject({ code: 'forbidden' });
    const boss = await invitations.invite(asOwner, { email: 'boss@example.com', groupId: firstGroup.id, role: 'admin' });
    await expect(invitations.resend(asAda, boss.invitation.id)).rejects.toMatchObject({ code: 'forbidden' });
    const mine = await invitations.invite(asAda, { email: 'mine@example.com', groupId: firstGroup.id });
    // A group administrator never holds the link: they could sign up as someone whose mailbox they do not hold.
    expect(mine.link).toBeNull();
    expect((await invitations.resend(asAda, mine.invitation.id)).link).toBeNull();
    await invitations.revoke(asAda, mine.invitation.id);
  });
});
