import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteCannedReplyStore } from '../drizzle/canned-reply-store';
import { openDatabase } from '../drizzle/database';
import { CannedReplies } from './canned-replies';
import { Role, type User } from './model';
import { testUser } from './testing-users';

const owner: User = testUser({ id: 'owner', email: 'o@example.com', name: 'Olivia' });
const tech: User = { ...owner, id: 'tech', email: 't@example.com', role: Role.technician };
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((clean) => clean()));

function replies() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeline-canned-'));
  const database = openDatabase(dir);
  cleanups.push(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return new CannedReplies(sqliteCannedReplyStore(database.db), () => 1);
}

describe('canned replies', () => {
  it('shows a technician their own and the organisation\'s, their own winning on the same keyword', async () => {
    const canned = replies();
    await canned.save(owner, { keyword: 'greet', text: 'Hello from all of us.', shared: true });
    await canned.save(owner, { keyword: 'bye', text: 'Goodbye!', shared: true });
    await canned.save(tech, { keyword: 'greet', text: 'Hi, Tess here.', shared: false });
    expect((await canned.list(tech)).map((r) => [r.keyword, r.text])).toEqual([
      ['bye', 'Goodbye!'],
      ['greet', 'Hi, Tess here.'],
    ]);
    expect((await canned.list(owner)).map((r) => r.keyword)).toEqual(['bye', 'greet']);
  });

  it('lets only the master administrator manage organisation-wide replies', async () => {
    const canned = replies();
    await expect(canned.save(tech, { keyword: 'x', text: 'y', shared: true })).rejects.toMatchObject({ code: 'forbidden' });
    const shared = await canned.save(owner, { keyword: 'x', text: 'y', shared: true });
    await expect(canned.delete(tech, shared.id)).rejects.toMatchObject({ code: 'forbidden' });
    await canned.delete(owner, shared.id);
    expect(await canned.list(owner)).toEqual([]);
  });

  it('refuses a second reply with the same keyword in the same scope, and bad keywords', async () => {
    const canned = replies();
    await canned.save(tech, { keyword: 'Greet', text: 'one', shared: false });
    await expect(canned.save(tech, { keyword: 'greet', text: 'two', shared: false })).rejects.toMatchObject({ code: 'conflict' });
    await expect(canned.save(tech, { keyword: 'two words', text: 'x', shared: false })).rejects.toThrow();
  });
});
