import type { Clock } from '../clock';
import type { AuthSession, User } from '../model';
import { hashToken, randomToken } from '../random';
import type { Repository } from '../repository';

const DAY = 24 * 60 * 60 * 1000;
/** Sign-ins last 30 days of inactivity; each use in the second half pushes expiry out again (sliding). */
export const AUTH_SESSION_LIFETIME_MS = 30 * DAY;
const RENEW_WHEN_LEFT_MS = 15 * DAY;

export type SessionValidation = { session: AuthSession; user: User } | { session: null; user: null };

/**
 * Sign-in sessions in the Lucia design: the cookie carries 20 random bytes, the database only their SHA-256, so
 * reading the database does not let anyone sign in.
 */
export class AuthSessions {
  private readonly invalidated = new Set<(sessionId: string) => void>();

  constructor(
    private readonly repo: Repository,
    private readonly clock: Clock,
  ) {}

  /** Called with the session id when a sign-in ends, so live connections made with it can be cut. */
  onInvalidate(listener: (sessionId: string) => void): void {
    this.invalidated.add(listener);
  }

  async create(
    userId: string,
    context: { secondFactor?: AuthSession['secondFactor']; address?: string; userAgent?: string } = {},
  ): Promise<{ token: string; session: AuthSession }> {
    const token = randomToken(20);
    const now = this.clock.now();
    const session: AuthSession = {
      id: hashToken(token),
      userId,
      createdAt: now,
      expiresAt: now + AUTH_SESSION_LIFETIME_MS,
      secondFactor: context.secondFactor ?? null,
      address: context.address ?? '',
      userAgent: (context.userAgent ?? '').slice(0, 300),
    };
    await this.repo.authSessions.insert(session);
    return { token, session };
  }

  async validate(token: string | undefined | null): Promise<SessionValidation> {
    if (!token || token.length > 64) return { session: null, user: null };
    const found = await this.repo.authSessions.findWithUser(hashToken(token));
    if (!found) return { session: null, user: null };
    const now = this.clock.now();
    const { session, user } = found;
    if (!user.enabled) return { session: null, user: null };
    if (now >= session.expiresAt) {
      await this.repo.authSessions.delete(session.id);
      return { session: null, user: null };
    }
    if (now >= session.expiresAt - RENEW_WHEN_LEFT_MS) {
      session.expiresAt = now + AUTH_SESSION_LIFETIME_MS;
      await this.repo.authSessions.setExpiry(session.id, session.expiresAt);
    }
    return { session, user };
  }

  async invalidate(token: string): Promise<void> {
    await this.end(hashToken(token));
  }

  /** Ends a sign-in by its stored id (the account page's "sign out there"); its live consoles are cut. */
  async end(id: string): Promise<void> {
    await this.repo.authSessions.delete(id);
    for (const listener of this.invalidated) listener(id);
  }

  listForUser(userId: string): Promise<AuthSession[]> {
    return this.repo.authSessions.listForUser(userId, this.clock.now());
  }
}
