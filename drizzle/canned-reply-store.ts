import { eq, inArray } from 'drizzle-orm';
import type { CannedReplyStore } from '../core/canned-replies';
import type { Db } from './database';
import { cannedReplies } from './schema';

export function sqliteCannedReplyStore(db: Db): CannedReplyStore {
  return {
    async list(scopes) {
      return db.select().from(cannedReplies).where(inArray(cannedReplies.scope, scopes)).all();
    },
    async insert(reply) {
      return db.insert(cannedReplies).values(reply).onConflictDoNothing().run().changes === 1;
    },
    async find(id) {
      return db.select().from(cannedReplies).where(eq(cannedReplies.id, id)).get() ?? null;
    },
    async delete(id) {
      db.delete(cannedReplies).where(eq(cannedReplies.id, id)).run();
    },
  };
}
