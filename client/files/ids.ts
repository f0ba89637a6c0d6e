const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A transfer or request id (FILE_ID_PATTERN): 16 base32 characters, 80 bits from the browser's CSPRNG. */
export function randomFileId(): string {
  // 256 is a multiple of 32, so masking keeps every character equally likely.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => ALPHABET[byte & 31]).join('');
}
