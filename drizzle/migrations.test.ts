import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BEFORE_CHAIN, verifyChain } from '../core/support/event-chain';
import { openDatabase } from './database';
import { sqliteRepository } from './sqlite-repository';

const migrations = path.join(import.meta.dirname, 'migrations');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database as an older release left it: the first `count` migrations applied by hand, with data in it. */
function databaseAt(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeline-migrate-'));
  dirs.push(dir);
  const sqlite = new Database(path.join(dir, 'lifeline.sqlite'));
  const journal = JSON.parse(readFileSync(path.join(migrations, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
  sqlite.exec('CREATE TABLE "__drizzle_migrations" (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)');
  for (const entry of journal.entries.slice(0, count)) {
    for (const statement of readFileSync(path.join(migrations, `${entry.tag}.sql`), 'utf8').split('--> statement-breakpoint')) sqlite.exec(statement);
    sqlite.prepare('INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)').run(entry.tag, entry.when);
  }
  sqlite.close();
  return dir;
}

describe('migrations', () => {
  it('are all listed in the journal', () => {
    const files = readdirSync(migrations).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, ''));
    const journal = JSON.parse(readFileSync(path.join(migrations, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    expect(journal.entries.map((e) => e.tag)).toEqual(files.sort());
  });

  it('bring a database from before groups and queues up to date without losing a row or a reference', () => {
    const dir = databaseAt(3);
    const old = new Database(path.join(dir, 'lifeline.sqlite'));
    old.exec(`
      INSERT INTO organisation (id, name, created_at) VALUES (1, 'Acme', 1);
      INSERT INTO users (id, email, name, nickname, password_hash, role, created_at) VALUES
        ('owner', 'o@example.com', 'Olivia', 'Olivia', 'x', 'master_admin', 1),
        ('tech', 't@example.com', 'Tess', 'Tess', 'x', 'technician', 2);
      INSERT INTO support_sessions (id, technician_id, customer_name, state, code, code_expires_at, link_token_hash, created_at, joined_at, consented_at, notes)
        VALUES ('s1', 'tech', 'Carol', 'active', NULL, 10, 'hash', 3, 4, 5, 'notes');
      INSERT INTO session_events (session_id, at, actor, type, data) VALUES ('s1', 4, 'customer', 'joined', '{}');
    `);
    old.close();

    const { db, close } = openDatabase(dir);
    try {
      const sqlite = (db as unknown as { $client: Database.Database }).$client;
      expect(sqlite.prepare('SELECT id, name FROM technician_groups').all()).toEqual([{ id: 'technicians', name: 'Technicians' }]);
      expect(sqlite.prepare('SELECT id, group_id, enabled FROM users ORDER BY id').all()).toEqual([
        { id: 'owner', group_id: null, enabled: 1 },
        { id: 'tech', group_id: 'technicians', enabled: 1 },
      ]);
      expect(sqlite.prepare('SELECT id, technician_id, group_id, picked_up_at, notes FROM support_sessions').all()).toEqual([
        { id: 's1', technician_id: 'tech', group_id: 'technicians', picked_up_at: 5, notes: 'notes' },
      ]);
      expect(sqlite.prepare('SELECT count(*) AS n FROM session_events').get()).toEqual({ n: 1 });
      expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
      expect(() => sqlite.prepare("INSERT INTO session_events (session_id, at, actor, type, data) VALUES ('nope', 1, 'system', 'x', '{}')").run()).toThrow(/FOREIGN KEY/);
    } finally {
      close();
    }
  });

  it('mark events written before the chain as history, not sealed, and chain the next ones after them', async () => {
    const dir = databaseAt(13);
    const old = new Database(path.join(dir, 'lifeline.sqlite'));
    old.exec(`
      INSERT INTO users (id, email, name, nickname, password_hash, role, created_at) VALUES ('tech', 't@example.com', 'Tess', 'Tess', 'x', 'technician', 1);
      INSERT INTO support_sessions (id, technician_id, customer_name, state, code, code_expires_at, link_token_hash, created_at, joined_at, consented_at, notes)
        VALUES ('s1', 'tech', 'Carol', 'active', NULL, 10, 'hash', 3, 4, 5, '');
      INSERT INTO session_events (session_id, at, actor, type, data) VALUES ('s1', 4, 'customer', 'joined', '{}'), ('s1', 5, 'customer', 'chat', '{"text":"hi"}');
    `);
    old.close();

    const { db, close } = openDatabase(dir);
    try {
      // Not sealed: that would vouch for whatever happened to them before. Marked as history instead.
      const sqlite = (db as unknown as { $client: Database.Database }).$client;
      expect(sqlite.prepare('SELECT seq, prev_hash, hash FROM session_events').all()).toEqual([
        { seq: null, prev_hash: null, hash: BEFORE_CHAIN },
        { seq: null, prev_hash: null, hash: BEFORE_CHAIN },
      ]);
      const repo = sqliteRepository(db);
      await repo.sessionEvents.append({ sessionId: 's1', at: 6, actor: 'technician', type: 'chat', data: { text: 'hello' } });
      await repo.sessionEvents.append({ sessionId: 's1', at: 7, actor: 'customer', type: 'chat', data: { text: 'thanks' } });
      expect(verifyChain('s1', await repo.sessionEvents.chain('s1'))).toEqual({ ok: true, sessionId: 's1', events: 4, unchained: 2, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    } finally {
      close();
    }
  });
});
