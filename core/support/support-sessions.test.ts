import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTestRepository } from '../../drizzle/testing';
import { ManualClock } from '../clock';
import { DomainError } from '../errors';
import type { User } from '../model';
import * as random from '../random';
import type { SupportSession } from '../model';
import { CHAT_MESSAGES_PER_MINUTE, CHAT_VIEW_LIMIT, defaultSupportSessionOptions, MAX_UNUSED_CODES, SupportSessions, type SupportSessionOptions } from './support-sessions';
import { unrestrictedRights } from '../../testing/organisation';
import { testUser } from '../testing-users';

// The code generator stays real unless a test forces a collision with mockReturnValueOnce.
vi.mock('../random', async (importOriginal) => {
  const original = await importOriginal<typeof import('../random')>();
  return { ...original, randomSixDigitCode: vi.fn(original.randomSixDigitCode) };
});

const MINUTE = 60 * 1000;
const technician: User = testUser({ id: 'tech-1', email: 'tech@example.com', name: 'Alex Tech' });
const otherTechnician: User = { ...technician, id: 'tech-2', email: 'other@example.com' };

afterEach(() => {
  vi.mocked(random.randomSixDigitCode).mockClear();
});

async function setup(options: Partial<SupportSessionOptions> = {}) {
  const repo = openTestRepository();
  await repo.users.insertFirstOwner(technician, { name: 'Acme' });
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  const opts = { ...defaultSupportSessionOptions, ...options };
  const sessions = new SupportSessions(repo, clock, opts, unrestrictedRights);
  return { repo, clock, sessions, options: opts };
}

/** The error a promise rejects with; fails the test if it resolves. */
async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

/** A 6-digit code that is certainly not `code`. */
const otherCode = (code: string) => ((Number(code) + 1) % 1_000_000).toString().padStart(6, '0');

const invalidCode = { code: 'invalid_code', message: 'That code is not valid or has expired.' };
const customer = '198.51.100.20';

describe('creating a support session', () => {
  it('issues a 6-digit code that expires codeTtlMs from now, in state created', async () => {
    const { sessions, clock, options } = await setup();
    const { session } = await sessions.create(technician, '  Carol Customer ');
    expect(session.code).toMatch(/^\d{6}$/);
    expect(session).toMatchObject({
      state: 'created',
      technicianId: technician.id,
      customerName: 'Carol Customer',
      codeExpiresAt: clock.now() + options.codeTtlMs,
      joinedAt: null,
      closedAt: null,
    });
  });

  it('keeps only the hash of the link token', async () => {
    const { sessions, repo } = await setup();
    const { session, linkToken } = await sessions.create(technician, 'Carol');
    expect(linkToken).toMatch(/^[a-z2-7]+$/);
    expect(session.linkTokenHash).toBe(random.hashToken(linkToken));
    const stored = await repo.supportSessions.findById(session.id);
    expect(JSON.stringify(stored)).not.toContain(linkToken);
  });

  it('refuses an empty or overlong customer name', async () => {
    const { sessions } = await setup();
    await expect(sessions.create(technician, '   ')).rejects.toThrow();
    await expect(sessions.create(technician, 'x'.repeat(81))).rejects.toThrow();
  });

  it('records the creation on the timeline', async () => {
    const { sessions } = await setup();
    const { session } = await sessions.create(technician, 'Carol');
    expect(await sessions.timeline(session.id)).toMatchObject([
      { type: 'created', actor: 'technician', data: { customerName: 'Carol' } },
    ]);
  });

  it('gives live sessions distinct codes', async () => {
    const { sessions } = await setup();
    const codes = new Set<string | null>();
    for (let i = 0; i < 50; i++) {
      const { session } = await sessions.create(technician, `Customer ${i}`);
      codes.add(session.code);
      // Used at once: a technician holds only so many unused codes (below).
      if (i % 2) await sessions.redeem({ code: session.code! }, customer);
      else await sessions.end(session.id, 'technician', 'technician_ended');
    }
    expect(codes.size).toBe(50);
  });

  it('draws again when the code belongs to another live session', async () => {
    const { sessions } = await setup();
    vi.mocked(random.randomSixDigitCode).mockReturnValueOnce('123456');
    const first = await sessions.create(technician, 'First');
    expect(first.session.code).toBe('123456');

    vi.mocked(random.randomSixDigitCode).mockReturnValueOnce('123456').mockReturnValueOnce('123456').mockReturnValueOnce('654321');
    const second = await sessions.create(technician, 'Second');
    expect(second.session.code).toBe('654321');
    // The colliding attempts left nothing behind: both sessions still redeem with their own codes.
    await expect(sessions.redeem({ code: '123456' }, customer)).resolves.toMatchObject({ session: { id: first.session.id } });
    await expect(sessions.redeem({ code: '654321' }, customer)).resolves.toMatchObject({ session: { id: second.session.id } });
  });

  it('reuses a code once its session has been joined', async () => {
    const { sessions } = await setup();
    vi.mocked(random.randomSixDigitCode).mockReturnValueOnce('000042');
    await sessions.create(technician, 'First');
    await sessions.redeem({ code: '000042' }, customer);
    vi.mocked(random.randomSixDigitCode).mockReturnValueOnce('000042');
    const second = await sessions.create(technician, 'Second');
    expect(second.session.code).toBe('000042');
  });

  it('gives up after 20 colliding draws', async () => {
    const { sessions, repo } = await setup();
    vi.mocked(random.randomSixDigitCode).mockReturnValueOnce('777777');
    await sessions.create(technician, 'First');
    for (let i = 0; i < 20; i++) vi.mocked(random.randomSixDigitCode).mockReturnValueOnce('777777');
    await expect(sessions.create(technician, 'Second')).rejects.toThrow('Could not draw a free session code');
    expect((await repo.supportSessions.listLog({ view: 'active', limit: 10 })).length).toBe(1);
  });
});

