import { chmod, copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { commandDataDir } from './command-data-dir';

/**
 * `npm run backup [-- <directory>]`: a consistent copy of the database and the stored files (screenshots,
 * recordings) while the server keeps serving. The database is copied with SQLite's online backup, a snapshot of
 * one moment that writers do not disturb; the files are copied after it, so every file the snapshot names is
 * there (one still being written, a recording under way, may hold more than the snapshot knows of). The copy is
 * checked (`PRAGMA integrity_check`) before it is reported good. The secret key is not copied: keep it with the
 * backups but apart from them, or whoever holds one holds the other too.
 *
 * Exit code 0 when the copy is made and checked, 1 when it failed, 2 when it could not start.
 */

const USAGE = 'Usage: npm run backup [-- <directory>]   (default: DATA_DIR/backups/<date and time>)';

export interface BackupReport {
  directory: string;
  databaseBytes: number;
  files: number;
  fileBytes: number;
  sessions: number;
}

/** Copies DATA_DIR's database and blobs into `directory` (made if needed; must not hold a backup already). */
export async function backup(dataDir: string, directory: string): Promise<BackupReport> {
  const source = path.join(dataDir, 'lifeline.sqlite');
  await stat(source).catch(() => {
    throw new Error(`No database at ${source}: is DATA_DIR right?`);
  });
  await mkdir(directory, { recursive: true, mode: 0o700 });
  // The data is as private as the data directory itself, also in a directory that existed before.
  await chmod(directory, 0o700);
  const target = path.join(directory, 'lifeline.sqlite');
  if (await stat(target).then(() => true, () => false)) throw new Error(`${target} exists already: choose an empty directory.`);

  const database = new Database(source, { readonly: true, fileMustExist: true });
  try {
    // The backup's own reads wait this long for a lock rather than fail at once.
    database.pragma('busy_timeout = 5000');
    // SQLite starts a stepwise backup over whenever the server writes between two steps: on a busy server a
    // large database might never finish. After the first step, the rest goes in one.
    await database.backup(target, { progress: ({ totalPages }) => totalPages });
  } finally {
    database.close();
  }
  await chmod(target, 0o600);

  const copy = new Database(target, { readonly: true });
  let sessions: number;
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`The copy of the database failed its integrity check: ${String(integrity)}`);
    sessions = (copy.prepare('select count(*) as n from support_sessions').get() as { n: number }).n;
  } finally {
    copy.close();
  }

  const { files, bytes } = await copyTree(path.join(dataDir, 'blobs'), path.join(directory, 'blobs'));
  return { directory, databaseBytes: (await stat(target)).size, files, fileBytes: bytes, sessions };
}

/** Copies a directory's files, keeping their layout; a missing source is an empty one. */
async function copyTree(from: string, to: string): Promise<{ files: number; bytes: number }> {
  const entries = await readdir(from, { withFileTypes: true }).catch(() => []);
  let files = 0;
  let bytes = 0;
  await mkdir(to, { recursive: true, mode: 0o700 });
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      const inner = await copyTree(source, target);
      files += inner.files;
      bytes += inner.bytes;
    } else if (entry.isFile()) {
      try {
        await copyFile(source, target);
      } catch (error) {
        // Removed since the listing (a refused screenshot): nothing the snapshot needs.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      await chmod(target, 0o600);
      files++;
      bytes += (await stat(target)).size;
    }
  }
  return { files, bytes };
}

export async function backupCommand(args: readonly string[], env: Record<string, string | undefined>, out: (line: string) => void, now = new Date()): Promise<number> {
  if (args.length > 1 || args[0]?.startsWith('-')) {
    out(USAGE);
    return 2;
  }
  const dataDir = commandDataDir(env, out);
  if (dataDir === null) return 2;
  const directory = path.resolve(args[0] ?? path.join(dataDir, 'backups', now.toISOString().replace(/[:.]/g, '-')));
  try {
    const report = await backup(dataDir, directory);
    out(`Backup made in ${report.directory}: database ${report.databaseBytes} bytes (${report.sessions} sessions, integrity ok), ${report.files} stored files (${report.fileBytes} bytes).`);
    out('The secret key (SECRET_KEY, or DATA_DIR/secret.key) is not in it: keep a copy of the key apart from the backups.');
    return 0;
  } catch (error) {
    out(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  backupCommand(process.argv.slice(2), process.env, (line) => console.log(line)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
