import { createHmac } from 'node:crypto';

export interface TurnCredential {
  username: string;
  credential: string;
  /** UTC milliseconds after which a TURN server using the REST scheme refuses the username. */
  expiresAt: number;
}

/**
 * Ephemeral TURN credentials in the TURN REST scheme (draft-uberti-behave-turn-rest, coturn's
 * `--use-auth-secret`): username `expiry:sessionId` with expiry in Unix seconds, password
 * base64(HMAC-SHA1(secret, username)). Any TURN server that knows the shared secret accepts them without a
 * call back to us, which is what lets an external coturn replace the embedded relay by configuration alone.
 */
export function turnCredential(secret: string, sessionId: string, expiresAt: number): TurnCredential {
  const username = `${Math.floor(expiresAt / 1000)}:${sessionId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt };
}
