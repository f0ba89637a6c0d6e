import { desc, lt } from 'drizzle-orm';
import type { OutboxStore } from '../core/mail/mailer';
import type { Db } from './database';
import { outbox } from './schema';

export function sqliteOutboxStore(db: Db): OutboxStore & { deleteBefore(time: number): Promise<void> } {
  return {
    async insert(mail) {
      db.insert(outbox).values(mail).run();
    },
    async deleteBefore(time) {
      db.delete(outbox).where(lt(outbox.createdAt, time)).run();
    },
    async list(limit) {
      return db.select().from(outbox).orderBy(desc(outbox.id)).limit(limit).all();
    },
  };
}
