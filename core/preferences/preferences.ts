import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import * as z from 'zod';
import { DomainError, ErrorCode } from '../errors';
import type { User } from '../model';
import { sniffImageType, type WebImageType } from '../image-type';
import { AVATAR_HASH_PATTERN, avatarUrl } from './avatar-address';

/** The languages and themes a person may choose; null means "this browser decides" (its languages, the system theme). */
export const PREFERENCE_LANGUAGES = ['en', 'fr', 'nl'] as const;
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** An avatar's largest size: a face at 256 px needs far less; the limit keeps the database small. */
export const AVATAR_MAX_BYTES = 256 * 1024;

export interface Preferences {
  nickname: string;
  language: (typeof PREFERENCE_LANGUAGES)[number] | null;
  theme: Theme | null;
  /** The chime when a customer waits (client/session-alerts.ts). */
  sound: boolean;
  /** The picture's address (its content hash), or null: initials are shown (web/components/Avatar.tsx). */
  avatarUrl: string | null;
}

export const preferencesPatchSchema = z.object({
  nickname: z.string().trim().min(1, 'Enter the name customers see.').max(80).optional(),
  language: z.enum(PREFERENCE_LANGUAGES).nullable().optional(),
  theme: z.enum(THEMES).nullable().optional(),
  sound: z.boolean().optional(),
});
export type PreferencesPatch = z.input<typeof preferencesPatchSchema>;

export interface StoredPreferences {
  language: string | null;
  theme: Theme | null;
  sound: boolean;
  avatarHash: string | null;
}

export interface PreferencesStore {
  find(userId: string): Promise<StoredPreferences | null>;
  save(userId: string, patch: Partial<Omit<StoredPreferences, 'avatarHash'>>, now: number): Promise<void>;
  setAvatar(userId: string, avatar: { hash: string; type: WebImageType; bytes: Uint8Array } | null, now: number): Promise<void>;
  avatar(hash: string): Promise<{ type: WebImageType; bytes: Uint8Array } | null>;
  setNickname(userId: string, nickname: string): Promise<void>;
}

export { avatarUrl };
export const avatarHashSchema = z.string().regex(AVATAR_HASH_PATTERN);

/**
 * A person's own choices (web/app/account), kept on the server so they follow them to another browser. Each
 * person edits only their own; nothing here is an administrator's business, so nothing is audited.
 */
export class PersonPreferences {
  constructor(private readonly store: PreferencesStore, private readonly now: () => number) {}

  async of(user: Pick<User, 'id' | 'nickname'>): Promise<Preferences> {
    const stored = await this.store.find(user.id);
    const language = PREFERENCE_LANGUAGES.find((l) => l === stored?.language) ?? null;
    return {
      nickname: user.nickname,
      language,
      theme: stored?.theme ?? null,
      sound: stored?.sound ?? true,
      avatarUrl: stored?.avatarHash ? avatarUrl(stored.avatarHash) : null,
    };
  }

  async update(user: User, input: PreferencesPatch): Promise<Preferences> {
    const { nickname, ...rest } = preferencesPatchSchema.parse(input);
    if (nickname !== undefined && nickname !== user.nickname) await this.store.setNickname(user.id, nickname);
    if (Object.keys(rest).length > 0) await this.store.save(user.id, rest, this.now());
    return this.of({ id: user.id, nickname: nickname ?? user.nickname });
  }

  /** A PNG, JPEG or WebP of at most AVATAR_MAX_BYTES, judged by its bytes; anything else is refused with a reason. */
  async setAvatar(user: User, bytes: Uint8Array): Promise<Preferences> {
    if (bytes.length > AVATAR_MAX_BYTES) throw new DomainError(ErrorCode.tooLarge, `A picture may be at most ${AVATAR_MAX_BYTES / 1024} KB.`, undefined, 'avatar');
    const type = sniffImageType(bytes);
    if (!type) throw DomainError.invalidField('avatar', 'Choose a PNG, JPEG or WebP picture.', [{ key: 'invalid' }]);
    await this.store.setAvatar(user.id, { hash: encodeHexLowerCase(sha256(bytes)), type, bytes }, this.now());
    return this.of(user);
  }

  async removeAvatar(user: User): Promise<Preferences> {
    await this.store.setAvatar(user.id, null, this.now());
    return this.of(user);
  }

  avatar(hash: string): Promise<{ type: WebImageType; bytes: Uint8Array } | null> {
    return avatarHashSchema.safeParse(hash).success ? this.store.avatar(hash) : Promise.resolve(null);
  }
}
