import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestRepository } from '../../drizzle/testing';
import { diskStore } from '../../server/disk-store';
import { ManualClock } from '../clock';
import type { User } from '../model';
import { pngSize } from '../png';
import { blobKey } from '../storage';
import { SessionEvidence } from './evidence';
import { defaultSupportSessionOptions, SupportSessions } from './support-sessions';
import { unrestrictedRights } from '../../testing/organisation';
import { testUser } from '../testing-users';

const technician: User = testUser({ id: 'tech-1', email: 't@example.com', name: 'Tess' });
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A 2x1 PNG (signature + IHDR; enough for pngSize). */
function png(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

async function activeSession() {
  const repo = openTestRepository();
  await repo.users.insertFirstOwner(technician, { name: 'Acme' });
  const clock = new ManualClock();
  const sessions = new SupportSessions(repo, clock, defaultSupportSessionOptions, unrestrictedRights);
  const { session } = await sessions.create(technician, 'Carol');
  await sessions.redeem({ code: session.code! }, '198.51.100.1');
  await sessions.consent(session.id);
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeline-evidence-'));
  dirs.push(dir);
  const store = diskStore(dir);
  return { sessions, clock, store, evidence: new SessionEvidence(sessions, store, () => clock.now()), id: session.id };
}

describe('screenshots', () => {
  it('keeps a PNG with its size in the timeline and refuses anything that is not a PNG', async () => {
    const { evidence, sessions, id } = await activeSession();
    const saved = await evidence.saveScreenshot(id, png(1280, 720));
    expect(saved).toMatchObject({ width: 1280, height: 720 });
    expect((await sessions.timeline(id)).find((e) => e.type === 'screenshot_taken')?.data).toMatchObject({ screenshotId: saved.screenshotId, width: 1280, height: 720 });
    expect((await evidence.readScreenshot(id, saved.screenshotId))?.size).toBe(33);
    await expect(evidence.saveScreenshot(id, new TextEncoder().encode('<svg onload=alert(1)>'))).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('a screenshot refused because the session ended leaves no file behind', async () => {
    const { evidence, sessions, id } = await activeSession();
    await sessions.end(id, 'technician', 'technician_ended');
    await expect(evidence.saveScreenshot(id, png(640, 480))).rejects.toBeInstanceOf(Error);
    const folder = path.join(dirs[dirs.length - 1], 'blobs', 'sessions', id, 'screenshots');
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
  });

  it('reads width and height from IHDR only for real PNG signatures', () => {
    expect(pngSize(png(3, 4))).toEqual({ width: 3, height: 4 });
    expect(pngSize(png(0, 4))).toBeNull();
    expect(pngSize(new Uint8Array(10))).toBeNull();
  });
});

describe('recordings', () => {
  it('stores chunks in order, accepts a retried chunk once, refuses a gap, and stops with the session', async () => {
    const { evidence, sessions, clock, id } = await activeSession();
    const { recordingId } = await evidence.startRecording(id);
    await expect(evidence.startRecording(id)).rejects.toMatchObject({ code: 'conflict' });
    await evidence.appendRecording(id, recordingId, 0, new Uint8Array(100));
    await evidence.appendRecording(id, recordingId, 0, new Uint8Array(100));
    await expect(evidence.appendRecording(id, recordingId, 2, new Uint8Array(10))).rejects.toMatchObject({ code: 'conflict' });
    expect(await evidence.appendRecording(id, recordingId, 1, new Uint8Array(50))).toEqual({ bytes: 150 });
    clock.advance(5000);
    await sessions.end(id, 'technician', 'technician_ended');
    await evidence.stopAll(id);
    expect(evidence.recordingOf(id)).toBeNull();
    const stopped = (await sessions.timeline(id)).find((e) => e.type === 'recording_stopped');
    expect(stopped).toMatchObject({ actor: 'system', data: { recordingId, bytes: 150, durationMs: 5000 } });
    await expect(evidence.appendRecording(id, recordingId, 2, new Uint8Array(1))).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('storage keys', () => {
  it('refuses parts that could leave the store', () => {
    expect(blobKey('sessions', 'abc', 'x.png')).toBe('sessions/abc/x.png');
    for (const bad of ['..', '../etc', 'a/b', '', '.hidden']) expect(() => blobKey('sessions', bad)).toThrow();
  });
});
