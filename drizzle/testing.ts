import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Repository } from '../core/repository';
import { type Db, openDatabase } from './database';
import { sqliteRepository } from './sqlite-repository';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A real SQLite database on a fresh temporary directory, removed after the current test. */
export function openTestDb(): Db {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeline-repo-'));
  const database = openDatabase(dir);
  cleanups.push(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return database.db;
}

/** The real SQLite repository on a fresh temporary directory, removed after the current test. */
export function openTestRepository(): Repository {
  return sqliteRepository(openTestDb());
}
