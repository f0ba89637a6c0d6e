import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's minimum profile (19 MiB, 2 passes): ~50 ms here, slow enough for guessers.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Hashed once at start-up and checked against unknown e-mails, so a sign-in for an address that has no account
 * takes as long as a wrong password (no account discovery by timing).
 */
export const dummyPasswordHash = hashPassword('lifeline-timing-equaliser');
