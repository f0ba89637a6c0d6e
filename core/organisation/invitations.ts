import * as z from 'zod';
import type { AuditLog, Caller } from '../audit/audit-log';
import { emailSchema, personNameSchema } from '../auth/accounts';
import { hashPassword } from '../auth/passwords';
import { type PasswordPolicy, assertPasswordMeets } from '../auth/password-policy';
import { DomainError, ErrorCode } from '../errors';
import type { Mailer } from '../mail/mailer';
import { type Invitation, Role, type User } from '../model';
import { hashToken, randomId, randomToken } from '../random';
import { type ImportPreview, previewImport } from './csv-import';
import type { OrganisationTree } from './organisation-tree';
import type { OrganisationStore } from './store';

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export const inviteSchema = z.object({
  email: emailSchema,
  groupId: z.string().min(1, 'Choose a group.').max(64),
  role: z.enum(['technician', 'admin']).default('technician'),
  /** Require a second factor of the invitee from their first sign-in. */
  twoFactor: z.boolean().default(false),
});
export type InviteInput = z.input<typeof inviteSchema>;

export const signupSchema = z.object({
  token: z.string().min(1).max(64),
  name: personNameSchema,
  /** Length and strength are the organisation's password policy's to judge (with its reasons). */
  password: z.string().min(1, 'Choose a password.').max(256),
});

export interface InvitationsDeps {
  store: OrganisationStore;
  tree: OrganisationTree;
  audit: AuditLog;
  mailer: Mailer;
  now: () => number;
  /** Absolute sign-up URL for a token (the public URL is the server's business, not the domain's). */
  signupUrl: (token: string) => string;
  organisationName: () => Promise<string>;
  passwordPolicy: () => Promise<PasswordPolicy>;
}

/**
 * Inviting people by e-mail: the invitee gets a link that works once and expires; following it, they choose
 * their name and password and land in the group they were invited to.
 */
export class Invitations {
  constructor(private readonly deps: InvitationsDeps) {}

