import { describe, expect, it } from 'vitest';
import { sqliteAuditStore } from '../../drizzle/audit-store';
import { sqliteRepository } from '../../drizzle/sqlite-repository';
import { openTestDb } from '../../drizzle/testing';
import { AuditLog } from '../audit/audit-log';
import { ManualClock } from '../clock';
import { DomainError } from '../errors';
import { Accounts, loginSchema, ownerSetupSchema, type OwnerSetup } from './accounts';

const owner: OwnerSetup = {
  name: 'Olivia Owner',
  email: 'owner@example.com',
  password: 'correct horse battery',
  organisation: 'Acme',
};
const address = '198.51.100.7';


function setup() {
  const db = openTestDb();
  const repo = sqliteRepository(db);
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  const audit = new AuditLog(sqliteAuditStore(db), () => clock.now());
  return { repo, clock, audit, accounts: new Accounts(repo, clock, audit) };
}

describe('first-run setup', () => {
  it('creates the master administrator and the organisation once, then is locked for good', async () => {
    const { accounts, repo, clock } = setup();
    expect(await accounts.needsSetup()).toBe(true);

    const user = await accounts.setupOwner(owner, address);
    expect(user).toMatchObject({ email: owner.email, name: owner.name, nickname: owner.name, role: 'master_admin', createdAt: clock.now() });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(owner.password);
    expect(await repo.users.findByEmail(owner.email)).toEqual(user);
    expect(await repo.organisation.get()).toEqual({ name: 'Acme' });
    expect(await accounts.needsSetup()).toBe(false);

    for (const attempt of [owner, { ...owner, email: 'mallory@example.com', organisation: 'Evil' }]) {
      const error = await accounts.setupOwner(attempt, address).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'setup_locked' });
    }
    expect(await repo.users.count()).toBe(1);
    expect(await repo.organisation.get()).toEqual({ name: 'Acme' });
  });

  it('of two concurrent setups exactly one succeeds', async () => {
    const { accounts, repo } = setup();
    const results = await Promise.allSettled([
      accounts.setupOwner(owner, address),
      accounts.setupOwner({ ...owner, name: 'Mallory', email: 'mallory@example.com', organisation: 'Evil' }, address),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toMatchObject([{ reason: { code: 'setup_locked' } }]);
    expect(await repo.users.count()).toBe(1);
    const winner = (fulfilled[0] as PromiseFulfilledResult<{ email: string }>).value;
    expect(await repo.users.findByEmail(winner.email)).not.toBeNull();
  });

  it('the setup form normalises the e-mail and demands a 12-character password', () => {
    expect(ownerSetupSchema.parse({ ...owner, email: '  Owner@Example.COM ' }).email).toBe('owner@example.com');
    expect(ownerSetupSchema.safeParse({ ...owner, password: 'short' }).success).toBe(false);
    expect(ownerSetupSchema.safeParse({ ...owner, email: 'not-an-email' }).success).toBe(false);
    expect(ownerSetupSchema.safeParse({ ...owner, organisation: '  ' }).success).toBe(false);
  });
});

