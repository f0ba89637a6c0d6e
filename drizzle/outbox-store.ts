import { desc } from 'drizzle-orm';
import type { OutboxStore } from '../core/mail/mailer';
import type { Db } from './database';
import { outbox } from './schema';

export function sqliteOutboxStore(db: Db): OutboxStore {
  return {
    async insert(mail) {
      db.insert(outbox).values(mail).run();
    },
    async list(limit) {
      return db.select().from(outbox).orderBy(desc(outbox.id)).limit(limit).all();
    },
  };
}
