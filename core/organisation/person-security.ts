import { randomInt } from 'node:crypto';
import type { AuditLog, Caller } from '../audit/audit-log';
import type { AccountStore } from '../auth/account-store';
import type { AuthSessions } from '../auth/auth-sessions';
import { hashPassword } from '../auth/passwords';
import type { TwoFactor } from '../auth/two-factor';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import type { OrganisationTree } from './organisation-tree';

/** Twenty characters from an alphabet without look-alikes: read out or pasted once, then replaced. */
function temporaryPassword(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/**
 * An administrator helps someone locked out: a temporary password that must be changed at the next sign-in, or
 * a fresh start for their second factor. Either ends that person's sign-ins. Only people the administrator
 * manages, never oneself (the account page is for that).
 */
export class PersonSecurity {
  constructor(
    private readonly deps: { tree: OrganisationTree; store: AccountStore; twoFactor: TwoFactor; authSessions: AuthSessions; audit: AuditLog; clock: Clock },
  ) {}

  async resetPassword(by: Caller, personId: string): Promise<string> {
    const person = await this.target(by, personId);
    const password = temporaryPassword();
    await this.deps.store.setPassword(person.id, await hashPassword(password), this.deps.clock.now(), true);
    await this.endSignIns(person.id);
    await this.deps.audit.record(by, 'password.reset', person.email, { groupId: person.groupId });
    return password;
  }

  async resetTwoFactor(by: Caller, personId: string): Promise<void> {
    const person = await this.target(by, personId);
    await this.deps.twoFactor.reset(person.id);
    await this.endSignIns(person.id);
    await this.deps.audit.record(by, 'two_factor.reset', person.email, { groupId: person.groupId, details: { by: 'administrator' } });
  }

  private async target(by: Caller, personId: string) {
    if (personId === by.user.id) throw DomainError.badRequest('Use your account page for your own password and second factor.');
    return this.deps.tree.managedPerson(by.user, personId);
  }

  private async endSignIns(userId: string): Promise<void> {
    for (const session of await this.deps.authSessions.listForUser(userId)) await this.deps.authSessions.end(session.id);
  }
}
