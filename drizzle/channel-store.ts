import { asc, eq, isNull } from 'drizzle-orm';
import type { Channel } from '../core/channels/channel';
import type { ChannelStore } from '../core/channels/channels';
import type { Db } from './database';
import { channels } from './schema';

type Settings = Omit<Channel, 'id' | 'slug' | 'name' | 'enabled' | 'createdAt' | 'removedAt'>;

function toChannel(row: typeof channels.$inferSelect): Channel {
  const settings = JSON.parse(row.settings) as Settings;
  return { ...settings, id: row.id, slug: row.slug, name: row.name, enabled: row.enabled, createdAt: row.createdAt, removedAt: row.removedAt };
}

function settingsOf(channel: Settings): string {
  const { description, groupIds, excludedTechnicianIds, allowedOrigins, fields, hours, unavailable, waitingTimeout, appearance, privacy } = channel;
  const settings: Settings = { description, groupIds, excludedTechnicianIds, allowedOrigins, fields, hours, unavailable, waitingTimeout, appearance, privacy };
  return JSON.stringify(settings);
}

export function sqliteChannelStore(db: Db): ChannelStore {
  return {
    async list() {
      return db.select().from(channels).where(isNull(channels.removedAt)).orderBy(asc(channels.createdAt), asc(channels.id)).all().map(toChannel);
    },
    async find(id) {
      const row = db.select().from(channels).where(eq(channels.id, id)).get();
      return row ? toChannel(row) : null;
    },
    async findBySlug(slug) {
      const row = db.select().from(channels).where(eq(channels.slug, slug)).get();
      return row ? toChannel(row) : null;
    },
    async insert(channel) {
      const row = { id: channel.id, slug: channel.slug, name: channel.name, enabled: channel.enabled, createdAt: channel.createdAt, removedAt: channel.removedAt, settings: settingsOf(channel) };
      return db.insert(channels).values(row).onConflictDoNothing({ target: channels.slug }).run().changes === 1;
    },
    async update(id, channel) {
      db.update(channels).set({ name: channel.name, enabled: channel.enabled, removedAt: channel.removedAt, settings: settingsOf(channel) }).where(eq(channels.id, id)).run();
    },
  };
}
