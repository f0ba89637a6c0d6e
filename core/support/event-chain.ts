import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import * as z from 'zod';
import type { SessionEvent } from '../model';

/**
 * The tamper-evident session log (issue 13, "Trust"). Each event of a session stores its place in the session's
 * chain (`seq`, from 1), the hash of the event before it (`prevHash`; the session's genesis for the first) and its
 * own `hash` = SHA-256(prevHash + canonical JSON of what it says). Changing, removing, moving or slipping in an
 * event afterwards then shows at that event when the chain is walked again.
 *
 * What it does not do: the hash has no secret, so someone who can write the database and knows this file can
 * rewrite every hash from their edit onwards, and the newest events can be dropped from the end without a trace.
 * It catches edits made without re-sealing the chain (a hand-edited row, a careless script, a restore that lost
 * rows in the middle); an anchor kept elsewhere (a keyed MAC, or the head hash sent off-site) would close the rest.
 *
 * The database id is left out of the hash on purpose: it is a storage detail (a move to PostgreSQL may renumber
 * rows), and `seq` already says where the event stands in its session.
 */

/** What an event contributes to its hash: everything the log shows about it. */
export type ChainContent = Pick<SessionEvent, 'sessionId' | 'at' | 'actor' | 'type' | 'data'> & { seq: number };

/**
 * The `hash` migration 0013 gave the events already stored (with null `seq` and `prevHash`): history from before
 * the chain, reported as not verifiable. A row without any link is not history: it was added outside the log.
 */
export const BEFORE_CHAIN = 'before-chain';

/** An event as stored with its link (see BEFORE_CHAIN for events written before chaining). */
export interface ChainedEvent extends SessionEvent {
  seq: number | null;
  prevHash: string | null;
  hash: string | null;
}

/** Why a chain is broken, at the event `brokenAt` names. */
export const ChainBreak = {
  /** The event's content (or its stored hash) no longer matches what was sealed: it was edited. */
  changed: 'hash_mismatch',
  /** The event before this one is gone: its place in the chain is empty. */
  missing: 'missing',
  /** The event stands somewhere else than where it was written. */
  reordered: 'reordered',
  /** The event was never appended through the chain: it was slipped in. */
  inserted: 'inserted',
} as const;
export type ChainBreak = (typeof ChainBreak)[keyof typeof ChainBreak];

const brokenEventSchema = z.object({
  eventId: z.number().int(),
  /** 1-based place in the session's timeline as the log page lists it (events before chaining count). */
  index: z.number().int().positive(),
  /** The stored type; a string, since a tampered row can say anything. */
  type: z.string(),
  at: z.number(),
});
export type BrokenEvent = z.infer<typeof brokenEventSchema>;

/** A verification's answer; the schema is what the log page checks the API's answer against. */
export const chainVerdictSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true), sessionId: z.string(), events: z.number().int(), unchained: z.number().int(),
    /** The newest event's hash (null before any chained event): kept elsewhere, it shows a later rewrite of the whole chain. */
    head: z.string().nullable(),
  }),
  z.object({
    ok: z.literal(false), sessionId: z.string(), events: z.number().int(), unchained: z.number().int(),
    brokenAt: brokenEventSchema, reason: z.enum(Object.values(ChainBreak)),
  }),
]);
export type ChainVerdict = z.infer<typeof chainVerdictSchema>;

const utf8 = new TextEncoder();

/** The first event of a session chains from this, so a chain cannot be moved to another session whole. */
export function genesisHash(sessionId: string): string {
  return encodeHexLowerCase(sha256(utf8.encode(`lifeline session log v1\n${sessionId}`)));
}

/**
 * JSON with every object's keys in order, so the same content always hashes the same way whichever order the
 * code (or PostgreSQL's jsonb) put the keys in. Like JSON.stringify it drops undefined fields, so an event
 * hashes the same before it is stored and after it is read back.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const record = inner as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]]));
  });
}

export function eventHash(prevHash: string, event: ChainContent): string {
  const { sessionId, seq, at, actor, type, data } = event;
  return encodeHexLowerCase(sha256(utf8.encode(prevHash + canonicalJson({ sessionId, seq, at, actor, type, data }))));
}

/** The link a new event of `sessionId` gets after `last`, the newest chained event of the session (or none). */
export function nextLink(sessionId: string, last: { seq: number; hash: string } | null): { seq: number; prevHash: string } {
  return last ? { seq: last.seq + 1, prevHash: last.hash } : { seq: 1, prevHash: genesisHash(sessionId) };
}

/**
 * Walks a session's events (in the order they were stored) and names the first one that breaks the chain.
 * History from before chaining (BEFORE_CHAIN) at the start of the session is counted as `unchained` and cannot be
 * vouched for; such an event after the chain began, or any event without a link, was slipped in.
 */
export function verifyChain(sessionId: string, events: readonly ChainedEvent[]): ChainVerdict {
  let unchained = 0;
  let expected: { seq: number; prevHash: string } | null = null;
  const broken = (reason: ChainBreak, at: ChainedEvent): ChainVerdict => ({
    ok: false, sessionId, events: events.length, unchained, reason,
    brokenAt: { eventId: at.id, index: events.indexOf(at) + 1, type: at.type, at: at.at },
  });

  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (event.hash === BEFORE_CHAIN && event.seq === null && event.prevHash === null) {
      if (expected === null) {
        unchained++;
        continue;
      }
      return broken(ChainBreak.inserted, event);
    }
    if (event.seq === null || event.hash === null || event.prevHash === null) return broken(ChainBreak.inserted, event);
    expected ??= { seq: 1, prevHash: genesisHash(sessionId) };
    if (event.seq < expected.seq) return broken(ChainBreak.inserted, event);
    if (event.seq > expected.seq) {
      const wanted = expected.seq;
      return broken(events.some((later, j) => j > i && later.seq === wanted) ? ChainBreak.reordered : ChainBreak.missing, event);
    }
    if (eventHash(event.prevHash, { ...event, seq: event.seq }) !== event.hash) return broken(ChainBreak.changed, event);
    // The event is whole but points at another predecessor: the one before it was rewritten and re-hashed, or
    // this one was forged in its place. The rewritten one is the likelier, and it is the one the link accuses.
    if (event.prevHash !== expected.prevHash) return broken(ChainBreak.changed, previousChained(events, i) ?? event);
    expected = { seq: event.seq + 1, prevHash: event.hash };
  }
  return { ok: true, sessionId, events: events.length, unchained, head: expected?.prevHash ?? null };
}

function previousChained(events: readonly ChainedEvent[], before: number): ChainedEvent | undefined {
  for (let i = before - 1; i >= 0; i--) if (events[i].seq !== null) return events[i];
  return undefined;
}
