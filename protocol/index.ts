/**
 * The signaling protocol: every Socket.IO event and every data channel message, as zod schemas with inferred
 * types. Imported by the server, the technician console and the customer page; nothing else defines a message.
 * Bump PROTOCOL_VERSION on any incompatible change: an old tab then gets a clear "please reload".
 */
import * as z from 'zod';
import './zod-without-eval';
import { ErrorCode, type Reason } from '../core/errors';
import { ID_PATTERN } from '../core/ids';
import { customFieldValuesSchema } from '../core/channels/custom-fields';
import { CUSTOMER_ENFORCED_RIGHTS, type CustomerEnforcedRight } from '../core/organisation/permissions';
import { ANNOTATIONS_CHANNEL } from './annotations';
import { handoffNoteSchema, resolutionNoteSchema, transferTargetSchema } from '../core/support/service-queue';
import { FILE_ID_PATTERN, FILE_NAME_MAX, FILES_CHANNEL } from './files';
import { type HelperHello, helperHelloSchema, type HelperRights, pairingTokenSchema } from './helper';
import { controlModeSchema, inputPrioritySchema } from './input';
import { AVATAR_URL_PATTERN } from '../core/preferences/avatar-address';

export * from './annotations';
export * from './files';
export * from './helper';
export * from './input';

export const PROTOCOL_VERSION = 1;
export { ErrorCode };

// ---------------------------------------------------------------- shared shapes

export const sessionIdSchema = z.string().regex(ID_PATTERN, 'not a session id');
export const sessionStateSchema = z.enum(['created', 'waiting', 'active', 'closed']);
export const endReasonSchema = z.enum(['technician_ended', 'customer_ended', 'expired', 'idle_timeout', 'resolved']);
export type EndReason = z.infer<typeof endReasonSchema>;
export const participantSchema = z.enum(['technician', 'customer']);

