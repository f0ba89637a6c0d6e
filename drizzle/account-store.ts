import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { AccountStore, SettingsStore } from '../core/auth/account-store';
import type { Db } from './database';
import { recoveryCodes, settings, users } from './schema';

export function sqliteAccountStore(db: Db): AccountStore {
  return {
    async setTotpSecret(userId, sealed) {
      db.update(users).set({ totpSecret: sealed }).where(eq(users.id, userId)).run();
    },
    async setRecoveryCodes(userId, codeHashes) {
      db.transaction((tx) => {
        tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
        for (const codeHash of codeHashes) tx.insert(recoveryCodes).values({ userId, codeHash }).run();
      });
    },
    async useRecoveryCode(userId, codeHash, now) {
      const spent = db.update(recoveryCodes).set({ usedAt: now })
        .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
        .run();
      return spent.changes === 1;
    },
    async remainingRecoveryCodes(userId) {
      return db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))).get()?.n ?? 0;
    },
    async setEmail(userId, email) {
      return db.transaction((tx) => {
        const taken = tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()} and ${users.id} <> ${userId}`).get();
        if (taken) return false;
        tx.update(users).set({ email }).where(eq(users.id, userId)).run();
        return true;
      }, { behavior: 'immediate' });
    },
    async setPassword(userId, passwordHash, changedAt, mustChange) {
      db.update(users).set({ passwordHash, passwordChangedAt: changedAt, mustChangePassword: mustChange }).where(eq(users.id, userId)).run();
    },
  };
}

export function sqliteSettingsStore(db: Db): SettingsStore {
  return {
    async get(key) {
      const row = db.select().from(settings).where(eq(settings.key, key)).get();
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    async set(key, value) {
      const text = JSON.stringify(value);
      db.insert(settings).values({ key, value: text }).onConflictDoUpdate({ target: settings.key, set: { value: text } }).run();
    },
  };
}
