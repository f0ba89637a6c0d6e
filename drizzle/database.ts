import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Opens (creating if needed) the SQLite file under the data directory and brings its schema up to date. */
export function openDatabase(dataDir: string): { db: Db; close: () => void } {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new Database(path.join(dataDir, 'lifeline.sqlite'));
  // WAL lets readers run while a write is in progress; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  // A migration that rebuilds a table (SQLite's way to change a column) drops the old one; with foreign keys on,
  // that would delete or refuse rows that point at it. SQLite's recipe: keys off, migrate, check, keys on.
  sqlite.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder });
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`The database has ${broken.length} broken references after migrating; refusing to start.`);
  sqlite.pragma('foreign_keys = ON');
  return { db, close: () => sqlite.close() };
}

/**
 * Opens an existing database for reading only (tools such as `npm run verify-log`): nothing is created or
 * migrated, so a check cannot change what it checks. A database older than the code is refused by name.
 */
export function openDatabaseReadOnly(dataDir: string): { db: Db; close: () => void } {
  const file = path.join(dataDir, 'lifeline.sqlite');
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  const columns = (sqlite.pragma('table_info(session_events)') as { name: string }[]).map((column) => column.name);
  if (!columns.includes('hash')) {
    sqlite.close();
    throw new Error(`${file} was written by an older Lifeline: start Lifeline once to bring it up to date.`);
  }
  return { db: drizzle(sqlite, { schema }), close: () => sqlite.close() };
}
