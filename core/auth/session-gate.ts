import { DomainError } from '../errors';
import type { AuthSession, IpRules, User } from '../model';
import { allowedByAll } from '../organisation/ip-rules';

/**
 * What every signed-in request passes besides a valid cookie: the group's address rules ("for signing in and
 * using the console") and, when a second factor became required after this sign-in, a sign-in that had one.
 */
export class SessionGate {
  constructor(private readonly access: (userId: string) => Promise<{ requireTwoFactor: boolean; ipRules: IpRules[] }>) {}

  async check(session: AuthSession, user: User, address: string): Promise<void> {
    const { requireTwoFactor, ipRules } = await this.access(user.id);
    if (!allowedByAll(ipRules, address)) throw DomainError.forbidden(`Your group does not allow using Lifeline from this address (${address}).`);
    if (requireTwoFactor && session.secondFactor === null) throw DomainError.unauthorized('Your organisation now asks for two-step verification. Sign in again.');
  }
}
