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
 * The first helper to say hello with a token claims it: it gets a key of its own, and from then on the token
 * admits only a helper that shows that key (the same one reconnecting, or coming back after a reboot it asked
 * for). A copy of the download run elsewhere, or the token replayed, cannot replace it and receive the
 * technician's input. Claims live in this process: after a server restart the first helper back claims again.
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
   * The live session a helper's token belongs to; unknown tokens and ended sessions get the same refusal. A token
   * already claimed admits only the helper with its key.
   */
  async sessionFor(token: string, key?: string): Promise<SupportSession> {
    const session = await this.repo.supportSessions.findByHelperTokenHash(hashToken(token));
    if (!session || !isLive(session.state)) throw DomainError.invalidCode();
    if (!this.holds(session.id, token, key)) throw HelperPairing.claimedElsewhere();
    return session;
  }

  /**
   * The helper says hello: the first one claims the token and gets its key (returned once, to keep); one that
   * shows the key gets null; any other is refused.
   */
  claim(sessionId: string, token: string, key?: string): string | null {
    const tokenHash = hashToken(token);
    const claim = this.claims.get(sessionId);
    if (claim?.tokenHash === tokenHash) {
      if (!this.holds(sessionId, token, key)) throw HelperPairing.claimedElsewhere();
      return null;
    }
    const fresh = randomToken(20);
    this.claims.set(sessionId, { tokenHash, keyHash: hashToken(fresh) });
    return fresh;
  }

  /** Whether a helper holds the session's token: a new download is then needed for another one. */
  isClaimed(sessionId: string): boolean {
    return this.claims.has(sessionId);
  }

  /** The session ended: its claim goes with it. */
  forget(sessionId: string): void {
    this.claims.delete(sessionId);
  }

  private holds(sessionId: string, token: string, key: string | undefined): boolean {
    const claim = this.claims.get(sessionId);
    if (!claim || claim.tokenHash !== hashToken(token)) return true;
    return key !== undefined && hashToken(key) === claim.keyHash;
  }

  private static claimedElsewhere(): DomainError {
    return DomainError.unauthorized('Another helper already runs with this download. Download the helper again from your support session.');
  }
}
