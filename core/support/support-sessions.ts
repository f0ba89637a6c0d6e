import * as z from 'zod';
import type { Clock } from '../clock';
import { DomainError, ErrorCode } from '../errors';
import { KeyedQueue } from '../keyed-queue';
import {
  type Actor,
  EndReason,
  type SessionEvent,
  SessionEventType,
  SessionState,
  type SupportSession,
  type User,
} from '../model';
import { hashToken, randomId, randomSixDigitCode, randomToken } from '../random';
import { addressKey, FailureWindow } from '../rate-limit';
import type { Rights } from '../organisation/rights';
import type { Repository } from '../repository';
import { type ChainVerdict, verifyChain } from './event-chain';
import { assertTransition, isLive } from './session-state';
import { type CustomField, labelled, REQUEST_FIELDS, requireValues } from '../channels/custom-fields';

export const customerNameSchema = z.string().trim().min(1, 'Enter the customer\'s name.').max(80);
export const chatTextSchema = z.string().trim().min(1).max(4000);
export const notesSchema = z.string().max(20_000);
/** Only web pages: a pushed javascript: or file: link would run or reveal something on the customer's machine. */
export const pushedUrlSchema = z.url({ protocol: /^https?$/, message: 'Only http and https links can be sent.' }).max(2048);

export interface SupportSessionOptions {
  /** How long a code (and link) stays valid while nobody joins. */
  codeTtlMs: number;
  /** Failed code/link attempts allowed per address (IPv6 per /64) in one window. */
  joinFailuresPerAddress: number;
  /** Failed attempts allowed from everyone together in one window: bounds a distributed guesser. */
  joinFailuresGlobal: number;
  joinFailureWindowMs: number;
  /** Channel sessions one address may start per window. */
  channelStartsPerAddress: number;
  /**
   * Wrong codes guessed by anyone while one code was live, after which that code is replaced by a new one
   * (the technician's console shows it): the cap on attempts per code.
   */
  codeGuessCap: number;
}

/** Chat messages one side of a session may send in a minute. */
export const CHAT_MESSAGES_PER_MINUTE = 30;
/** The latest chat messages a session's page receives when it opens. */
export const CHAT_VIEW_LIMIT = 200;

/** Live codes one technician may hold that no customer has used yet. */
export const MAX_UNUSED_CODES = 20;

export const defaultSupportSessionOptions: SupportSessionOptions = {
  codeTtlMs: 10 * 60 * 1000,
  joinFailuresPerAddress: 10,
  joinFailuresGlobal: 1000,
  joinFailureWindowMs: 10 * 60 * 1000,
  channelStartsPerAddress: 10,
  // Ten thousand wrong guesses against a million codes hit a given code with a chance of 1 in 100.
  codeGuessCap: 10_000,
};

export type JoinSecret = { code: string } | { link: string };

/** What a change listener learns beyond the session itself. */
export interface SessionChange {
  /** Set when the session changed hands: the technician who had it, so their console lets go. */
  previousTechnicianId?: string | null;
  /** Set when it changed hands: the queue it was in, whose consoles stop listing it. */
  previousGroupId?: string | null;
  /** Set when it moved from one channel's queue to another's. */
  previousChannelId?: string | null;
}

export interface ChatEntry {
  id: number;
  clientId: string | null;
  at: number;
  from: Actor;
  author: string;
  text: string;
}

/** Support sessions: codes and links, joining, consent, chat and the end of it all. */
export class SupportSessions {
  private readonly queue = new KeyedQueue();
  private readonly listeners = new Set<(session: SupportSession, change: SessionChange) => void>();
  private readonly eventListeners = new Set<(event: SessionEvent) => void>();
  private readonly addressFailures: FailureWindow;
  /** Channel sessions started per address: anyone may start one, so a script must not fill the queue. */
  private readonly channelStarts: FailureWindow;
  private readonly globalFailures: FailureWindow;
  /** Chat messages per session and sender in the last minute (the window counts every message, not failures). */
  private readonly chatRate: FailureWindow;
  /** Wrong codes guessed since the process started, and how many there had been when each live code was drawn. */
  private wrongCodes = 0;
  private readonly wrongCodesAtDraw = new Map<string, number>();

