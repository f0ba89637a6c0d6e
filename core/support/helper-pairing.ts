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
 * One helper at a time holds the token: the one that said hello gets a key of its own and shows it whenever it
 * reconnects (a network drop, the reboot it asked for). While it is connected, another helper with the same
 * token (a copy of the download, the token replayed) is refused and cannot take its place and the technician's
 * input. Once it is gone, the customer may run the download again: the new helper holds the token then, with a
 * new key. Claims live in this process: after a server restart the first helper back holds it.
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

  /** The live session a helper's token belongs to; unknown tokens and ended sessions get the same refusal. */
  async sessionFor(token: string): Promise<SupportSession> {
    const session = await this.repo.supportSessions.findByHelperTokenHash(hashToken(token));
    if (!session || !isLive(session.state)) throw DomainError.invalidCode();
    return session;
  }

  /**
   * A helper says hello with the session's token and the key it holds, if any. The helper that holds the token
   * (its key) is admitted again; another one only while no helper is connected (`helperConnected`), and it holds
   * the token from then on. Returns the new key to keep, or null for the helper that already holds it.
   */
  claim(sessionId: string, token: string, key: string | undefined, helperConnected: boolean): string | null {
    const tokenHash = hashToken(token);
    const claim = this.claims.get(sessionId);
    if (claim?.tokenHash === tokenHash) {
      if (key !== undefined && hashToken(key) === claim.keyHash) return null;
      if (helperConnected) throw DomainError.unauthorized('Another helper already runs with this download. Close it first, or download the helper again from your support session.');
    }
    const fresh = randomToken(20);
    this.claims.set(sessionId, { tokenHash, keyHash: hashToken(fresh) });
    return fresh;
  }

  /** The session ended: its claim goes with it. */
  forget(sessionId: string): void {
    this.claims.delete(sessionId);
  }
}
