import { describe, expect, it } from 'vitest';
import { openTestRepository } from '../../drizzle/testing';
import { ManualClock } from '../clock';
import type { User } from '../model';
import { hashToken } from '../random';
import { AUTH_SESSION_LIFETIME_MS, AuthSessions } from './auth-sessions';
import { testUser } from '../testing-users';

const DAY = 24 * 60 * 60 * 1000;
const user: User = testUser({ id: 'user-1', email: 'owner@example.com', name: 'Olivia Owner' });
const signedOut = { session: null, user: null };


async function setup() {
  const repo = openTestRepository();
  await repo.users.insertFirstOwner(user, { name: 'Acme' });
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  return { repo, clock, auth: new AuthSessions(repo, clock) };
}

describe('sign-in sessions', () => {
  it('a fresh token validates to its session and user, for 30 days', async () => {
    const { auth, clock } = await setup();
    expect(AUTH_SESSION_LIFETIME_MS).toBe(30 * DAY);
    const { token, session } = await auth.create(user.id, { secondFactor: 'totp', address: '198.51.100.7', userAgent: 'Chrome' });
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(session).toEqual({
      id: hashToken(token),
      userId: user.id,
      createdAt: clock.now(),
      expiresAt: clock.now() + 30 * DAY,
      secondFactor: 'totp',
      address: '198.51.100.7',
      userAgent: 'Chrome',
    });
    await expect(auth.validate(token)).resolves.toEqual({ session, user });
  });

  it('the database stores only the SHA-256 of the token', async () => {
    const { auth, repo } = await setup();
    const { token, session } = await auth.create(user.id);
    expect(session.id).not.toBe(token);
    expect(session.id).toMatch(/^[0-9a-f]{64}$/);
    // Known vector: sha256("abc").
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await repo.authSessions.findWithUser(token)).toBeNull();
    expect((await repo.authSessions.findWithUser(hashToken(token)))?.session.id).toBe(session.id);
  });

  it('tokens are unique per sign-in', async () => {
    const { auth } = await setup();
    const a = await auth.create(user.id);
    const b = await auth.create(user.id);
    expect(a.token).not.toBe(b.token);
    await expect(auth.validate(a.token)).resolves.toMatchObject({ session: { id: a.session.id } });
    await expect(auth.validate(b.token)).resolves.toMatchObject({ session: { id: b.session.id } });
  });

  it('a missing, unknown or oversized token is signed out', async () => {
    const { auth } = await setup();
    const { token } = await auth.create(user.id);
    for (const bad of [undefined, null, '', 'a'.repeat(32), token + 'x', token.repeat(3)]) {
      await expect(auth.validate(bad)).resolves.toEqual(signedOut);
    }
  });

  it('use in the first half of the lifetime leaves the expiry alone', async () => {
    const { auth, clock, repo } = await setup();
    const { token, session } = await auth.create(user.id);
    clock.advance(15 * DAY - 1);
    const validated = await auth.validate(token);
    expect(validated.session?.expiresAt).toBe(session.expiresAt);
    expect((await repo.authSessions.findWithUser(session.id))?.session.expiresAt).toBe(session.expiresAt);
  });

  it('use in the second half of the lifetime slides the expiry to 30 days from now, in the database too', async () => {
    const { auth, clock, repo } = await setup();
    const { token, session } = await auth.create(user.id);
    clock.advance(20 * DAY);
    const validated = await auth.validate(token);
    expect(validated.session?.expiresAt).toBe(clock.now() + 30 * DAY);
    expect(validated.session!.expiresAt).toBeGreaterThan(session.expiresAt);
    expect((await repo.authSessions.findWithUser(session.id))?.session.expiresAt).toBe(clock.now() + 30 * DAY);

    // Kept alive by use: 20 + 29 days after sign-in it is still valid.
    clock.advance(29 * DAY);
    await expect(auth.validate(token)).resolves.toMatchObject({ user: { id: user.id } });
  });

  it('an expired session is signed out and removed', async () => {
    const { auth, clock, repo } = await setup();
    const { token, session } = await auth.create(user.id);
    clock.advance(30 * DAY - 1);
    const stillValid = await auth.create(user.id);
    clock.advance(1);
    await expect(auth.validate(token)).resolves.toEqual(signedOut);
    expect(await repo.authSessions.findWithUser(session.id)).toBeNull();
    await expect(auth.validate(stillValid.token)).resolves.toMatchObject({ user: { id: user.id } });
  });

  it('signing out invalidates only that token', async () => {
    const { auth } = await setup();
    const a = await auth.create(user.id);
    const b = await auth.create(user.id);
    await auth.invalidate(a.token);
    await expect(auth.validate(a.token)).resolves.toEqual(signedOut);
    await expect(auth.validate(b.token)).resolves.toMatchObject({ user: { id: user.id } });
  });
});
