import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { useServerWithOwner } from '../testing/owner-server';
import { verifyLogCommand } from './verify-log';

const run = promisify(execFile);
const PNG_1PX = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

/** Every file under `dir`, by its path inside it, with its SHA-256. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/**
 * `npm run backup` while the server serves and writes: the copy passes SQLite's integrity check, holds the
 * sessions, their tamper-evident logs intact, and the stored files byte for byte.
 */
describe('npm run backup', () => {
  const rig = useServerWithOwner();
  const target = mkdtempSync(path.join(tmpdir(), 'lifeline-backup-'));
  afterAll(() => rmSync(target, { recursive: true, force: true }));

  it('copies the database and the stored files consistently while the server writes', { timeout: 120_000 }, async () => {
    const { clients, server } = rig;
    const tech = await clients.technician();
    const { sessionId } = await clients.activeSession(tech, 'Bea Backup');
    const shot = await fetch(`${server.url}/api/sessions/${sessionId}/screenshots`, { method: 'POST', headers: { cookie: clients.cookie(), origin: server.url, 'content-type': 'application/octet-stream' }, body: new Uint8Array(PNG_1PX) });
    expect(shot.status).toBe(201);

    // The server keeps writing while the copy is made: notes as a technician types them, and events.
    let writing = true;
    let writes = 0;
    const writer = (async () => {
      while (writing) {
        await clients.emit(tech, 'session:notes', { sessionId, notes: `note ${writes}` });
        await clients.emit(tech, 'url:push', { sessionId, url: `https://example.com/${writes}` });
        writes++;
      }
    })();
    // A directory that exists already, open to everyone, as a mount point might be.
    const copy = path.join(target, 'copy');
    mkdirSync(copy, { mode: 0o755 });
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'backup.ts'), copy], { env: { ...process.env, DATA_DIR: server.dataDir } });
    writing = false;
    await writer;
    expect(writes).toBeGreaterThan(0);
    expect(stdout).toMatch(/integrity ok/);
    expect(stdout).toMatch(/secret key .* is not in it/);

    // As private as the data directory: the copy is the whole organisation's data.
    expect(statSync(copy).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(copy, 'lifeline.sqlite')).mode & 0o777).toBe(0o600);
    const database = new Database(path.join(copy, 'lifeline.sqlite'), { readonly: true });
    try {
      expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(database.prepare('select customer_name as name from support_sessions where id = ?').get(sessionId)).toEqual({ name: 'Bea Backup' });
    } finally {
      database.close();
    }
    // Every session's log in the copy is an intact chain.
    const lines: string[] = [];
    expect(await verifyLogCommand(['--all'], { DATA_DIR: copy }, (line) => lines.push(line))).toBe(0);
    expect(lines.some((line) => line.startsWith(sessionId) && line.includes('intact'))).toBe(true);
    // The screenshot's file, byte for byte.
    const copied = hashes(path.join(copy, 'blobs'));
    expect(Object.values(copied)).toContain(createHash('sha256').update(PNG_1PX).digest('hex'));
    expect(copied).toEqual(hashes(path.join(server.dataDir, 'blobs')));

    // A second backup into the same place is refused rather than mixed with the first.
    await expect(run(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'backup.ts'), copy], { env: { ...process.env, DATA_DIR: server.dataDir } })).rejects.toMatchObject({ code: 1 });
  });
});