  /**
   * Invites and mails the link. The link is handed back too, once, to a master administrator: the database keeps
   * only its token's hash, so without SMTP they copy it now (or later from a resend, which mints a fresh one).
   * Not to a group administrator: they could sign up themselves as someone whose mailbox they do not hold (the
   * outbox, where the mail waits without SMTP, is the master administrators' too).
   */
  async invite(by: Caller, input: InviteInput): Promise<{ invitation: Invitation; link: string | null }> {
    const { email, groupId, role, twoFactor } = inviteSchema.parse(input);
    const { store, tree } = this.deps;
    const group = await tree.group(groupId);
    if (!group) throw DomainError.notFound('Group');
    if (!(await tree.manages(by.user, groupId))) throw DomainError.forbidden('You do not manage that group.');
    if (role === Role.admin && by.user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator adds administrators.');
    if (await store.people.findByEmail(email)) throw DomainError.conflict(`${email} already has an account.`);
    const { invitation, token } = this.draft(by, { email, groupId, role, twoFactor });
    await store.invitations.insert(invitation);
    await this.announce(by, invitation, token, group.name);
    return { invitation, link: this.linkFor(by, token) };
  }

  /**
   * A new link for a pending invitation, mailed again, valid for a full lifetime from now; the old link stops
   * working. Returned once, like at invite time, for an administrator to copy.
   */
  async resend(by: Caller, invitationId: string): Promise<{ invitation: Invitation; link: string | null }> {
    const invitation = await this.managed(by, invitationId);
    const token = randomToken(16);
    const renewed: Invitation = { ...invitation, tokenHash: hashToken(token), expiresAt: this.deps.now() + INVITATION_LIFETIME_MS };
    if (!(await this.deps.store.invitations.renew(invitation.id, renewed.tokenHash, renewed.expiresAt))) throw DomainError.notFound('Invitation');
    const group = await this.deps.tree.group(invitation.groupId);
    await this.announce(by, renewed, token, group?.name ?? '', 'invitation.resent');
    return { invitation: renewed, link: this.linkFor(by, token) };
  }

  private linkFor(by: Caller, token: string): string | null {
    return by.user.role === Role.masterAdmin ? this.deps.signupUrl(token) : null;
  }

  /** Withdraws a pending invitation: its link stops working at once. */
  async revoke(by: Caller, invitationId: string): Promise<void> {
    const invitation = await this.managed(by, invitationId);
    if (!(await this.deps.store.invitations.withdraw(invitation.id))) throw DomainError.notFound('Invitation');
    await this.deps.audit.record(by, 'invitation.revoked', invitation.email, { groupId: invitation.groupId, details: { role: invitation.role } });
  }

  /** A pending invitation the caller may act on, as inviting would allow: their group, and administrators only for a master administrator. */
  private async managed(by: Caller, invitationId: string): Promise<Invitation> {
    const invitation = await this.deps.store.invitations.find(invitationId);
    if (!invitation || invitation.acceptedAt !== null) throw DomainError.notFound('Invitation');
    if (!(await this.deps.tree.manages(by.user, invitation.groupId))) throw DomainError.forbidden('You do not manage that group.');
    if (invitation.role === Role.admin && by.user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator adds administrators.');
    return invitation;
  }

  /**
   * Reads a CSV of people to invite (see csv-import.ts) and says what each row would become. With `confirm`,
   * and only when no row has a problem, invites them all in one transaction; otherwise creates nothing.
   */
  async importCsv(by: Caller, text: string, confirm: boolean): Promise<{ preview: ImportPreview; invited: number }> {
    const { store, tree } = this.deps;
    if (text.length > 200_000) throw DomainError.badRequest('The file is too large for an import (at most 200 kB).');
    const [groups, people] = await Promise.all([store.groups.list(), store.people.list()]);
    const manageable = new Set((await tree.snapshot(by.user)).manageable);
    if (manageable.size === 0) throw DomainError.forbidden('You do not manage any group.');
    const preview = previewImport(text, {
      groups,
      manageable,
      mayGrantAdmin: by.user.role === Role.masterAdmin,
      existingEmails: new Set(people.map((p) => p.email.toLowerCase())),
    });
    if (!confirm || !preview.ok) return { preview, invited: 0 };
    const drafts = preview.rows.map((row) => this.draft(by, { email: row.email, groupId: row.groupId!, role: row.role, twoFactor: row.twoFactor }));
    await store.invitations.insertMany(drafts.map((d) => d.invitation));
    const names = new Map(groups.map((g) => [g.id, g.name]));
    for (const { invitation, token } of drafts) await this.announce(by, invitation, token, names.get(invitation.groupId) ?? '');
    return { preview, invited: drafts.length };
  }

  private draft(by: Caller, input: { email: string; groupId: string; role: Invitation['role']; twoFactor: boolean }) {
    const now = this.deps.now();
    const token = randomToken(16);
    const invitation: Invitation = {
      id: randomId(),
      email: input.email,
      groupId: input.groupId,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy: by.user.id,
      createdAt: now,
      expiresAt: now + INVITATION_LIFETIME_MS,
      acceptedAt: null,
      twoFactorRequired: input.twoFactor,
    };
    return { invitation, token };
  }

  /** The e-mail with the sign-up link, and the audit entry. */
  private async announce(by: Caller, invitation: Invitation, token: string, groupName: string, action: 'invitation.sent' | 'invitation.resent' = 'invitation.sent'): Promise<void> {
    const organisation = await this.deps.organisationName();
    await this.deps.mailer.send({
      to: invitation.email,
      subject: `${by.user.name} invited you to ${organisation} on Lifeline`,
      text: [
        `${by.user.name} invited you to join ${organisation} on Lifeline as ${invitation.role === Role.admin ? 'an administrator' : 'a technician'} in the group "${groupName}".`,
        '',
        'Choose your name and password here:',
        this.deps.signupUrl(token),
        '',
        `The link works once and expires in ${INVITATION_LIFETIME_MS / 86_400_000} days. If you did not expect this, ignore this e-mail.`,
      ].join('\n'),
    });
    await this.deps.audit.record(by, action, invitation.email, { groupId: invitation.groupId, details: { role: invitation.role, groupName, twoFactor: invitation.twoFactorRequired } });
  }

  /** What the sign-up page shows; spent, expired and unknown links look the same. */
  async lookup(token: string): Promise<{ invitation: Invitation; groupName: string; organisationName: string }> {
    const invitation = await this.valid(token);
    const group = await this.deps.tree.group(invitation.groupId);
    return { invitation, groupName: group?.name ?? '', organisationName: await this.deps.organisationName() };
  }

  async accept(input: z.input<typeof signupSchema>, address: string): Promise<User> {
    const { token, name, password } = signupSchema.parse(input);
    const invitation = await this.valid(token);
    assertPasswordMeets(password, await this.deps.passwordPolicy(), 'password');
    const now = this.deps.now();
    const user: User = {
      id: randomId(),
      email: invitation.email,
      name,
      nickname: name,
      passwordHash: await hashPassword(password),
      role: invitation.role,
      groupId: invitation.groupId,
      enabled: true,
      description: '',
      twoFactorRequired: invitation.twoFactorRequired,
      totpSecret: null,
      passwordChangedAt: now,
      mustChangePassword: false,
      createdAt: now,
    };
    if (!(await this.deps.store.invitations.accept(invitation.id, user, now))) throw DomainError.invalidLink();
    await this.deps.audit.record({ user, address }, 'invitation.accepted', user.email, { groupId: user.groupId, details: { role: user.role } });
    return user;
  }

  pending(): Promise<Invitation[]> {
    return this.deps.store.invitations.listPending(this.deps.now());
  }

  private async valid(token: string): Promise<Invitation> {
    const invitation = token.length <= 64 ? await this.deps.store.invitations.findByTokenHash(hashToken(token)) : null;
    if (!invitation || invitation.acceptedAt !== null || invitation.expiresAt <= this.deps.now()) throw DomainError.invalidLink();
    return invitation;
  }
}