describe('signing in', () => {
  it('lets only one of a burst of concurrent wrong passwords be checked; the rest wait their turn', async () => {
    const { accounts } = setup();
    await accounts.setupOwner(owner, address);
    const burst = Array.from({ length: 20 }, () =>
      accounts.checkPassword({ email: owner.email, password: 'wrong password!' }, address).catch((e: DomainError) => e.code),
    );
    const outcomes = await Promise.all(burst);
    expect(outcomes.filter((c) => c === 'invalid_credentials')).toHaveLength(1);
    expect(outcomes.filter((c) => c === 'rate_limited')).toHaveLength(19);
  });

  it('the right password signs in; a wrong one or an unknown e-mail gets the same invalid_credentials', async () => {
    const { accounts } = setup();
    const user = await accounts.setupOwner(owner, address);

    await expect(accounts.checkPassword({ email: owner.email, password: owner.password }, address)).resolves.toEqual(user);
    const wrongPassword = await accounts.checkPassword({ email: owner.email, password: 'wrong password!' }, address).catch((e: unknown) => e);
    const unknownEmail = await accounts.checkPassword({ email: 'nobody@example.com', password: owner.password }, '198.51.100.8').catch((e: unknown) => e);
    for (const error of [wrongPassword, unknownEmail]) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'invalid_credentials', message: 'E-mail or password is wrong.' });
    }
  });

  it('the sign-in form lower-cases the e-mail, so the account and its throttle are found whatever the case', async () => {
    const { accounts } = setup();
    await accounts.setupOwner(owner, address);
    const input = loginSchema.parse({ email: ' OWNER@example.com ', password: owner.password });
    expect(input.email).toBe('owner@example.com');
    await expect(accounts.checkPassword(input, address)).resolves.toMatchObject({ email: owner.email });
  });

  it('consecutive failures lock the account from that address for 1, then 2 seconds; a success resets the escalation', async () => {
    const { accounts, clock } = setup();
    await accounts.setupOwner(owner, address);
    const wrong = { email: owner.email, password: 'wrong password!' };

    await expect(accounts.checkPassword(wrong, address)).rejects.toMatchObject({ code: 'invalid_credentials' });
    // Locked from that address: even the right password is refused there.
    await expect(accounts.checkPassword({ ...wrong, password: owner.password }, address)).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 1000 });
    clock.advance(1000);
    await expect(accounts.checkPassword(wrong, address)).rejects.toMatchObject({ code: 'invalid_credentials' });
    const locked = await accounts.checkPassword(wrong, address).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(DomainError);
    expect(locked).toMatchObject({ code: 'rate_limited', retryAfterMs: 2000 });

    clock.advance(2000);
    await expect(accounts.checkPassword({ ...wrong, password: owner.password }, address)).resolves.toMatchObject({ email: owner.email });
    await expect(accounts.checkPassword(wrong, address)).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(accounts.checkPassword(wrong, address)).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 1000 });
  });

  it('a stranger who knows the e-mail cannot lock its owner out: the right password from the owner\'s address still works', async () => {
    const { accounts } = setup();
    await accounts.setupOwner(owner, address);
    const stranger = '198.51.100.66';
    for (let i = 0; i < 3; i++) await accounts.checkPassword({ email: owner.email, password: 'guess guess' }, stranger).catch(() => undefined);
    await expect(accounts.checkPassword({ email: owner.email, password: 'guess guess' }, stranger)).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(accounts.checkPassword({ email: owner.email, password: owner.password }, address)).resolves.toMatchObject({ email: owner.email });
  });

  it('a guesser spread over many addresses spends the account\'s budget: then each address gets one try, and the owner still signs in', async () => {
    const { accounts, clock } = setup();
    await accounts.setupOwner(owner, address);
    for (let i = 1; i <= 50; i++) {
      await expect(accounts.checkPassword({ email: owner.email, password: `guess ${i}` }, `198.51.${i}.1`)).rejects.toMatchObject({ code: 'invalid_credentials' });
    }
    // An address that already failed for this account waits (past its own one-second delay: the account's window).
    clock.advance(1000);
    const error = await accounts.checkPassword({ email: owner.email, password: 'guess again' }, '198.51.1.1').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'rate_limited' });
    expect((error as DomainError).retryAfterMs).toBeGreaterThan(60 * 1000);
    // A new address has one honest try; the owner, who never failed, signs in.
    await expect(accounts.checkPassword({ email: owner.email, password: 'one try' }, '198.51.200.1')).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(accounts.checkPassword({ email: owner.email, password: owner.password }, address)).resolves.toMatchObject({ email: owner.email });
  });

  it('an address that failed 20 times in 15 minutes is refused for any account until the window passes', async () => {
    const { accounts, clock } = setup();
    for (let i = 0; i < 20; i++) {
      // A different unknown e-mail each time: the per-account throttle never kicks in, only the address window.
      await expect(accounts.checkPassword({ email: `guess${i}@example.com`, password: 'guess' }, '2001:db8:5:6::1')).rejects.toMatchObject({ code: 'invalid_credentials' });
    }
    // Another address in the same /64 shares the budget.
    const error = await accounts.checkPassword({ email: 'fresh@example.com', password: 'guess' }, '2001:db8:5:6::99').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'rate_limited' });
    expect((error as DomainError).retryAfterMs).toBe(15 * 60 * 1000);
    await expect(accounts.checkPassword({ email: 'fresh@example.com', password: 'guess' }, '2001:db8:5:7::1')).rejects.toMatchObject({ code: 'invalid_credentials' });
    clock.advance(15 * 60 * 1000);
    await expect(accounts.checkPassword({ email: 'fresh@example.com', password: 'guess' }, '2001:db8:5:6::99')).rejects.toMatchObject({ code: 'invalid_credentials' });
  });
});
