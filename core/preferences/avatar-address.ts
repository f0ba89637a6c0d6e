/**
 * Avatars are served at an address named by the SHA-256 of their bytes: whoever has the address may see the face
 * (a customer sees their technician's at consent), nobody can guess one, and a new picture gets a new address.
 * Kept apart from preferences.ts so the customer's page (protocol) reads the rule without the hashing code.
 */
export const AVATAR_HASH_PATTERN = /^[0-9a-f]{64}$/;
export const AVATAR_URL_PATTERN = /^\/api\/avatars\/[0-9a-f]{64}$/;
export const avatarUrl = (hash: string) => `/api/avatars/${hash}`;