describe('redeeming a code or link', () => {
  it('a code exchanges for a join token and moves the session to waiting', async () => {
    const { sessions, clock } = await setup();
    const { session } = await sessions.create(technician, 'Carol');
    const joined = await sessions.redeem({ code: session.code! }, customer);
    expect(joined.joinToken).toMatch(/^[a-z2-7]{32}$/);
    expect(joined.session).toMatchObject({
      id: session.id,
      state: 'waiting',
      code: null,
      joinedAt: clock.now(),
      customerTokenHash: random.hashToken(joined.joinToken),
    });
    await expect(sessions.forCustomer(joined.joinToken)).resolves.toMatchObject({ id: session.id });
  });

  it('a second join with the same code is refused', async () => {
    const { sessions } = await setup();
    const { session } = await sessions.create(technician, 'Carol');
    await sessions.redeem({ code: session.code! }, customer);
    const error = await refusal(sessions.redeem({ code: session.code! }, customer));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject(invalidCode);
  });

  it('a link works once, and spends the code with it', async () => {
    const { sessions } = await setup();
    const { session, linkToken } = await sessions.create(technician, 'Carol');
    await expect(sessions.redeem({ link: linkToken }, customer)).resolves.toMatchObject({ session: { id: session.id, state: 'waiting' } });
    await expect(sessions.redeem({ link: linkToken }, customer)).rejects.toMatchObject(invalidCode);
    await expect(sessions.redeem({ code: session.code! }, customer)).rejects.toMatchObject(invalidCode);
  });

  it('a spent code also spends the link', async () => {
    const { sessions } = await setup();
    const { session, linkToken } = await sessions.create(technician, 'Carol');
    await sessions.redeem({ code: session.code! }, customer);
    await expect(sessions.redeem({ link: linkToken }, customer)).rejects.toMatchObject(invalidCode);
  });

  it('two customers racing for one code: exactly one gets in', async () => {
    const { sessions } = await setup();
    const { session } = await sessions.create(technician, 'Carol');
    const results = await Promise.allSettled([
      sessions.redeem({ code: session.code! }, '198.51.100.1'),
      sessions.redeem({ code: session.code! }, '198.51.100.2'),
      sessions.redeem({ link: 'nonsense' }, '198.51.100.3'),
    ]);
    expect(results.slice(0, 2).filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toMatchObject([invalidCode, invalidCode]);
    expect((await sessions.timeline(session.id)).filter((e) => e.type === 'joined')).toHaveLength(1);
  });

  it('a code still works just before codeTtlMs and not at codeTtlMs', async () => {
    const early = await setup({ codeTtlMs: 5 * MINUTE });
    const a = await early.sessions.create(technician, 'Carol');
    early.clock.advance(5 * MINUTE - 1);
    await expect(early.sessions.redeem({ code: a.session.code! }, customer)).resolves.toBeTruthy();

    const late = await setup({ codeTtlMs: 5 * MINUTE });
    const b = await late.sessions.create(technician, 'Dave');
    late.clock.advance(5 * MINUTE);
    await expect(late.sessions.redeem({ code: b.session.code! }, customer)).rejects.toMatchObject(invalidCode);
    await expect(late.sessions.redeem({ link: b.linkToken }, customer)).rejects.toMatchObject(invalidCode);
  });

  it('wrong, expired and spent codes get the same code and message', async () => {
    const { sessions, clock } = await setup({ codeTtlMs: MINUTE });
    const spent = await sessions.create(technician, 'Spent');
    await sessions.redeem({ code: spent.session.code! }, customer);
    const expired = await sessions.create(technician, 'Expired');
    clock.advance(MINUTE);
    const live = await sessions.create(technician, 'Live');

    const errors = [
      await refusal(sessions.redeem({ code: otherCode(live.session.code!) }, customer)),
      await refusal(sessions.redeem({ code: expired.session.code! }, customer)),
      await refusal(sessions.redeem({ code: spent.session.code! }, customer)),
      await refusal(sessions.redeem({ link: 'abcdefghijklmnopqrstuvwxyz' }, customer)),
      await refusal(sessions.redeem({ link: expired.linkToken }, customer)),
      await refusal(sessions.redeem({ link: spent.linkToken }, customer)),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(DomainError);
      expect({ code: error.code, message: error.message, retryAfterMs: error.retryAfterMs }).toEqual({ ...invalidCode, retryAfterMs: undefined });
    }
  });

  it('a closed session cannot be joined', async () => {
    const { sessions } = await setup();
    const { session, linkToken } = await sessions.create(technician, 'Carol');
    await sessions.end(session.id, 'technician', 'technician_ended');
    await expect(sessions.redeem({ code: session.code! }, customer)).rejects.toMatchObject(invalidCode);
    await expect(sessions.redeem({ link: linkToken }, customer)).rejects.toMatchObject(invalidCode);
  });
});

describe('the join throttle', () => {
  it('holds a burst of concurrent guesses to the per-address budget', async () => {
    const { sessions } = await setup({ joinFailuresPerAddress: 10 });
    const { session } = await sessions.create(technician, 'Carol');
    const guesses = Array.from({ length: 50 }, () => sessions.redeem({ code: otherCode(session.code!) }, customer).catch((e: DomainError) => e.code));
    const outcomes = await Promise.all(guesses);
    expect(outcomes.filter((c) => c === 'invalid_code')).toHaveLength(10);
    expect(outcomes.filter((c) => c === 'rate_limited')).toHaveLength(40);
  });

  it('does not count a successful join against the address', async () => {
    const { sessions } = await setup({ joinFailuresPerAddress: 2 });
    for (let i = 0; i < 3; i++) {
      const { session } = await sessions.create(technician, `Customer ${i}`);
      await sessions.redeem({ code: session.code! }, customer);
    }
    const { session } = await sessions.create(technician, 'Last');
    await expect(sessions.redeem({ code: session.code! }, customer)).resolves.toBeTruthy();
  });

  const perAddress = { joinFailuresPerAddress: 3, joinFailureWindowMs: 10 * MINUTE, codeTtlMs: 60 * MINUTE };

  async function failTimes(sessions: SupportSessions, address: string, times: number, live: string) {
    for (let i = 0; i < times; i++) {
      await expect(sessions.redeem({ code: otherCode(live) }, address)).rejects.toMatchObject({ code: 'invalid_code' });
    }
  }

  it('refuses an address after joinFailuresPerAddress failures, even with the right code', async () => {
    const { sessions } = await setup(perAddress);
    const { session } = await sessions.create(technician, 'Carol');
    await failTimes(sessions, customer, 3, session.code!);
    const error = await refusal(sessions.redeem({ code: session.code! }, customer));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(10 * MINUTE);
  });

  it('a refused attempt does not spend the code, and the address recovers after the window', async () => {
    const { sessions, clock } = await setup(perAddress);
    const { session } = await sessions.create(technician, 'Carol');
    await failTimes(sessions, customer, 3, session.code!);
    const error = await refusal(sessions.redeem({ code: session.code! }, customer));
    clock.advance(error.retryAfterMs! - 1);
    await expect(sessions.redeem({ code: session.code! }, customer)).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 1 });
    clock.advance(1);
    await expect(sessions.redeem({ code: session.code! }, customer)).resolves.toMatchObject({ session: { state: 'waiting' } });
  });

  it('successful joins do not use up an address\'s budget', async () => {
    const { sessions } = await setup(perAddress);
    for (let i = 0; i < 5; i++) {
      const { session } = await sessions.create(technician, `Customer ${i}`);
      await sessions.redeem({ code: session.code! }, customer);
    }
    const { session } = await sessions.create(technician, 'Last');
    await failTimes(sessions, customer, 3, session.code!);
  });

  it('other addresses are not affected by one address\'s failures', async () => {
    const { sessions } = await setup(perAddress);
    const { session } = await sessions.create(technician, 'Carol');
    await failTimes(sessions, customer, 3, session.code!);
    await expect(sessions.redeem({ code: session.code! }, '198.51.100.99')).resolves.toBeTruthy();
  });

  it('an IPv4 address and its IPv4-mapped IPv6 form share one budget', async () => {
    const { sessions } = await setup(perAddress);
    const { session } = await sessions.create(technician, 'Carol');
    await failTimes(sessions, '203.0.113.5', 3, session.code!);
    await expect(sessions.redeem({ code: session.code! }, '::ffff:203.0.113.5')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('IPv6 addresses in the same /64 share one budget', async () => {
    const { sessions } = await setup(perAddress);
    const { session } = await sessions.create(technician, 'Carol');
    await failTimes(sessions, '2001:db8:1:2::1', 1, session.code!);
    await failTimes(sessions, '2001:db8:1:2:aaaa:bbbb:cccc:dddd', 1, session.code!);
    await failTimes(sessions, '2001:0db8:0001:0002:0000:0000:0000:0003', 1, session.code!);
    await expect(sessions.redeem({ code: session.code! }, '2001:db8:1:2::ffff')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('an IPv6 address in a different /64 keeps its own budget', async () => {
    const { sessions } = await setup(perAddress);
    const { session } = await sessions.create(technician, 'Carol');
    await failTimes(sessions, '2001:db8:1:2::1', 3, session.code!);
    await expect(sessions.redeem({ code: session.code! }, '2001:db8:1:3::1')).resolves.toMatchObject({ session: { state: 'waiting' } });
  });

  it('once joinFailuresGlobal failures came from many addresses, an address that already missed waits; a first try still gets in', async () => {
    const { sessions, clock } = await setup({ joinFailuresPerAddress: 100, joinFailuresGlobal: 5, joinFailureWindowMs: 10 * MINUTE, codeTtlMs: 60 * MINUTE });
    const { session } = await sessions.create(technician, 'Carol');
    const second = await sessions.create(technician, 'Dan');
    for (let i = 1; i <= 5; i++) await failTimes(sessions, `198.51.100.${i}`, 1, session.code!);
    // A guesser that already missed gets no second guess from the same address while the budget is spent.
    const error = await refusal(sessions.redeem({ code: otherCode(session.code!) }, '198.51.100.1'));
    expect(error).toMatchObject({ code: 'rate_limited' });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    // A new guess from a new address is still an honest try, and a customer with the right code joins.
    await expect(sessions.redeem({ code: otherCode(session.code!) }, '198.51.100.50')).rejects.toMatchObject({ code: 'invalid_code' });
    await expect(sessions.redeem({ code: session.code! }, '203.0.113.200')).resolves.toMatchObject({ session: { state: 'waiting' } });
    clock.advance(error.retryAfterMs!);
    await expect(sessions.redeem({ code: second.session.code! }, '198.51.100.1')).resolves.toMatchObject({ session: { state: 'waiting' } });
  });

  it('never stands between a customer and a valid link: not their address\'s failures, not everyone\'s', async () => {
    const { sessions } = await setup({ joinFailuresPerAddress: 3, joinFailuresGlobal: 5, joinFailureWindowMs: 10 * MINUTE, codeTtlMs: 60 * MINUTE });
    const { session, linkToken } = await sessions.create(technician, 'Carol');
    await failTimes(sessions, customer, 3, session.code!);
    for (let i = 1; i <= 5; i++) await failTimes(sessions, `198.51.100.${i}`, 1, session.code!);
    await expect(sessions.redeem({ code: session.code! }, customer)).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(sessions.redeem({ link: linkToken }, customer)).resolves.toMatchObject({ session: { id: session.id, state: 'waiting' } });
  });

  it('caps wrong guesses per live code: past the cap the code is replaced, and the new one and the link still join', async () => {
    const { sessions } = await setup({ joinFailuresPerAddress: 100, joinFailuresGlobal: 100_000, joinFailureWindowMs: 10 * MINUTE, codeTtlMs: 60 * MINUTE, codeGuessCap: 30 });
    const changes: SupportSession[] = [];
    sessions.onChange((session) => changes.push(session));
    const { session } = await sessions.create(technician, 'Carol');
    const { session: later, linkToken } = await sessions.create(technician, 'Dan');
    for (let i = 0; i < 30; i++) await failTimes(sessions, `198.51.100.${i}`, 1, session.code!);
    await expect(sessions.redeem({ code: session.code! }, customer)).rejects.toMatchObject({ code: 'invalid_code' });
    const redrawn = changes.findLast((c) => c.id === session.id)!;
    expect(redrawn.code).toMatch(/^\d{6}$/);
    expect(redrawn.code).not.toBe(session.code);
    await expect(sessions.redeem({ code: redrawn.code! }, customer)).resolves.toMatchObject({ session: { id: session.id } });
    // Dan's code was live during those guesses too; his link still joins.
    await expect(sessions.redeem({ code: later.code! }, customer)).rejects.toMatchObject({ code: 'invalid_code' });
    await expect(sessions.redeem({ link: linkToken }, customer)).resolves.toMatchObject({ session: { id: later.id } });
    // A code drawn after them counts from its own draw.
    const { session: fresh } = await sessions.create(technician, 'Eve');
    await expect(sessions.redeem({ code: fresh.code! }, customer)).resolves.toBeTruthy();
  });

  it('a wrong link counts against its address only', async () => {
    const { sessions } = await setup({ joinFailuresPerAddress: 3, joinFailuresGlobal: 2, joinFailureWindowMs: 10 * MINUTE, codeTtlMs: 60 * MINUTE });
    const { session } = await sessions.create(technician, 'Carol');
    for (let i = 0; i < 3; i++) await expect(sessions.redeem({ link: 'a'.repeat(32) }, customer)).rejects.toMatchObject({ code: 'invalid_code' });
    await expect(sessions.redeem({ code: session.code! }, customer)).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(sessions.redeem({ code: session.code! }, '198.51.100.7')).resolves.toBeTruthy();
  });
});

describe('chat bounds', () => {
  it('one side sends at most CHAT_MESSAGES_PER_MINUTE messages a minute; the other side and the next minute are not held up', async () => {
    const { sessions, clock } = await setup();
    const { session } = await sessions.create(technician, 'Carol');
    await sessions.redeem({ code: session.code! }, customer);
    await sessions.consent(session.id);
    for (let i = 0; i < CHAT_MESSAGES_PER_MINUTE; i++) await sessions.chat(session.id, 'customer', 'Carol', `message ${i}`, `c${i}`);
    await expect(sessions.chat(session.id, 'customer', 'Carol', 'one more', 'c-more')).rejects.toMatchObject({ code: 'rate_limited' });
    // A retry of a message already sent is still answered (it is not a new one).
    await expect(sessions.chat(session.id, 'customer', 'Carol', 'message 0', 'c0')).resolves.toMatchObject({ isNew: false });
    await expect(sessions.chat(session.id, 'technician', 'Tess', 'I am here', 't0')).resolves.toMatchObject({ isNew: true });
    clock.advance(60_000);
    await expect(sessions.chat(session.id, 'customer', 'Carol', 'one more', 'c-more')).resolves.toMatchObject({ isNew: true });
  });

  it('a page opening a long conversation gets its latest CHAT_VIEW_LIMIT messages, in order', async () => {
    const { sessions, clock } = await setup();
    const { session } = await sessions.create(technician, 'Carol');
    await sessions.redeem({ code: session.code! }, customer);
    await sessions.consent(session.id);
    const total = CHAT_VIEW_LIMIT + 25;
    for (let i = 0; i < total; i++) {
      if (i % CHAT_MESSAGES_PER_MINUTE === 0) clock.advance(60_000);
      await sessions.chat(session.id, 'customer', 'Carol', `message ${i}`, `c${i}`);
    }
    const { messages: history, earlier } = await sessions.chatHistory(session.id);
    expect(history).toHaveLength(CHAT_VIEW_LIMIT);
    expect(earlier).toBe(true);
    expect(history[0].text).toBe(`message ${total - CHAT_VIEW_LIMIT}`);
    expect(history[history.length - 1].text).toBe(`message ${total - 1}`);
    // The page before: the first 25, and nothing older.
    const before = await sessions.chatHistory(session.id, history[0].id);
    expect(before.messages.map((m) => m.text)).toEqual(Array.from({ length: 25 }, (_, i) => `message ${i}`));
    expect(before.earlier).toBe(false);
  });
});

describe('live codes', () => {
  it('a technician holds at most MAX_UNUSED_CODES codes nobody has used; a used, ended or expired one frees its place', async () => {
    const { sessions, clock } = await setup({ codeTtlMs: 10 * MINUTE });
    const made = [];
    for (let i = 0; i < MAX_UNUSED_CODES; i++) made.push(await sessions.create(technician, `Customer ${i}`));
    await expect(sessions.create(technician, 'One too many')).rejects.toMatchObject({ code: 'conflict', reasons: [{ key: 'tooManyUnusedCodes', values: { maximum: MAX_UNUSED_CODES } }] });
    await sessions.redeem({ code: made[0].session.code! }, customer);
    await expect(sessions.create(technician, 'After a join')).resolves.toBeTruthy();
    await sessions.end(made[1].session.id, 'technician', 'technician_ended');
    await expect(sessions.create(technician, 'After an end')).resolves.toBeTruthy();
    await expect(sessions.create(technician, 'Full again')).rejects.toMatchObject({ code: 'conflict' });
    clock.advance(10 * MINUTE);
    await expect(sessions.create(technician, 'After expiry')).resolves.toBeTruthy();
  });
});

describe('expiring unjoined sessions', () => {
  it('closes only sessions whose code expired before anyone joined', async () => {
    const { sessions, clock } = await setup({ codeTtlMs: 10 * MINUTE });
    const unjoined = await sessions.create(technician, 'Unjoined');
    const joined = await sessions.create(technician, 'Joined');
    await sessions.redeem({ code: joined.session.code! }, customer);
    const ended = await sessions.create(technician, 'Ended');
    await sessions.end(ended.session.id, 'technician', 'technician_ended');
    clock.advance(5 * MINUTE);
    const fresh = await sessions.create(technician, 'Fresh');
    clock.advance(5 * MINUTE);

    const closed = await sessions.expireDue();
    expect(closed.map((s) => s.id)).toEqual([unjoined.session.id]);
    expect(closed[0]).toMatchObject({ state: 'closed', code: null, endReason: 'expired', closedAt: clock.now() });
    expect(await sessions.get(joined.session.id)).toMatchObject({ state: 'waiting' });
    expect(await sessions.get(ended.session.id)).toMatchObject({ state: 'closed', endReason: 'technician_ended' });
    expect(await sessions.get(fresh.session.id)).toMatchObject({ state: 'created', code: fresh.session.code });
    expect((await sessions.timeline(unjoined.session.id)).at(-1)).toMatchObject({ type: 'ended', actor: 'system', data: { reason: 'expired' } });
  });

  it('a second sweep finds nothing more to close', async () => {
    const { sessions, clock } = await setup({ codeTtlMs: MINUTE });
    await sessions.create(technician, 'Carol');
    clock.advance(MINUTE);
    expect(await sessions.expireDue()).toHaveLength(1);
    expect(await sessions.expireDue()).toEqual([]);
  });

  it('frees the expired session\'s code for a new session', async () => {
    const { sessions, clock } = await setup({ codeTtlMs: MINUTE });
    vi.mocked(random.randomSixDigitCode).mockReturnValueOnce('314159');
    await sessions.create(technician, 'Old');
    clock.advance(MINUTE);
    await sessions.expireDue();
    vi.mocked(random.randomSixDigitCode).mockReturnValueOnce('314159');
    const fresh = await sessions.create(technician, 'New');
    expect(fresh.session.code).toBe('314159');
    await expect(sessions.redeem({ code: '314159' }, customer)).resolves.toMatchObject({ session: { id: fresh.session.id } });
  });
});

describe('consent, end and chat', () => {
  async function joinedSession(options: Partial<SupportSessionOptions> = {}) {
    const env = await setup(options);
    const { session } = await env.sessions.create(technician, 'Carol');
    const { joinToken } = await env.sessions.redeem({ code: session.code! }, customer);
    return { ...env, id: session.id, joinToken };
  }

  it('consent moves a waiting session to active', async () => {
    const { sessions, clock, id } = await joinedSession();
    clock.advance(1000);
    await expect(sessions.consent(id)).resolves.toMatchObject({ state: 'active', consentedAt: clock.now() });
    expect((await sessions.timeline(id)).at(-1)).toMatchObject({ type: 'consented', actor: 'customer' });
  });

  it('consenting twice changes nothing the second time', async () => {
    const { sessions, clock, id } = await joinedSession();
    const first = await sessions.consent(id);
    clock.advance(1000);
    await expect(sessions.consent(id)).resolves.toEqual(first);
    expect((await sessions.timeline(id)).filter((e) => e.type === 'consented')).toHaveLength(1);
  });

  it('a session nobody joined cannot be consented to', async () => {
    const { sessions } = await setup();
    const { session } = await sessions.create(technician, 'Carol');
    await expect(sessions.consent(session.id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a closed session cannot be consented to', async () => {
    const { sessions, id } = await joinedSession();
    await sessions.end(id, 'customer', 'customer_ended');
    await expect(sessions.consent(id)).rejects.toMatchObject({ code: 'session_closed' });
  });

  it('an end that arrives after a consent closes the session; a consent after an end is refused', async () => {
    const a = await joinedSession();
    const [consented, ended] = await Promise.all([a.sessions.consent(a.id), a.sessions.end(a.id, 'customer', 'customer_ended')]);
    expect(consented.state).toBe('active');
    expect(ended).toMatchObject({ changed: true, session: { state: 'closed' } });

    const b = await joinedSession();
    const results = await Promise.allSettled([b.sessions.end(b.id, 'customer', 'customer_ended'), b.sessions.consent(b.id)]);
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'session_closed' } });
    expect(await b.sessions.get(b.id)).toMatchObject({ state: 'closed', consentedAt: null });
  });

  it('ending closes the session once; ending again changes nothing', async () => {
    const { sessions, clock, id, joinToken } = await joinedSession();
    const first = await sessions.end(id, 'technician', 'technician_ended');
    expect(first).toMatchObject({ changed: true, session: { state: 'closed', closedAt: clock.now(), endReason: 'technician_ended', code: null } });
    clock.advance(5000);
    const second = await sessions.end(id, 'customer', 'customer_ended');
    expect(second.changed).toBe(false);
    expect(second.session).toEqual(first.session);
    expect((await sessions.timeline(id)).filter((e) => e.type === 'ended')).toMatchObject([{ actor: 'technician', data: { reason: 'technician_ended' } }]);
    await expect(sessions.forCustomer(joinToken)).rejects.toMatchObject({ code: 'session_closed' });
  });

  it('ending a session that does not exist is not_found', async () => {
    const { sessions } = await setup();
    await expect(sessions.end('nosuchsession', 'technician', 'technician_ended')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('chat messages are recorded with their author and trimmed text', async () => {
    const { sessions, clock, id } = await joinedSession();
    const sent = await sessions.chat(id, 'customer', 'Carol', '  hello there  ', 'client-id-0001');
    expect(sent).toMatchObject({ isNew: true, entry: { at: clock.now(), from: 'customer', author: 'Carol', text: 'hello there' } });
    await sessions.chat(id, 'technician', 'Alex', 'hi Carol', 'client-id-0002');
    expect((await sessions.chatHistory(id)).messages.map((m) => [m.from, m.text])).toEqual([
      ['customer', 'hello there'],
      ['technician', 'hi Carol'],
    ]);
  });

  it('stores a message re-sent with the same client id once, and tells the caller it is a repeat', async () => {
    const { sessions, id } = await joinedSession();
    const first = await sessions.chat(id, 'customer', 'Carol', 'only once', 'retry-id-1');
    const again = await sessions.chat(id, 'customer', 'Carol', 'only once', 'retry-id-1');
    expect(again).toEqual({ entry: first.entry, isNew: false });
    // The same id from the other participant is a different message.
    expect((await sessions.chat(id, 'technician', 'Alex', 'mine', 'retry-id-1')).isNew).toBe(true);
    expect((await sessions.chatHistory(id)).messages.map((m) => m.text)).toEqual(['only once', 'mine']);
  });

  it('refuses empty and overlong chat messages', async () => {
    const { sessions, id } = await joinedSession();
    await expect(sessions.chat(id, 'customer', 'Carol', '   ', 'client-id-0003')).rejects.toThrow();
    await expect(sessions.chat(id, 'customer', 'Carol', 'x'.repeat(4001), 'client-id-0004')).rejects.toThrow();
    await expect(sessions.chat(id, 'customer', 'Carol', 'x'.repeat(4000), 'client-id-0005')).resolves.toBeTruthy();
    expect((await sessions.chatHistory(id)).messages).toHaveLength(1);
  });

  it('chat is refused after the session closed', async () => {
    const { sessions, id } = await joinedSession();
    await sessions.chat(id, 'customer', 'Carol', 'before', 'client-id-0006');
    await sessions.end(id, 'technician', 'technician_ended');
    await expect(sessions.chat(id, 'technician', 'Alex', 'after', 'client-id-0007')).rejects.toMatchObject({ code: 'session_closed' });
    expect((await sessions.chatHistory(id)).messages.map((m) => m.text)).toEqual(['before']);
  });

  it('screen sharing is recorded only in an active session', async () => {
    const { sessions, id } = await joinedSession();
    await expect(sessions.recordScreenShare(id, true)).rejects.toMatchObject({ code: 'conflict' });
    await sessions.consent(id);
    await sessions.recordScreenShare(id, true);
    await sessions.recordScreenShare(id, false);
    expect((await sessions.timeline(id)).slice(-2).map((e) => e.type)).toEqual(['screen_share_started', 'screen_share_stopped']);
  });
});

describe('who may see a session', () => {
  it('a made-up join token is unauthorized', async () => {
    const { sessions } = await setup();
    await expect(sessions.forCustomer('abcdefghijklmnopqrstuvwxyz234567')).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('a technician sees their own session and not another technician\'s', async () => {
    const { sessions } = await setup();
    const { session } = await sessions.create(technician, 'Carol');
    await expect(sessions.forTechnician(technician, session.id)).resolves.toMatchObject({ id: session.id });
    await expect(sessions.forTechnician(otherTechnician, session.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(sessions.forTechnician(technician, 'nosuchsession')).rejects.toMatchObject({ code: 'not_found' });
  });
});
