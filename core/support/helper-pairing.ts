import { DomainError } from '../errors';
import { type SupportSession } from '../model';
import { hashToken, randomToken } from '../random';
import type { Repository } from '../repository';
import { isLive } from './session-state';

/**
 * The Lifeline Helper's pairing: a token bound to one session, carried inside the helper the customer
 * downloads. It lets that helper connect (and come back after a reboot) for as long as the session lives; a new
 * request replaces it; the session's end ends it. Only its hash is stored.
 *
 * The first helper to say hello takes the token: it gets a key of its own, keeps it on the customer's computer
 * (helper/helper-key.ts) and shows it on every later connection. From then on the token admits only that key:
 * the same download run again there (killed and started again, back from its reboot) comes back, while a copy of
 * the download elsewhere, or the token replayed, is refused and never receives the technician's input. A helper
 * that lost its key needs a new download: the technician's next request makes one (SessionHub.helperDownload).
 * Claims live in this process: after a server restart the first helper back takes the token again.
 */
export class HelperPairing {
  private readonly claims = new Map<string, { tokenHash: string; keyHash: string }>();

  constructor(private readonly repo: Repository) {}

  /** A fresh token for the session (any earlier helper's token, and its claim, stop working). */
  async issue(sessionId: string): Promise<string> {
    // 20 bytes = 160 bits, 32 base32 characters: protocol/helper.ts pairingTokenSchema.
    const token = randomToken(20);
    await this.repo.supportSessions.update(sessionId, { helperTokenHash: hashToken(token) });
    this.claims.delete(sessionId);
    return token;
  }

  /**
   * The live session a helper's token belongs to; unknown tokens and ended sessions get the same refusal, and
   * a token taken by another helper is refused without its key.
   */
  async sessionFor(token: string, key?: string): Promise<SupportSession> {
    const session = await this.repo.supportSessions.findByHelperTokenHash(hashToken(token));
    if (!session || !isLive(session.state)) throw DomainError.invalidCode();
    if (!this.admits(session.id, token, key)) throw HelperPairing.taken();
    return session;
  }

  /**
   * The helper says hello: the first one takes the token and gets its key (returned once, to keep); the one
   * holding it gets null; any other is refused.
   */
  claim(sessionId: string, token: string, key: string | undefined): string | null {
    const tokenHash = hashToken(token);
    if (this.claims.get(sessionId)?.tokenHash === tokenHash) {
      if (!this.admits(sessionId, token, key)) throw HelperPairing.taken();
      return null;
    }
    const fresh = randomToken(20);
    this.claims.set(sessionId, { tokenHash, keyHash: hashToken(fresh) });
    return fresh;
  }

  /** Whether a helper took the session's current token (another one then needs a new download). */
  isClaimed(sessionId: string): boolean {
    return this.claims.has(sessionId);
  }

  /** The session ended: its claim goes with it. */
  forget(sessionId: string): void {
    this.claims.delete(sessionId);
  }

  private admits(sessionId: string, token: string, key: string | undefined): boolean {
    const claim = this.claims.get(sessionId);
    if (!claim || claim.tokenHash !== hashToken(token)) return true;
    return key !== undefined && hashToken(key) === claim.keyHash;
  }

  private static taken(): DomainError {
    return DomainError.unauthorized('Another helper runs with this download. Download the helper again from your support session.');
  }
}