export const sessionSummarySchema = z.object({
  id: sessionIdSchema,
  customerName: z.string(),
  state: sessionStateSchema,
  /** Only while the session waits for its customer; spent and expired codes are gone. */
  code: z.string().nullable(),
  codeExpiresAt: z.number(),
  createdAt: z.number(),
  /** When the customer arrived, and when their technician picked them up: the queue's waiting time. */
  joinedAt: z.number().nullable(),
  /** When the customer began waiting for whoever has the session now (joining, or the last hand-over). */
  queuedAt: z.number().nullable(),
  pickedUpAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  endReason: endReasonSchema.nullable(),
  /** Who works it; null while it waits unassigned in a group's queue. */
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The queue it sits in. */
  group: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Technicians invited to watch alongside the assignee (at most MAX_COLLABORATORS). */
  collaborators: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The channel the customer started it from; null for a private session. */
  channel: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The custom fields' answers; `editable`: the technician may change it (the field allows it). */
  customFields: z.array(z.object({ id: z.string(), label: z.string(), value: z.string(), editable: z.boolean() })),
  /** A request left while the channel was closed: call the customer back, nobody waits on the page. */
  request: z.boolean(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

/**
 * DOM co-browse of the company's page the widget is on: `available` while the customer is in the widget (not on
 * our own pages, where every control is Lifeline's own), `active` once they agreed and until they stop.
 */
export const cobrowseStateSchema = z.object({ available: z.boolean(), active: z.boolean() });
export type CobrowseState = z.infer<typeof cobrowseStateSchema>;
export const NO_COBROWSE: CobrowseState = { available: false, active: false };

/**
 * What the technician who has the session may do with what flows peer to peer; the customer's page refuses the
 * rest (see CUSTOMER_ENFORCED_RIGHTS). All off while nobody has picked the session up.
 */
export const customerRightsSchema = z.object(
  Object.fromEntries(CUSTOMER_ENFORCED_RIGHTS.map((right) => [right, z.boolean()])) as Record<CustomerEnforcedRight, z.ZodBoolean>,
);
export type CustomerRights = z.infer<typeof customerRightsSchema>;

/** What the customer's page is told of who will help them, and when (consoles get the summary instead). */
export const customerAssignmentSchema = z.object({
  sessionId: z.string(),
  /** Null while the session waits in a queue for someone to pick it up. */
  technicianNickname: z.string().nullable(),
  /** Their picture (an address named by its content hash, see core/preferences), or null for their initials. */
  technicianAvatarUrl: z.string().regex(AVATAR_URL_PATTERN).nullable(),
  /** Average recent pick-up time of that technician or queue; null without history or once picked up. */
  estimatedWaitMs: z.number().nullable(),
  /** The customer's place in their channel's queue (1: next); null once picked up or outside a channel's queue. */
  queuePosition: z.number().int().positive().nullable(),
  /** They waited longer than the channel's timeout: its message for them ('' for the page's own sentence). */
  waitNotice: z.string().nullable(),
  /**
   * Other technicians invited to watch, as the customer must know who sees their screen. `present` ones get a
   * peer connection of their own; `epoch` changes when a viewer's console reconnects (build a new one).
   */
  viewers: z.array(z.object({ id: z.string(), nickname: z.string(), present: z.boolean(), epoch: z.number() })),
  rights: customerRightsSchema,
});
export type CustomerAssignment = z.infer<typeof customerAssignmentSchema>;

/** The last hand-over: who transferred the session and what they wrote for the next technician. */
export const handoffSchema = z.object({ fromName: z.string(), note: z.string(), at: z.number() });
export type Handoff = z.infer<typeof handoffSchema>;

/** Someone a session can be transferred to: a technician (with whether their console is open) or a group's queue. */
/** How a technician shows: Available, Busy (chosen, or at the group's maximum of sessions), Away, or offline (no console). */
export const techStatusSchema = z.enum(['available', 'busy', 'away']);
export type TechStatusName = z.infer<typeof techStatusSchema>;
export const shownStatusSchema = z.enum(['available', 'busy', 'away', 'offline']);
export type ShownStatusName = z.infer<typeof shownStatusSchema>;
/** A technician's own status as the server keeps it, and why: chosen, full (at the maximum), idle (no input). */
export const ownStatusSchema = z.object({ status: techStatusSchema, why: z.enum(['chosen', 'full', 'idle']) });
export type OwnStatus = z.infer<typeof ownStatusSchema>;
/** A colleague with a console open, for the queue's "who is available". */
export const teamMemberSchema = z.object({ id: z.string(), name: z.string(), groupId: z.string().nullable(), status: techStatusSchema });
export type TeamMember = z.infer<typeof teamMemberSchema>;

export const transferTargetsSchema = z.object({
  technicians: z.array(z.object({ id: z.string(), name: z.string(), groupName: z.string().nullable(), online: z.boolean(), status: shownStatusSchema })),
  groups: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type TransferTargets = z.infer<typeof transferTargetsSchema>;

export const chatMessageSchema = z.object({
  id: z.number().int(),
  /** The sender's id for the message, so its own pending copy can be matched with the stored one. */
  clientId: z.string().nullable(),
  sessionId: sessionIdSchema,
  at: z.number(),
  from: z.enum(['technician', 'customer', 'system']),
  author: z.string(),
  text: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export interface CannedReplyView {
  id: string;
  keyword: string;
  text: string;
  shared: boolean;
}

/** A link the technician pushed; the customer opens it in a new tab only after confirming. */
export const pushedUrlSchema = z.object({ id: z.number().int(), url: z.string(), at: z.number() });
export type PushedUrl = z.infer<typeof pushedUrlSchema>;

export const iceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export const rtcConfigSchema = z.object({
  iceServers: z.array(iceServerSchema),
  iceTransportPolicy: z.enum(['all', 'relay']),
});
export type RtcConfig = z.infer<typeof rtcConfigSchema>;

/**
 * Why control of the page could not start although the customer said yes: they shared another surface than this
 * tab, or closed the browser's picker. Both sides are told, each with what to do next.
 */
export const controlProblemSchema = z.enum(['wrong-surface', 'share-cancelled']);
export type ControlProblem = z.infer<typeof controlProblemSchema>;

export const controlViewSchema = z.object({
  mode: controlModeSchema,
  state: z.enum(['requested', 'granted']),
  epoch: z.number().int().nonnegative(),
  priority: inputPrioritySchema,
});
export type ControlView = z.infer<typeof controlViewSchema>;

/** What the customer is told before consenting, and what both sides see of each other. */
export const sessionViewSchema = z.object({
  session: sessionSummarySchema,
  /** Null while nobody has picked the session up. */
  technicianNickname: z.string().nullable(),
  technicianAvatarUrl: customerAssignmentSchema.shape.technicianAvatarUrl,
  /** For the customer while they wait to be picked up (see customerAssignmentSchema). */
  estimatedWaitMs: z.number().nullable(),
  queuePosition: customerAssignmentSchema.shape.queuePosition,
  waitNotice: customerAssignmentSchema.shape.waitNotice,
  /** For the customer: collaborators invited to watch (see customerAssignmentSchema); empty for consoles. */
  viewers: customerAssignmentSchema.shape.viewers,
  /** For the customer: what the technician may do peer to peer (see customerRightsSchema); all off for consoles. */
  rights: customerRightsSchema,
  /** For the technician: the note of the last transfer, if the session came to them that way. */
  handoff: handoffSchema.nullable(),
  organisationName: z.string(),
  consented: z.boolean(),
  messages: z.array(chatMessageSchema),
  /** There are messages older than these (ask with chat:history). */
  earlierMessages: z.boolean(),
  /** Present once the customer consented: the peer connection may open. */
  rtc: rtcConfigSchema.nullable(),
  /** Whether the other participant is connected right now. */
  peerPresent: z.boolean(),
  /** For the customer: the technician's console that is present (see `session:open`), when it said. */
  peerConsoleId: z.string().nullable(),
  customerSharing: z.boolean(),
  /** DOM co-browse of the page the customer's widget is on. */
  cobrowse: cobrowseStateSchema,
  pushedUrls: z.array(pushedUrlSchema),
  /** A recording of the session is running: the customer is always shown this. */
  recording: z.boolean(),
  /** The technician's notes; null in the customer's view (notes are never shown to the customer). */
  notes: z.string().nullable(),
  /** Chat is on in this session; while off, neither side can send (the technician may turn it on with "chatToggle"). */
  chatEnabled: z.boolean(),
  /** Remote control asked for or granted, with the epoch input must carry; null when nobody controls. */
  control: controlViewSchema.nullable(),
  /** For the technician: the Lifeline Helper connected for this session (null in the customer's view). */
  helper: helperHelloSchema.nullable(),
  /** The technician's group asks for every right in one prompt: consenting also allows remote control when asked. */
  singlePrompt: z.boolean(),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

const sdpSchema = z.string().min(1).max(200_000);
/** Which m-line of the description an ICE candidate belongs to. */
export const sdpMLineIndexSchema = z.number().int().min(0).max(1024);
export const signalSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('description'),
    description: z.object({ type: z.enum(['offer', 'answer', 'pranswer', 'rollback']), sdp: sdpSchema.optional() }),
  }),
  z.object({
    kind: z.literal('candidate'),
    candidate: z.object({
      candidate: z.string().max(2048),
      sdpMid: z.string().max(64).nullable().optional(),
      sdpMLineIndex: sdpMLineIndexSchema.nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
]);
export type Signal = z.infer<typeof signalSchema>;

/**
 * Names one peer connection of a session. The customer draws a new one whenever it rebuilds the connection
 * (after a network failure): the technician then drops its old connection instead of renegotiating a dead one.
 */
export const connectionIdSchema = z.string().regex(/^[a-z0-9]{8,32}$/, 'not a connection id');

/**
 * A session is watched by its technician and at most this many collaborators: the customer's browser sends
 * one video stream per viewer (a small mesh) until an SFU can fan out.
 */
export const MAX_COLLABORATORS = 2;
/** Names a collaborator's connection in signals: the collaborator's user id (absent: the session's technician). */
export const viewerIdSchema = z.string().min(1).max(64);

// ---------------------------------------------------------------- handshake

export const handshakeSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('technician'), protocolVersion: z.number().int() }),
  z.object({ role: z.literal('customer'), protocolVersion: z.number().int(), joinToken: z.string().min(16).max(128) }),
  /** `helperKey`: what the server gave this helper when it claimed the token (HelperPairing), once it has one. */
  z.object({ role: z.literal('helper'), protocolVersion: z.number().int(), pairingToken: pairingTokenSchema, helperKey: pairingTokenSchema.optional() }),
]);
export type Handshake = z.infer<typeof handshakeSchema>;

// ---------------------------------------------------------------- client -> server (each answered by an ack)

const withSession = { sessionId: sessionIdSchema };

export const clientEvents = {
  /** Technician: open a new support session for a customer. */
  'session:create': z.object({ customerName: z.string().trim().min(1).max(80), values: customFieldValuesSchema.default({}) }),
  /** Technician: "assign to me", a session waiting unassigned in the queue. */
  'session:assign': z.object(withSession),
  /** Technician: hand the session to another technician or to a group's queue, with a note for them. */
  'session:transfer': z.object({ ...withSession, to: transferTargetSchema, note: handoffNoteSchema }),
  /** Technician: end the session as resolved, with a note for the log. */
  'session:resolve': z.object({ ...withSession, note: resolutionNoteSchema }),
  /** Technician (with "editCustomFields"): change the answers of fields the channel lets technicians edit. */
  'session:custom-fields': z.object({ ...withSession, values: customFieldValuesSchema }),
  /** Technician: who a session can be transferred to. */
  'transfer:targets': z.object({}),
  /** Technician: who could be invited to watch (needs "invite collaborators"). */
  'collab:targets': z.object({}),
  /** Technician: invite another technician to watch the session and read the chat. */
  'collab:invite': z.object({ ...withSession, technicianId: z.string().min(1).max(64) }),
  /** Technician: the session's technician removes a collaborator, or a collaborator leaves (their own id). */
  'collab:remove': z.object({ ...withSession, technicianId: z.string().min(1).max(64) }),
  /** Technician: the sessions in their list. */
  'session:list': z.object({}),
  /** Technician: say whether they take customers now (Available), are busy, or away. */
  'tech:status': z.object({ status: techStatusSchema }),
  /** Technician: there was input in their console (sent at most every few seconds): it keeps them from turning Away. */
  'tech:activity': z.object({}),
  /** Either side: enter a session (technician: one of theirs; customer: the one their token names). */
  /**
   * `consoleId`: the technician's console (the page, drawn once per load) says which it is, so the customer's
   * page keeps a connection to the same console that still works when its socket comes back (a drop, a restart).
   */
  'session:open': z.object({ ...withSession, consoleId: connectionIdSchema.optional() }),
  /** Customer: agree to chat and to screen viewing when they share. */
  'session:consent': z.object(withSession),
  /** Either side: end the session for both. */
  'session:end': z.object(withSession),
  /**
   * `clientId` makes sending idempotent: a message re-sent after a dropped socket is stored and delivered once.
   */
  'chat:send': z.object({
    ...withSession,
    text: z.string().trim().min(1).max(4000),
    clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a message id'),
  }),
  /** Either side: started or stopped typing (relayed to the other side, not stored). */
  'chat:typing': z.object({ ...withSession, typing: z.boolean() }),
  /** Messages older than `before` (a message id), a page at a time: the view carries only the latest. */
  'chat:history': z.object({ ...withSession, before: z.number().int().positive() }),
  /** Technician: ask the customer for control of their page or desktop (the group's "remoteControl" right). */
  'control:request': z.object({ ...withSession, mode: controlModeSchema }),
  /** Customer: grant (with the epoch their page will accept input under) or decline the request. */
  /** `problem`: declined because the page could not be shown (another surface shared, the picker closed). */
  'control:answer': z.object({ ...withSession, accept: z.boolean(), epoch: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), problem: controlProblemSchema.optional() }),
  /** Either side: control ends now. */
  'control:stop': z.object(withSession),
  /** Helper: here I am, on this screen; answered with what the technician's group allows it. */
  'helper:hello': z.object({ ...withSession, hello: helperHelloSchema }),
  /** Technician <-> helper: the helper's peer connection (data channels only), relayed as rtc:signal is. */
  'helper:signal': z.object({ ...withSession, connectionId: connectionIdSchema, signal: signalSchema }),
  /**
   * Helper: the customer pressed the stop key on their desktop during the grant with this epoch; that grant ends
   * as if they had pressed Stop (a later grant or a pending request is not touched).
   */
  'helper:stop-control': z.object({ ...withSession, epoch: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  /**
   * Customer <-> the session's technician, while control of the customer's page is granted: the input's own peer
   * connection (data channels only), so a keystroke never waits behind the shared screen's packets. The customer
   * offers it after each grant; collaborators have none.
   */
  'input:signal': z.object({ ...withSession, connectionId: connectionIdSchema, signal: signalSchema }),
  /** Technician: turn chat on or off in this session (the group's "chatToggle" right). */
  'chat:toggle': z.object({ ...withSession, enabled: z.boolean() }),
  /** Technician: the session's notes as typed so far (saved continuously, never shown to the customer). */
  'session:notes': z.object({ ...withSession, notes: z.string().max(20_000) }),
  /** Technician: send the customer a web link (http or https), which they open only if they confirm. */
  'url:push': z.object({ ...withSession, url: z.url({ protocol: /^https?$/ }).max(2048) }),
  /**
   * Either side: a file transfer ended; each side reports the hashes it computed and the ones the other side
   * sent, so the session's log holds both views.
   */
  'file:record': z.object({
    ...withSession,
    transfer: z.object({
      id: z.string().regex(FILE_ID_PATTERN),
      direction: z.enum(['outgoing', 'incoming']),
      name: z.string().min(1).max(FILE_NAME_MAX),
      size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
      state: z.enum(['done', 'failed', 'declined']),
      ok: z.boolean(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
      md5: z.string().regex(/^[0-9a-f]{32}$/).nullable(),
      peerSha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
      peerMd5: z.string().regex(/^[0-9a-f]{32}$/).nullable(),
      error: z.string().max(32).nullable(),
    }),
  }),
  /** Either side: "keep this session open" after an idle warning. */
  'session:keep-alive': z.object(withSession),
  /** Technician: their canned replies and the organisation's. */
  'canned:list': z.object({}),
  /** Technician: a new canned reply, personal or (master administrator) organisation-wide. */
  'canned:save': z.object({
    keyword: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9-]{0,23}$/, 'Use 1-24 letters, digits or dashes.'),
    text: z.string().trim().min(1).max(2000),
    shared: z.boolean(),
  }),
  'canned:delete': z.object({ id: z.string().regex(/^[a-z2-7]{24}$/) }),
  /** Technician: propose a camera and microphone call; the customer accepts or declines. */
  'call:propose': z.object(withSession),
  /** Customer: the answer to a proposed call. */
  'call:answer': z.object({ ...withSession, accept: z.boolean() }),
  /** Either side: hang up. */
  'call:end': z.object(withSession),
  /** Customer: sharing started or stopped (recorded, shown to the technician). */
  'share:state': z.object({ ...withSession, sharing: z.boolean() }),
  /** Technician: ask the customer to let them co-browse the page the widget is on. */
  'cobrowse:request': z.object(withSession),
  /** Customer: co-browse is possible here (the widget on a company's page), and whether it runs (recorded). */
  'cobrowse:state': z.object({ ...withSession, cobrowse: cobrowseStateSchema }),
  /** Either side: an SDP description or ICE candidate for the paired peer. */
  'rtc:signal': z.object({ ...withSession, connectionId: connectionIdSchema, signal: signalSchema, viewer: viewerIdSchema.optional() }),
} as const;
export type ClientEventName = keyof typeof clientEvents;
export type ClientEventPayload<E extends ClientEventName> = z.input<(typeof clientEvents)[E]>;

/** What each acknowledged event returns when it succeeds. */
export interface ClientEventResults {
  'session:create': { session: SessionSummary; link: string };
  'session:assign': { session: SessionSummary };
  'session:transfer': { session: SessionSummary };
  'session:resolve': { session: SessionSummary };
  'session:custom-fields': { session: SessionSummary };
  'transfer:targets': TransferTargets;
  'collab:targets': TransferTargets;
  'collab:invite': { session: SessionSummary };
  'collab:remove': { session: SessionSummary };
  'session:list': { sessions: SessionSummary[] };
  'tech:status': { status: OwnStatus; team: TeamMember[] };
  'tech:activity': { status: OwnStatus };
  'session:open': { view: SessionView };
  'session:consent': { view: SessionView };
  'session:end': { session: SessionSummary };
  'chat:send': { message: ChatMessage };
  'chat:history': { messages: ChatMessage[]; earlier: boolean };
  'chat:typing': Record<string, never>;
  'chat:toggle': { enabled: boolean };
  'control:request': { control: ControlView };
  /** `helperKey`: this helper claimed the download's token; it shows the key on every later connection. */
  'helper:hello': { rights: HelperRights; technicianName: string | null; rtc: RtcConfig; control: ControlView | null; helperKey: string | null };
  'helper:signal': Record<string, never>;
  'helper:stop-control': Record<string, never>;
  'input:signal': Record<string, never>;
  'control:answer': Record<string, never>;
  'control:stop': Record<string, never>;
  'share:state': Record<string, never>;
  'cobrowse:request': Record<string, never>;
  'cobrowse:state': Record<string, never>;
  'rtc:signal': Record<string, never>;
  'session:notes': { savedAt: number };
  'url:push': { pushed: PushedUrl };
  'session:keep-alive': Record<string, never>;
  'file:record': Record<string, never>;
  'canned:list': { replies: CannedReplyView[] };
  'canned:save': { reply: CannedReplyView };
  'canned:delete': Record<string, never>;
  'call:propose': Record<string, never>;
  'call:answer': Record<string, never>;
  'call:end': Record<string, never>;
}

/** `field` and `reasons` as in HTTP error bodies (core/errors.ts Reason): for the page to say it in the reader's language. */
export type AckError = { ok: false; code: ErrorCode; message: string; retryAfterMs?: number; field?: string; reasons?: Reason[] };
export type Ack<T> = ({ ok: true } & T) | AckError;

// ---------------------------------------------------------------- server -> client

export interface ServerToClientEvents {
  /** To the consoles that see the session in their queue: it changed (state, assignee, pick-up). */
  'session:updated': (session: SessionSummary) => void;
  /** To the customer: who will help them now, and how long they may wait. */
  'session:assignment': (assignment: CustomerAssignment) => void;
  /** The session ended; every right ends with it. */
  'session:ended': (event: { sessionId: string; reason: z.infer<typeof endReasonSchema> }) => void;
  'chat:message': (message: ChatMessage) => void;
  'chat:typing': (event: { sessionId: string; from: z.infer<typeof participantSchema>; typing: boolean }) => void;
  /** To the customer: the technician asks to control their page or desktop; input priority as their group says. */
  'control:requested': (event: { sessionId: string; control: ControlView; technicianName: string; helperDownload: string | null; preApproved: boolean }) => void;
  /** Technician <-> helper: the helper's peer connection. */
  'helper:signal': (event: { sessionId: string; connectionId: string; signal: Signal }) => void;
  /** Customer <-> technician: the page-control input connection (see the client event). */
  'input:signal': (event: { sessionId: string; connectionId: string; signal: Signal }) => void;
  /** To the helper: what it may do besides input, for the technician who has the session now (sent at each grant). */
  'helper:rights': (event: { rights: HelperRights; technicianName: string | null }) => void;
  /** To the session's consoles: the helper connected (with the screen it controls) or went away. */
  'helper:state': (event: { sessionId: string; helper: HelperHello | null }) => void;
  /** To both: control was granted (with its epoch), declined, or stopped (by whom). */
  'control:state': (event: { sessionId: string; control: ControlView | null; change: 'granted' | 'declined' | 'stopped'; by: z.infer<typeof participantSchema> | 'system'; problem?: ControlProblem }) => void;
  /** To everyone in the session: chat was turned on or off. */
  'chat:state': (event: { sessionId: string; enabled: boolean }) => void;
  /** `consoleId`: to the customer, which console of the technician's is present (see `session:open`). */
  'peer:presence': (event: { sessionId: string; peer: z.infer<typeof participantSchema>; present: boolean; consoleId?: string | null }) => void;
  /** To the technician: the customer consented, here is how to reach them. */
  'session:consented': (event: { sessionId: string; rtc: RtcConfig }) => void;
  'share:state': (event: { sessionId: string; sharing: boolean }) => void;
  /** To both: whether the customer's page can be co-browsed, and whether it is (see cobrowseStateSchema). */
  'cobrowse:state': (event: { sessionId: string; cobrowse: CobrowseState }) => void;
  /** To the customer: the technician asks to co-browse their page. */
  'cobrowse:requested': (event: { sessionId: string }) => void;
  /** The call's state changed: proposed (to the customer), accepted or declined (to the technician), ended. */
  'call:state': (event: { sessionId: string; state: 'proposed' | 'active' | 'declined' | 'ended' }) => void;
  /** To both: recording started or stopped. */
  'recording:state': (event: { sessionId: string; recording: boolean }) => void;
  /** To the customer: the technician sent a link. */
  'url:pushed': (event: { sessionId: string; pushed: PushedUrl }) => void;
  /** To both: nothing happened for a long time; the session closes at `closesAt` unless someone acts. */
  'session:idle-warning': (event: { sessionId: string; closesAt: number }) => void;
  /** `viewer` (to the customer): the collaborator whose connection this is; absent for the session's technician. */
  'rtc:signal': (event: { sessionId: string; connectionId: string; signal: Signal; viewer?: string }) => void;
  /** To a technician's consoles: their status changed (chosen elsewhere, Away after no input, Busy at the maximum). */
  'tech:status': (status: OwnStatus) => void;
  /** To every console: who has a console open now, and how they show (the queue's "who is available"). */
  'team:status': (event: { team: TeamMember[] }) => void;
  /** To a technician's consoles, just before the server ends their sign-in: why (no input for the administrator's time). */
  'tech:signed-out': (event: { reason: 'inactive' }) => void;
  /** To a technician's consoles: they were invited to watch a session. */
  'collab:invited': (event: { session: SessionSummary; fromName: string }) => void;
}

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventPayload<E>, ack: (result: Ack<ClientEventResults[E]>) => void) => void;
};

// ---------------------------------------------------------------- data channels (peer to peer)

/** Data channels the customer opens with the peer connection, by purpose (DESIGN.md "WebRTC conventions"). */
/**
 * Input rides `control` and `pointer` at high priority (RTCDataChannelInit.priority, where the browser honours it):
 * a click must not queue behind file chunks or wait on the screen's packets.
 */
export const DataChannels = {
  control: { label: 'control', init: { ordered: true, priority: 'high' } as RTCDataChannelInit },
  /** DOM co-browse: the page's recording to the console, input by node id and its reports back (protocol/cobrowse.ts). */
  cobrowse: { label: 'cobrowse', init: { ordered: true } as RTCDataChannelInit },
  pointer: { label: 'pointer', init: { ordered: false, maxRetransmits: 0, priority: 'high' } as RTCDataChannelInit },
  files: FILES_CHANNEL,
  annotations: ANNOTATIONS_CHANNEL,
} as const;

/** How the customer's screen is encoded, chosen by the technician; applied without re-capturing. */
export const QualityPreset = { balanced: 'balanced', speed: 'speed', quality: 'quality' } as const;
export type QualityPreset = (typeof QualityPreset)[keyof typeof QualityPreset];
export const qualityPresetSchema = z.enum(['balanced', 'speed', 'quality']);

/** Messages on the control channel. Input comes in a later issue; a ping proves the channel end to end. */
export const controlMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping'), seq: z.number().int().nonnegative(), sentAt: z.number() }),
  z.object({ type: z.literal('pong'), seq: z.number().int().nonnegative(), sentAt: z.number() }),
  /** Technician -> customer: encode the screen with this preset. */
  z.object({ type: z.literal('quality'), preset: qualityPresetSchema }),
  /** Technician -> customer: please share another screen (the customer chooses; nothing happens without them). */
  z.object({ type: z.literal('share-other-screen') }),
  /**
   * Technician -> customer: a video element of mine needs a picture now (it was just mounted). A still screen
   * sends no frames (client/still-frames.ts), and a new element shows nothing until the next one.
   */
  z.object({ type: z.literal('screen-refresh') }),
  /**
   * Technician -> customer: the console shows the Lifeline Helper's own screen instead of this share (while the
   * helper controls the desktop): the share's encoding stays off meanwhile, so the customer's computer does not
   * encode its screen twice. `covered: false` switches it back on.
   */
  z.object({ type: z.literal('screen-covered'), covered: z.boolean() }),
]);
export type ControlMessage = z.infer<typeof controlMessageSchema>;
