import { randomBytes, randomInt } from 'node:crypto';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** An unguessable bearer token: `bytes` random bytes, base32 so it survives URLs and cookies. */
export function randomToken(bytes = 20): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}

/** Tokens are stored only as their SHA-256: a leaked database does not hand out live sessions or links. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** A 6-digit code from the CSPRNG, leading zeros kept (what a technician reads out on the phone). */
export function randomSixDigitCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

export function randomId(): string {
  return randomToken(15);
}
