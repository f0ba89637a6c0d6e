import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useServerWithOwner } from '../testing/owner-server';

/**
 * The outbox (mail when no SMTP server is configured) carries live invitation links and codes: at rest they are
 * sealed under the server's secret key, so a copy of the database alone hands none of them out, while master
 * administrators still read them at /admin/outbox.
 */
describe('the outbox at rest', () => {
  const rig = useServerWithOwner();

  it('keeps an invitation\'s link out of the database files, and shows it to the owner', async () => {
    const groupId = await rig.clients.firstGroupId();
    expect((await rig.clients.postAs('/api/admin/invitations', { email: 'newcomer@example.com', groupId })).status).toBe(201);
    const page = await rig.clients.outboxPage();
    const link = /\/signup\/([a-z2-7]+)/.exec(page);
    expect(link, 'the owner reads the link').not.toBeNull();

    const file = path.join(rig.server.dataDir, 'lifeline.sqlite');
    const database = new Database(file, { readonly: true });
    try {
      const rows = database.prepare('select "to", subject, text from outbox').all() as Record<string, string>[];
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.subject).toMatch(/^v1\./);
        expect(row.text).toMatch(/^v1\./);
      }
    } finally {
      database.close();
    }
    // Nor anywhere in the files themselves (the write-ahead log included).
    for (const name of [file, `${file}-wal`]) if (existsSync(name)) expect(readFileSync(name).includes(link![1])).toBe(false);
  });
});
