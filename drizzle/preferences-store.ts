import { eq } from 'drizzle-orm';
import type { WebImageType } from '../core/image-type';
import type { PreferencesStore } from '../core/preferences/preferences';
import type { Db } from './database';
import { personPreferences, users } from './schema';

export function sqlitePreferencesStore(db: Db): PreferencesStore {
  /** Creates the person's row on their first choice; later choices change only what they name. */
  const upsert = (userId: string, set: Partial<typeof personPreferences.$inferInsert>, now: number) =>
    db.insert(personPreferences).values({ userId, ...set, updatedAt: now }).onConflictDoUpdate({ target: personPreferences.userId, set: { ...set, updatedAt: now } }).run();
  return {
    async find(userId) {
      const row = db.select({ language: personPreferences.language, theme: personPreferences.theme, sound: personPreferences.sound, avatarHash: personPreferences.avatarHash })
        .from(personPreferences).where(eq(personPreferences.userId, userId)).get();
      return row ?? null;
    },
    async save(userId, patch, now) {
      upsert(userId, patch, now);
    },
    async setAvatar(userId, avatar, now) {
      upsert(userId, avatar ? { avatarHash: avatar.hash, avatarType: avatar.type, avatar: Buffer.from(avatar.bytes) } : { avatarHash: null, avatarType: null, avatar: null }, now);
    },
    async avatar(hash) {
      const row = db.select({ type: personPreferences.avatarType, bytes: personPreferences.avatar }).from(personPreferences).where(eq(personPreferences.avatarHash, hash)).get();
      return row?.type && row.bytes ? { type: row.type as WebImageType, bytes: new Uint8Array(row.bytes) } : null;
    },
    async setNickname(userId, nickname) {
      db.update(users).set({ nickname }).where(eq(users.id, userId)).run();
    },
  };
}
