import { execFile } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useServerWithOwner } from '../testing/owner-server';
import type { TestServer } from '../testing/server';

const root = path.resolve(import.meta.dirname, '..');

/** `npm run verify-log -- …args` against the server's data directory, as an operator would run it. */
function verifyLog(server: TestServer, ...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '-s', 'verify-log', '--', ...args], { cwd: root, env: { ...process.env, DATA_DIR: server.dataDir } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

describe('the tamper-evident session log (real server)', () => {
  const rig = useServerWithOwner();

  it('names the event edited in the database, through the API and through npm run verify-log', async () => {
    const { server, clients } = rig;
    const tech = await clients.technician();
    const customer = await clients.activeSession(tech, 'Carol');
    const { sessionId } = customer;
    for (let i = 0; i < 3; i++) {
      expect(await clients.emit(customer.socket, 'chat:send', { sessionId, text: `My printer ${i}`, clientId: `customer-msg-${i}` })).toMatchObject({ ok: true });
      expect(await clients.emit(tech, 'chat:send', { sessionId, text: `Let me look ${i}`, clientId: `tech-msg-${i}` })).toMatchObject({ ok: true });
    }
    const verify = async () => {
      const response = await fetch(`${server.url}/api/sessions/${sessionId}/log/verify`, { headers: { cookie: clients.cookie() } });
      expect(response.status).toBe(200);
      return ((await response.json()) as { verdict: unknown }).verdict;
    };

    const intact = await verify();
    expect(intact).toMatchObject({ ok: true, sessionId, unchained: 0 });
    const events = (intact as { events: number }).events;
    // created, joined, consented and the six messages at least.
    expect(events).toBeGreaterThanOrEqual(9);
    const before = await verifyLog(server, sessionId);
    expect(before).toMatchObject({ code: 0 });
    expect(before.out).toContain(`${sessionId}: chain intact, ${events} events`);

    // Someone with the database file rewrites what the customer said.
    const sqlite = new Database(path.join(server.dataDir, 'lifeline.sqlite'));
    const rows = sqlite.prepare('SELECT id, data FROM session_events WHERE session_id = ? ORDER BY id').all(sessionId) as { id: number; data: string }[];
    const index = rows.findIndex((row) => row.data.includes('My printer 1')) + 1;
    const target = rows[index - 1];
    sqlite.prepare('UPDATE session_events SET data = ? WHERE id = ?').run(target.data.replace('My printer 1', 'You may take my files'), target.id);
    sqlite.close();

    expect(await verify()).toMatchObject({ ok: false, reason: 'hash_mismatch', brokenAt: { eventId: target.id, index, type: 'chat' } });
    const after = await verifyLog(server, sessionId);
    expect(after.code).toBe(1);
    expect(after.out).toContain(`BROKEN at event #${index} (id ${target.id}, chat,`);
    const all = await verifyLog(server, '--all');
    expect(all.code).toBe(1);
    expect(all.out).toMatch(/sessions? checked, 1 broken\./);
  });

  it('refuses to check a session it does not know, and says how to call it', async () => {
    expect(await verifyLog(rig.server, 'no-such-session')).toMatchObject({ code: 2, out: expect.stringContaining('No session no-such-session') });
    expect(await verifyLog(rig.server)).toMatchObject({ code: 2, out: expect.stringContaining('Usage: npm run verify-log') });
  });
});
