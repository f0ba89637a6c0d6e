import { z } from 'zod';
import type { AuditLog, Caller } from '../audit/audit-log';
import { emailSchema, passwordSchema, personNameSchema } from '../auth/accounts';
import { hashPassword } from '../auth/passwords';
import { DomainError } from '../errors';
import type { Mailer } from '../mail/mailer';
import { type Invitation, Role, type User } from '../model';
import { hashToken, randomId, randomToken } from '../random';
import type { OrganisationTree } from './organisation-tree';
import type { OrganisationStore } from './store';

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export const inviteSchema = z.object({
  email: emailSchema,
  groupId: z.string().min(1, 'Choose a group.').max(64),
  role: z.enum(['technician', 'admin']).default('technician'),
});
export type InviteInput = z.input<typeof inviteSchema>;

export const signupSchema = z.object({
  token: z.string().min(1).max(64),
  name: personNameSchema,
  password: passwordSchema,
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
}

/**
 * Inviting people by e-mail: the invitee gets a link that works once and expires; following it, they choose
 * their name and password and land in the group they were invited to.
 */
export class Invitations {
  constructor(private readonly deps: InvitationsDeps) {}

  async invite(by: Caller, input: InviteInput): Promise<Invitation> {
    const { email, groupId, role } = inviteSchema.parse(input);
    const { store, tree, audit, now } = this.deps;
    const group = await tree.group(groupId);
    if (!group) throw DomainError.notFound('Group');
    if (!(await tree.manages(by.user, groupId))) throw DomainError.forbidden('You do not manage that group.');
    if (role === Role.admin && by.user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator adds administrators.');
    if (await store.people.findByEmail(email)) throw DomainError.conflict(`${email} already has an account.`);
    const token = randomToken(16);
    const invitation: Invitation = {
      id: randomId(),
      email,
      groupId,
      role,
      tokenHash: hashToken(token),
      invitedBy: by.user.id,
      createdAt: now(),
      expiresAt: now() + INVITATION_LIFETIME_MS,
      acceptedAt: null,
    };
    await store.invitations.insert(invitation);
    const organisation = await this.deps.organisationName();
    await this.deps.mailer.send({
      to: email,
      subject: `${by.user.name} invited you to ${organisation} on Lifeline`,
      text: [
        `${by.user.name} invited you to join ${organisation} on Lifeline as ${role === Role.admin ? 'an administrator' : 'a technician'} in the group "${group.name}".`,
        '',
        'Choose your name and password here:',
        this.deps.signupUrl(token),
        '',
        `The link works once and expires in ${INVITATION_LIFETIME_MS / 86_400_000} days. If you did not expect this, ignore this e-mail.`,
      ].join('\n'),
    });
    await audit.record(by, 'invitation.sent', email, { groupId, details: { role, groupName: group.name } });
    return invitation;
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