  constructor(
    private readonly repo: Repository,
    private readonly clock: Clock,
    private readonly options: SupportSessionOptions,
    private readonly rights: Rights,
  ) {
    this.addressFailures = new FailureWindow(clock, options.joinFailuresPerAddress, options.joinFailureWindowMs);
    this.globalFailures = new FailureWindow(clock, options.joinFailuresGlobal, options.joinFailureWindowMs);
    this.channelStarts = new FailureWindow(clock, options.channelStartsPerAddress, options.joinFailureWindowMs);
    this.chatRate = new FailureWindow(clock, CHAT_MESSAGES_PER_MINUTE, 60_000);
  }

  /**
   * Called after every state change (created, joined, consented, closed), whoever caused it: signaling turns
   * these into live updates and, on close, revokes what the session granted.
   */
  onChange(listener: (session: SupportSession, change: SessionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(session: SupportSession, change: SessionChange = {}): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(session, change);
      } catch (error) {
        // A failing subscriber must not undo or block a state change that is already stored.
        console.error('support session listener failed', error);
      }
    }
  }

  /** A private session: its code and link, with the private-session fields' answers the technician gave. */
  async create(technician: User, customerName: string, fields: readonly CustomField[] = [], input: Record<string, unknown> = {}): Promise<{ session: SupportSession; linkToken: string }> {
    await this.rights.require(technician, 'privateSessions');
    // Every live code is one more a guesser may hit: a technician holds a bounded number nobody has used yet.
    const now0 = this.clock.now();
    const mine = await this.repo.supportSessions.listQueue({ technicianId: technician.id, groupId: null, channelIds: [], everyone: false, closedSince: now0 });
    const unused = mine.filter((s) => s.technicianId === technician.id && s.state === SessionState.created && s.codeExpiresAt > now0).length;
    if (unused >= MAX_UNUSED_CODES) {
      throw new DomainError(ErrorCode.conflict, `You already have ${MAX_UNUSED_CODES} codes nobody has used yet: end some first, or wait for them to expire.`, undefined, undefined, [{ key: 'tooManyUnusedCodes', values: { maximum: MAX_UNUSED_CODES } }]);
    }
    const customFields = labelled(fields, requireValues(fields, input));
    const groupId = await this.rights.groupOf(technician.id);
    // The chat trio: "chat" means on from the start; with only "chatToggle" it starts off until turned on.
    const chatEnabled = (await this.rights.rightsOf(technician)).chat;
    const now = this.clock.now();
    // 16 bytes = 128 bits: a link cannot be guessed, so only its hash is kept.
    const linkToken = randomToken(16);
    for (let attempt = 0; attempt < 20; attempt++) {
      const session: SupportSession = {
        id: randomId(),
        technicianId: technician.id,
        groupId,
        pickedUpAt: null,
        queuedAt: null,
        customerName: customerNameSchema.parse(customerName),
        state: SessionState.created,
        code: randomSixDigitCode(),
        codeExpiresAt: now + this.options.codeTtlMs,
        linkTokenHash: hashToken(linkToken),
        customerTokenHash: null,
        createdAt: now,
        joinedAt: null,
        consentedAt: null,
        closedAt: null,
        endReason: null,
        notes: '',
        chatEnabled,
        helperTokenHash: null,
        channelId: null,
        customFields,
        request: false,
      };
      // A collision with a live session's code is rare (live sessions are few against a million codes): draw again.
      if (await this.repo.supportSessions.insert(session)) {
        this.wrongCodesAtDraw.set(session.id, this.wrongCodes);
        // The code stays in the log once spent: a customer's abuse report names the session by it (findByPastCode).
        await this.record(session.id, 'technician', SessionEventType.created, { customerName: session.customerName, code: session.code });
        this.changed(session);
        return { session, linkToken };
      }
    }
    throw new Error('Could not draw a free session code after 20 attempts');
  }

  /**
   * Exchanges a code or link for a customer join token. Single use: the session leaves `created` at once, so the
   * code and link are spent. Wrong, expired and spent secrets look the same and count as failures.
   *
   * Only codes can be guessed (a million of them; a link is 20 random bytes), so only codes wait behind the
   * budgets: each address has its own, and when everyone's together is spent (a guesser spread over many
   * addresses), an address gets one try per window: a customer typing their code for the first time still gets
   * in, and the guesser needs a new address for every guess. A valid link always joins.
   */
  async redeem(secret: JoinSecret, address: string): Promise<{ session: SupportSession; joinToken: string }> {
    const key = addressKey(address);
    if ('link' in secret) {
      const found = await this.repo.supportSessions.findByLinkHash(hashToken(secret.link));
      const joined = found && (await this.queue.run(found.id, () => this.spend(found.id)));
      if (joined) return joined;
      // A wrong link is a failure of its address, which then waits like a code guesser, but it spends no one
      // else's budget: links are not guessed.
      this.addressFailures.recordFailure(key);
      throw DomainError.invalidCode();
    }
    const own = this.addressFailures.check(key);
    if (!own.allowed) throw DomainError.rateLimited(own.retryAfterMs);
    const everyone = this.globalFailures.check('all');
    if (!everyone.allowed && this.addressFailures.count(key) > 0) throw DomainError.rateLimited(everyone.retryAfterMs);
    // Counted as failed before the first await, so a burst of concurrent guesses cannot all pass the check.
    this.addressFailures.recordFailure(key);
    this.globalFailures.recordFailure('all');
    const found = await this.repo.supportSessions.findByCode(secret.code);
    // So many wrong guesses were made while this code was live that it may have been hit: it is replaced, and
    // the customer is read the new one. A link always joins, so nobody is locked out.
    if (found && this.wrongCodes - (this.wrongCodesAtDraw.get(found.id) ?? this.wrongCodes) >= this.options.codeGuessCap) {
      await this.queue.run(found.id, () => this.redrawCode(found.id));
      throw DomainError.invalidCode();
    }
    const joined = found && (await this.queue.run(found.id, () => this.spend(found.id)));
    if (!joined) {
      this.wrongCodes++;
      throw DomainError.invalidCode();
    }
    this.wrongCodesAtDraw.delete(found.id);
    this.addressFailures.forgive(key);
    this.globalFailures.forgive('all');
    return joined;
  }

  /** A new code for a session nobody joined yet, counted from now; its technician's console shows it. */
  private async redrawCode(id: string): Promise<void> {
    const current = await this.repo.supportSessions.findById(id);
    if (!current || current.state !== SessionState.created) return;
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = randomSixDigitCode();
      if (await this.repo.supportSessions.findByCode(code)) continue;
      const session = await this.repo.supportSessions.update(id, { code });
      this.wrongCodesAtDraw.set(id, this.wrongCodes);
      this.changed(session);
      return;
    }
  }

  private async spend(id: string): Promise<{ session: SupportSession; joinToken: string } | null> {
    const current = await this.repo.supportSessions.findById(id);
    const now = this.clock.now();
    if (!current || current.state !== SessionState.created || current.codeExpiresAt <= now) return null;
    const joinToken = randomToken(20);
    const session = await this.repo.supportSessions.update(id, {
      state: SessionState.waiting,
      code: null,
      joinedAt: now,
      queuedAt: now,
      customerTokenHash: hashToken(joinToken),
    });
    await this.record(id, 'customer', SessionEventType.joined, {});
    this.changed(session);
    return { session, joinToken };
  }

  /**
   * A customer starts support from a channel (its hosted form or the widget): the session waits at once in the
   * channel's queue, and the customer gets their join token. With `request`, the channel was closed and the
   * customer left a request instead: it waits in the queue to be called back, and nobody joins it.
   * Starting sessions is free to anyone, so it is bounded per address like guessing codes is.
   */
  async openFromChannel(
    channel: { id: string; fields: readonly CustomField[] },
    input: { customerName: string; values: Record<string, unknown>; request?: boolean },
    address: string,
  ): Promise<{ session: SupportSession; joinToken: string | null }> {
    const key = addressKey(address);
    const verdict = this.channelStarts.check(key);
    if (!verdict.allowed) throw DomainError.rateLimited(verdict.retryAfterMs);
    const customerName = customerNameSchema.safeParse(input.customerName);
    if (!customerName.success) throw DomainError.invalidField('customerName', 'Enter your name.', [{ key: 'required' }]);
    const request = input.request ?? false;
    const fields = request ? [...channel.fields, ...REQUEST_FIELDS] : channel.fields;
    const values = requireValues(fields, input.values);
    this.channelStarts.recordFailure(key);
    const now = this.clock.now();
    const joinToken = request ? null : randomToken(20);
    const session: SupportSession = {
      id: randomId(),
      technicianId: null,
      groupId: null,
      pickedUpAt: null,
      queuedAt: now,
      customerName: customerName.data,
      state: SessionState.waiting,
      code: null,
      codeExpiresAt: now,
      // Channel sessions have no link; the column is unique, so it holds the hash of a token nobody has.
      linkTokenHash: hashToken(randomToken(16)),
      customerTokenHash: joinToken ? hashToken(joinToken) : null,
      createdAt: now,
      joinedAt: now,
      consentedAt: null,
      closedAt: null,
      endReason: null,
      notes: '',
      chatEnabled: true,
      helperTokenHash: null,
      channelId: channel.id,
      customFields: labelled(fields, values),
      request,
    };
    if (!(await this.repo.supportSessions.insert(session))) throw new Error('A new channel session collided with an existing one');
    await this.record(session.id, 'customer', SessionEventType.created, { customerName: session.customerName, channelId: channel.id, request });
    await this.record(session.id, 'customer', SessionEventType.joined, {});
    this.changed(session);
    return { session, joinToken };
  }

  /**
   * The technician changes custom field values (with the editCustomFields right, on fields the channel lets
   * technicians edit). `fieldsOf` gives the definitions that apply; `check` refuses a caller who may not.
   */
  async editCustomFields(
    user: User,
    sessionId: string,
    fieldsOf: (session: SupportSession) => Promise<readonly CustomField[]>,
    input: Record<string, unknown>,
    check: (session: SupportSession) => Promise<void>,
  ): Promise<SupportSession> {
    await this.rights.require(user, 'editCustomFields');
    return this.queue.run(sessionId, async () => {
      const session = await this.mustFind(sessionId);
      if (!isLive(session.state)) throw DomainError.sessionClosed();
      await check(session);
      const fields = await fieldsOf(session);
      const editable = fields.filter((f) => f.technicianEditable);
      const changed = editable.filter((f) => Object.hasOwn(input, f.id));
      if (changed.length === 0) throw DomainError.badRequest('None of these fields can be edited.');
      const current = Object.fromEntries(session.customFields.map((f) => [f.id, f.value]));
      const values = requireValues(changed, input);
      const next = { ...current };
      for (const field of changed) {
        if (values[field.id] === undefined) delete next[field.id];
        else next[field.id] = values[field.id];
      }
      // Keep the labels the customer saw for fields the technician did not touch.
      const labels = new Map([...session.customFields.map((f) => [f.id, f.label] as const), ...changed.map((f) => [f.id, f.label] as const)]);
      const order = [...fields.map((f) => f.id), ...session.customFields.map((f) => f.id)];
      const customFields = [...new Set(order)].filter((id) => next[id] !== undefined).map((id) => ({ id, label: labels.get(id) ?? id, value: next[id] }));
      const updated = await this.repo.supportSessions.update(sessionId, { customFields });
      await this.record(sessionId, 'technician', SessionEventType.customFieldsEdited, {
        by: user.name,
        changes: changed.map((f) => ({ id: f.id, label: f.label, from: current[f.id] ?? '', to: next[f.id] ?? '' })),
      });
      this.changed(updated);
      return updated;
    });
  }

  /**
   * A channel session waited too long: it moves to another channel's or a group's queue (its wait starts
   * again there), or only the event is recorded so the customer can be told. Re-checked in turn with the
   * session's other changes: someone may have picked it up meanwhile.
   */
  async timeOutWaiting(sessionId: string, move: { channelId: string } | { groupId: string } | null, data: Record<string, unknown>): Promise<SupportSession | null> {
    return this.queue.run(sessionId, async () => {
      const session = await this.mustFind(sessionId);
      // Still waiting in the same channel's queue, in the same wait the sweep judged.
      if (!isLive(session.state) || session.technicianId !== null || session.groupId !== null || session.pickedUpAt !== null || session.queuedAt !== data.queuedAt) return null;
      const patch = move === null ? {} : 'channelId' in move ? { channelId: move.channelId, groupId: null } : { groupId: move.groupId };
      const updated = move === null ? session : await this.repo.supportSessions.update(sessionId, { ...patch, queuedAt: this.clock.now() });
      await this.record(sessionId, 'system', SessionEventType.waitingTimedOut, data);
      this.changed(updated, { previousTechnicianId: null, previousGroupId: session.groupId, previousChannelId: session.channelId });
      return updated;
    });
  }

  /** The session a customer's join token belongs to, while it lives. */
  async forCustomer(joinToken: string): Promise<SupportSession> {
    const session = await this.repo.supportSessions.findByCustomerTokenHash(hashToken(joinToken));
    if (!session) throw DomainError.unauthorized('This join link is not valid.');
    if (!isLive(session.state)) throw DomainError.sessionClosed();
    return session;
  }

  /**
   * A session the technician works on: the one it is assigned to. Seeing a session in a queue is wider (see
   * ServiceQueue); working it means assigning it first.
   */
  async forTechnician(technician: User, sessionId: string): Promise<SupportSession> {
    const session = await this.repo.supportSessions.findById(sessionId);
    if (!session) throw DomainError.notFound('Session');
    if (session.technicianId !== technician.id) {
      throw DomainError.forbidden(session.technicianId === null ? 'Assign this session to yourself first.' : 'This session belongs to another technician.');
    }
    return session;
  }

  /**
   * Changes who works a live session, in turn with its other changes: `decide` sees the session as it is now and
   * returns the new assignment and the event that explains it, or throws to refuse.
   */
  async reassign(
    sessionId: string,
    decide: (session: SupportSession) => Promise<{ patch: Pick<SupportSession, 'technicianId' | 'groupId'>; type: SessionEvent['type']; data: Record<string, unknown> }>,
  ): Promise<SupportSession> {
    return this.queue.run(sessionId, async () => {
      const session = await this.mustFind(sessionId);
      if (!isLive(session.state)) throw DomainError.sessionClosed();
      const { patch, type, data } = await decide(session);
      // The next technician's pick-up starts now: their wait is what the customer's estimate learns from.
      // The wait for the next technician starts now, not when the customer first joined.
      const queuedAt = session.joinedAt === null ? null : this.clock.now();
      const updated = await this.repo.supportSessions.update(sessionId, { ...patch, pickedUpAt: null, queuedAt });
      await this.record(sessionId, 'technician', type, data);
      this.changed(updated, { previousTechnicianId: session.technicianId, previousGroupId: session.groupId });
      return updated;
    });
  }

  /** The assigned technician has the session open and the customer is there: the customer's wait is over. */
  async markPickedUp(sessionId: string): Promise<void> {
    await this.queue.run(sessionId, async () => {
      const session = await this.mustFind(sessionId);
      if (!isLive(session.state) || session.joinedAt === null || session.pickedUpAt !== null || session.technicianId === null) return;
      this.changed(await this.repo.supportSessions.update(sessionId, { pickedUpAt: this.clock.now() }));
    });
  }

  async get(sessionId: string): Promise<SupportSession | null> {
    return this.repo.supportSessions.findById(sessionId);
  }

  /**
   * The customer agrees. With the group's "single prompt for all rights", their one consent also covered
   * remote control (`covers.control`): the log records what they agreed to, and a later request for control
   * needs no second question.
   */
  async consent(sessionId: string, covers: { control: boolean } = { control: false }): Promise<SupportSession> {
    return this.queue.run(sessionId, async () => {
      const session = await this.mustFind(sessionId);
      if (session.state === SessionState.active) return session;
      assertTransition(session.state, SessionState.active);
      const updated = await this.repo.supportSessions.update(sessionId, { state: SessionState.active, consentedAt: this.clock.now() });
      await this.record(sessionId, 'customer', SessionEventType.consented, { rights: ['chat', 'screen_view', ...(covers.control ? ['remote_control'] : [])] });
      this.changed(updated);
      return updated;
    });
  }

  /** Ends the session for everyone. Ending an ended session changes nothing and returns it as it is. */
  async end(sessionId: string, by: Actor, reason: EndReason): Promise<{ session: SupportSession; changed: boolean }> {
    return this.queue.run(sessionId, () => this.close(sessionId, by, reason, () => true));
  }

  /** Ends a session as resolved, with the technician's resolution note in its timeline. */
  async resolve(sessionId: string, check: (session: SupportSession) => Promise<void>, note: string): Promise<SupportSession> {
    return this.queue.run(sessionId, async () => {
      const session = await this.mustFind(sessionId);
      if (!isLive(session.state)) throw DomainError.sessionClosed();
      await check(session);
      await this.record(sessionId, 'technician', SessionEventType.resolved, { note });
      return (await this.close(sessionId, 'technician', EndReason.resolved, () => true)).session;
    });
  }

  /** Closes sessions whose code expired before anyone joined; returns them so callers can tell the technicians. */
  async expireDue(): Promise<SupportSession[]> {
    const closed: SupportSession[] = [];
    for (const due of await this.repo.supportSessions.listExpired(this.clock.now())) {
      // Re-checked inside the queue: the customer may have joined since the list was read.
      const result = await this.queue.run(due.id, () =>
        this.close(due.id, 'system', EndReason.expired, (current) => current.state === SessionState.created),
      );
      if (result.changed) closed.push(result.session);
    }
    return closed;
  }

  private async close(sessionId: string, by: Actor, reason: EndReason, when: (session: SupportSession) => boolean) {
    const session = await this.mustFind(sessionId);
    if (session.state === SessionState.closed || !when(session)) return { session, changed: false };
    const updated = await this.repo.supportSessions.update(sessionId, {
      state: SessionState.closed,
      code: null,
      closedAt: this.clock.now(),
      endReason: reason,
    });
    await this.record(sessionId, by, SessionEventType.ended, { reason });
    this.changed(updated);
    return { session: updated, changed: true };
  }

  /**
   * Stores a chat message once: a retry with the same `clientId` (the socket dropped before the ack) returns the
   * message already stored instead of a duplicate. `isNew` tells the caller whether to deliver it.
   */
  async chat(sessionId: string, from: Actor, author: string, text: string, clientId: string): Promise<{ entry: ChatEntry; isNew: boolean }> {
    const body = chatTextSchema.parse(text);
    return this.queue.run(sessionId, async () => {
      const session = await this.mustFind(sessionId);
      if (!isLive(session.state)) throw DomainError.sessionClosed();
      const earlier = await this.repo.sessionEvents.findChat(sessionId, from, clientId);
      if (earlier) return { entry: toChatEntry(earlier), isNew: false };
      if (!session.chatEnabled && from !== 'system') throw new DomainError(ErrorCode.forbidden, 'Chat is off in this session.', undefined, undefined, [{ key: 'chatOff' }]);
      // A person types a few messages a minute; a script that sends hundreds fills the log and every reader's page.
      const rate = `${sessionId}\n${from}`;
      if (from !== 'system') {
        const verdict = this.chatRate.check(rate);
        if (!verdict.allowed) throw DomainError.rateLimited(verdict.retryAfterMs);
        this.chatRate.recordFailure(rate);
      }
      return { entry: toChatEntry(await this.record(sessionId, from, SessionEventType.chat, { author, text: body, clientId })), isNew: true };
    });
  }

  /** The technician turns chat on or off (the "chatToggle" right, checked by the caller); the log says who and when. */
  async setChatEnabled(sessionId: string, enabled: boolean, by: string): Promise<SupportSession> {
    return this.queue.run(sessionId, async () => {
      const session = await this.mustFind(sessionId);
      if (!isLive(session.state)) throw DomainError.sessionClosed();
      if (session.chatEnabled === enabled) return session;
      const updated = await this.repo.supportSessions.update(sessionId, { chatEnabled: enabled });
      await this.record(sessionId, 'technician', SessionEventType.chatToggled, { enabled, by });
      return updated;
    });
  }

  /**
   * Appends an event to a live session's timeline (evidence: screenshots, recordings). Listeners of
   * `onEvent` hear it, so signaling can tell the other participant (e.g. that recording started).
   */
  async appendEvent(sessionId: string, actor: Actor, type: SessionEvent['type'], data: Record<string, unknown>, options: { evenIfClosed?: boolean } = {}): Promise<SessionEvent> {
    return this.queue.run(sessionId, async () => {
      const session = await this.mustFind(sessionId);
      if (!options.evenIfClosed && session.state !== SessionState.active) throw DomainError.conflict('This needs an active session.');
      const event = await this.record(sessionId, actor, type, data);
      for (const listener of [...this.eventListeners]) listener(event);
      return event;
    });
  }

  onEvent(listener: (event: SessionEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Whether the customer's consent already covered remote control (the single prompt). */
  async controlPreApproved(sessionId: string): Promise<boolean> {
    const [consent] = await this.repo.sessionEvents.list(sessionId, [SessionEventType.consented]);
    return Array.isArray(consent?.data.rights) && consent.data.rights.includes('remote_control');
  }

  /**
   * The latest messages of a session's chat (at most CHAT_VIEW_LIMIT): what a page opening or reopening the session
   * shows. The whole conversation stays in the session's log.
   */
  /**
   * The latest CHAT_VIEW_LIMIT messages, or as many before message `before` (a page further back), and whether
   * there are older ones still.
   */
  async chatHistory(sessionId: string, before?: number): Promise<{ messages: ChatEntry[]; earlier: boolean }> {
    const page = await this.repo.sessionEvents.list(sessionId, [SessionEventType.chat], { last: CHAT_VIEW_LIMIT + 1, before });
    return { messages: page.slice(-CHAT_VIEW_LIMIT).map(toChatEntry), earlier: page.length > CHAT_VIEW_LIMIT };
  }

  async recordScreenShare(sessionId: string, sharing: boolean): Promise<void> {
    await this.queue.run(sessionId, async () => {
      const session = await this.mustFind(sessionId);
      if (session.state !== SessionState.active) throw DomainError.conflict('Screen sharing needs an active session.');
      await this.record(sessionId, 'customer', sharing ? SessionEventType.screenShareStarted : SessionEventType.screenShareStopped, {});
    });
  }

  /** The technician's notes, kept as they type them (also after the session ended, for the log). */
  async saveNotes(sessionId: string, notes: string): Promise<void> {
    const text = notesSchema.parse(notes);
    await this.queue.run(sessionId, async () => {
      await this.mustFind(sessionId);
      await this.repo.supportSessions.update(sessionId, { notes: text });
    });
  }

  /** The technician sends the customer a link; it is kept in the timeline with who sent it. */
  async pushUrl(sessionId: string, url: string): Promise<SessionEvent> {
    const safe = pushedUrlSchema.parse(url);
    return this.queue.run(sessionId, async () => {
      const session = await this.mustFind(sessionId);
      if (session.state !== SessionState.active) throw DomainError.conflict('Links can be sent in an active session only.');
      return this.record(sessionId, 'technician', SessionEventType.urlPushed, { url: safe });
    });
  }

  /** A file transfer ended; `by` reports what it computed (and what the other side sent it). */
  async recordFileTransfer(sessionId: string, by: Actor, transfer: Record<string, unknown>): Promise<void> {
    await this.queue.run(sessionId, async () => {
      const session = await this.mustFind(sessionId);
      if (session.state !== SessionState.active) throw DomainError.conflict('Files move in an active session only.');
      await this.record(sessionId, by, SessionEventType.fileTransferred, transfer);
    });
  }

  async timeline(sessionId: string): Promise<SessionEvent[]> {
    return this.repo.sessionEvents.list(sessionId);
  }

  private async mustFind(sessionId: string): Promise<SupportSession> {
    const session = await this.repo.supportSessions.findById(sessionId);
    if (!session) throw DomainError.notFound('Session');
    return session;
  }

  private record(sessionId: string, actor: Actor, type: SessionEvent['type'], data: Record<string, unknown>) {
    return this.repo.sessionEvents.append({ sessionId, actor, type, data, at: this.clock.now() });
  }

  // ------------------------------------------------------------------ the session log (core/support/session-log.ts)

  /** The log's one visibility rule: the master administrator sees every technician's sessions, others their own. */
  seesAllSessions(viewer: User): boolean {
    return viewer.role === 'master_admin';
  }

  /**
   * The session log as `viewer` may see it. A master administrator gets everyone's sessions, or one technician's
   * when the filter names one; anyone else gets their own, and asking for someone else's is refused.
   */
  async log(viewer: User, filter: import('./session-log').SessionLogFilter): Promise<import('./session-log').SessionLogEntry[]> {
    if (!Number.isInteger(filter.limit) || filter.limit < 1) throw DomainError.badRequest('The limit must be a positive whole number.');
    const technicianId = this.logScope(viewer, filter.technicianId);
    const rows = await this.repo.supportSessions.listLog({ ...filter, technicianId });
    return rows.map((row) => ({ ...row, durationMs: this.durationOf(row) }));
  }

  /** One session of the log with its notes and whole timeline, under the same rule as log(). */
  async logEntry(viewer: User, sessionId: string): Promise<import('./session-log').SessionLogDetail> {
    const session = await this.mustReadLog(viewer, sessionId);
    const [technician, events, channelName, rating] = await Promise.all([
      session.technicianId ? this.repo.users.findById(session.technicianId) : null,
      this.repo.sessionEvents.list(sessionId),
      session.channelId ? this.repo.supportSessions.channelName(session.channelId) : null,
      this.repo.supportSessions.ratingOf(sessionId),
    ]);
    // Counted as listLog counts them: chat events, and file transfers by id (both sides report each one).
    const fileIds = new Set(events.filter((e) => e.type === SessionEventType.fileTransferred && typeof e.data.id === 'string').map((e) => e.data.id));
    const entry = {
      id: session.id,
      technicianId: session.technicianId,
      technicianName: technician?.name ?? null,
      customerName: session.customerName,
      state: session.state,
      createdAt: session.createdAt,
      joinedAt: session.joinedAt,
      consentedAt: session.consentedAt,
      closedAt: session.closedAt,
      endReason: session.endReason,
      chatMessages: events.filter((e) => e.type === SessionEventType.chat).length,
      files: fileIds.size,
      channelName,
      customFields: session.customFields,
      rating: rating?.score ?? null,
      ratingComment: rating ? rating.comment : null,
      durationMs: this.durationOf(session),
    };
    return { entry, notes: session.notes, events };
  }

  /** Whether a session's log is still as it was written (event-chain.ts), for whoever may read that log. */
  async verifyLog(viewer: User, sessionId: string): Promise<ChainVerdict> {
    await this.mustReadLog(viewer, sessionId);
    return verifyChain(sessionId, await this.repo.sessionEvents.chain(sessionId));
  }

  /** A session whose log `viewer` may read, under log()'s rule; refused otherwise. */
  private async mustReadLog(viewer: User, sessionId: string): Promise<SupportSession> {
    const session = await this.mustFind(sessionId);
    // An unassigned session has no technician to match: only those who see everything read its log.
    if (session.technicianId === null && !this.seesAllSessions(viewer)) throw DomainError.forbidden('You can see only your own sessions.');
    this.logScope(viewer, session.technicianId ?? undefined);
    return session;
  }

  /** The technicians `viewer` may filter the log by: everyone for the master administrator, else only themselves. */
  async logTechnicians(viewer: User): Promise<Pick<User, 'id' | 'name' | 'role'>[]> {
    if (this.seesAllSessions(viewer)) return this.repo.users.listNames();
    return [{ id: viewer.id, name: viewer.name, role: viewer.role }];
  }

  /** Whose sessions a log query may read: `requested` (undefined = everyone's) if the viewer may see them. */
  private logScope(viewer: User, requested: string | undefined): string | undefined {
    if (this.seesAllSessions(viewer)) return requested;
    if (requested !== undefined && requested !== viewer.id) throw DomainError.forbidden('You can see only your own sessions.');
    return viewer.id;
  }

  /** Support time as SessionLogEntry.durationMs defines it: customer's arrival to the end (or now); null if nobody came. */
  private durationOf(session: { joinedAt: number | null; closedAt: number | null }): number | null {
    return session.joinedAt === null ? null : Math.max(0, (session.closedAt ?? this.clock.now()) - session.joinedAt);
  }
}

function toChatEntry(event: SessionEvent): ChatEntry {
  const clientId = typeof event.data.clientId === 'string' ? event.data.clientId : null;
  return { id: event.id, clientId, at: event.at, from: event.actor, author: String(event.data.author), text: String(event.data.text) };
}
