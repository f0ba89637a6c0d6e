import { DomainError } from '../errors';
import { type SupportSession } from '../model';
import { hashToken, randomToken } from '../random';
import type { Repository } from '../repository';
import { isLive } from './session-state';

/**
 * The Lifeline Helper's pairing: a token bound to one session, carried inside the helper the customer
 * downloads. It lets that helper connect (and come back after a reboot) for as long as the session lives; a new
 * request replaces it; the session's end ends it. Only its hash is stored.
 */
export class HelperPairing {
  constructor(private readonly repo: Repository) {}

  /** A fresh token for the session (any earlier helper's token stops working). */
  async issue(sessionId: string): Promise<string> {
    // 20 bytes = 160 bits, 32 base32 characters: protocol/helper.ts pairingTokenSchema.
    const token = randomToken(20);
    await this.repo.supportSessions.update(sessionId, { helperTokenHash: hashToken(token) });
    return token;
  }

  /** The live session a helper's token belongs to; unknown tokens and ended sessions get the same refusal. */
  async sessionFor(token: string): Promise<SupportSession> {
    const session = await this.repo.supportSessions.findByHelperTokenHash(hashToken(token));
    if (!session || !isLive(session.state)) throw DomainError.invalidCode();
    return session;
  }
}
