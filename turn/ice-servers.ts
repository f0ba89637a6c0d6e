import { randomBytes } from 'node:crypto';
import type { RtcConfig } from '../protocol';
import { turnCredential } from './credentials';
import type { EmbeddedRelay } from './relay';

/** Credentials outlive any reasonable support session; the username dies with the session anyway. */
const CREDENTIAL_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Hands each support session its ICE servers: STUN and TURN with ephemeral credentials. With the embedded relay
 * the username is registered for the session's lifetime and revoked at its end; with an external TURN server
 * (coturn, `use-auth-secret`) the shared secret alone makes the credentials valid.
 */
export class IceServers {
  private readonly issued = new Map<string, string>();
  private readonly secret: string;

  constructor(
    private readonly options: {
      urls: string[];
      secret?: string;
      iceTransportPolicy: 'all' | 'relay';
      relay?: EmbeddedRelay;
      now: () => number;
    },
  ) {
    // The embedded relay is told each username explicitly, so a per-start random secret is enough there.
    this.secret = options.secret ?? randomBytes(32).toString('base64');
  }

  forSession(sessionId: string): RtcConfig {
    const credential = turnCredential(this.secret, sessionId, this.expiryFor(sessionId));
    if (this.options.relay && !this.issued.has(sessionId)) {
      this.options.relay.addUser(credential.username, credential.credential);
    }
    this.issued.set(sessionId, credential.username);
    const stun = this.options.urls.filter((url) => url.startsWith('stun'));
    const turn = this.options.urls.filter((url) => url.startsWith('turn'));
    return {
      iceServers: [
        ...(stun.length ? [{ urls: stun }] : []),
        ...(turn.length ? [{ urls: turn, username: credential.username, credential: credential.credential }] : []),
      ],
      iceTransportPolicy: this.options.iceTransportPolicy,
    };
  }

  /** The session ended: its relay username stops working and its allocations close now. */
  endSession(sessionId: string): void {
    const username = this.issued.get(sessionId);
    this.issued.delete(sessionId);
    if (username) this.options.relay?.revokeUser(username);
  }

  private expiryFor(sessionId: string): number {
    const username = this.issued.get(sessionId);
    if (username) return Number(username.split(':')[0]) * 1000;
    return this.options.now() + CREDENTIAL_LIFETIME_MS;
  }
}
