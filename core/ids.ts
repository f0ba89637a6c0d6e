/**
 * What random ids look like (core/random.ts randomId: 15 random bytes as 24 characters of lower-case base32). A
 * module of its own, without Node's crypto, so the browser's code checks ids with the same rule.
 */
export const ID_PATTERN = /^[a-z2-7]{24}$/;
