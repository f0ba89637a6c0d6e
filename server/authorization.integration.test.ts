import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientEvents, PROTOCOL_VERSION } from '../protocol';
import { type Permission, PERMISSIONS } from '../core/organisation/permissions';
import { testClients } from '../testing/socket-clients';
import { startTestServer, type TestServer } from '../testing/server';

/**
 * The authorization matrix: every web route and every socket event, for every kind of caller, allowed or
 * refused as the admin center promises. A route or event added without an entry here fails the first tests.
 *
 * Callers: nobody signed in; Tess, a technician of group A who works the target session; Bob, a technician
 * of group B; Ada, an administrator of group A (assigned to manage it); Abe, an administrator of group B; the
 * master administrator; and, for socket events, the target session's customer.
 */
type RouteActor = 'anon' | 'tess' | 'bob' | 'ada' | 'abe' | 'master';
type EventActor = 'customer' | 'tess' | 'bob' | 'ada' | 'master';
const ROUTE_ACTORS: RouteActor[] = ['anon', 'tess', 'bob', 'ada', 'abe', 'master'];
const EVENT_ACTORS: EventActor[] = ['customer', 'tess', 'bob', 'ada', 'master'];
const SIGNED_IN: RouteActor[] = ['tess', 'bob', 'ada', 'abe', 'master'];
const ADMINS_OF_A: RouteActor[] = ['ada', 'master'];
const TECHNICIANS: EventActor[] = ['tess', 'bob', 'ada', 'master'];

interface Context {
  groupA: string;
  subgroupA: string;
  /** An administrator group, and one with nothing in it for the master administrator to delete. */
  adminGroup: string;
  emptyAdminGroup: string;
  /** Val is a technician of group A whom nobody acts as: resetting her password ends nobody's test sign-in. */
  ids: Record<'tess' | 'bob' | 'ada' | 'abe' | 'val', string>;
  sessionId: string;
  recordingId: string;
  screenshotId: string;
  /** Channels assigned to group A: one to edit, and a new one to remove for each caller. */
  channelA: string;
  spareChannelA: () => string;
  /** A pending invitation to group A, a new one for each request. */
  spareInvitationA: () => string;
  unique: () => string;
}
type Request = { path: string; body?: unknown; raw?: Buffer };
type RouteSpec = { public: string } | { allow: RouteActor[]; request: (ctx: Context) => Request };

const PNG_1PX = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

const ROUTES: Record<string, RouteSpec> = {
  'POST /api/setup': { public: 'first run only; refuses forever once anyone exists' },
  'POST /api/auth/login': { public: 'the sign-in itself' },
  'POST /api/auth/second-factor': { public: 'holds a sign-in challenge, not a session' },
  'POST /api/auth/enroll': { public: 'holds a sign-in challenge, not a session' },
  'POST /api/auth/email-code': { public: 'holds a sign-in challenge, not a session' },
  'POST /api/auth/new-password': { public: 'holds a sign-in challenge, not a session' },
  'POST /api/auth/logout': { public: 'ends whatever sign-in the cookie names' },
  'POST /api/signup': { public: 'holds an invitation token' },
  'POST /api/join': { public: 'the customer redeems a code or link' },
  'GET /api/helper/[token]': { public: 'holds a pairing token bound to one live session' },
  'POST /api/channels/[slug]/sessions': { public: 'a customer starts support from a channel; bounded per address' },
  'GET /api/channels/[slug]/widget': { public: 'the widget launcher\'s looks, for the channel\'s allowed origins only' },
  'GET /api/avatars/[hash]': { public: 'a person\'s picture by the SHA-256 of its bytes: the unguessable address is the key (customers see it unsigned)' },
  'POST /api/abuse-reports': { public: 'a customer reports abuse, also after the session; bounded per address, matches only spent codes' },
  'POST /api/sessions/[sessionId]/rating': { public: "holds the session's customer join token; once, after the end, bounded" },
  // Your own account: any signed-in person, about themselves only (bodies that change nothing).
  'POST /api/account/password': { allow: SIGNED_IN, request: () => ({ path: '/api/account/password', body: { current: '', next: '' } }) },
  'POST /api/account/preferences': { allow: SIGNED_IN, request: () => ({ path: '/api/account/preferences', body: { sound: true } }) },
  'POST /api/account/avatar': { allow: SIGNED_IN, request: () => ({ path: '/api/account/avatar', raw: PNG_1PX }) },
  'POST /api/account/avatar/remove': { allow: SIGNED_IN, request: () => ({ path: '/api/account/avatar/remove', body: {} }) },
  'POST /api/account/email': { allow: SIGNED_IN, request: () => ({ path: '/api/account/email', body: { email: 'not an address' } }) },
  'POST /api/account/email/confirm': { allow: SIGNED_IN, request: () => ({ path: '/api/account/email/confirm', body: { code: '12' } }) },
  'POST /api/account/sign-ins/end': { allow: SIGNED_IN, request: () => ({ path: '/api/account/sign-ins/end', body: { handle: '0123456789abcdef' } }) },
  'POST /api/account/two-factor/start': { allow: SIGNED_IN, request: () => ({ path: '/api/account/two-factor/start', body: {} }) },
  'POST /api/account/two-factor/confirm': { allow: SIGNED_IN, request: () => ({ path: '/api/account/two-factor/confirm', body: { secret: 'x', code: '1' } }) },
  'POST /api/account/two-factor/recovery-codes': { allow: SIGNED_IN, request: () => ({ path: '/api/account/two-factor/recovery-codes', body: {} }) },
  'POST /api/account/two-factor/disable': { allow: SIGNED_IN, request: () => ({ path: '/api/account/two-factor/disable', body: {} }) },
  'GET /api/admin/organisation': { allow: SIGNED_IN, request: () => ({ path: '/api/admin/organisation' }) },
  'POST /api/admin/groups': { allow: ADMINS_OF_A, request: (ctx) => ({ path: '/api/admin/groups', body: { name: `G ${ctx.unique()}`, parentId: ctx.groupA } }) },
  'POST /api/admin/groups/[groupId]': { allow: ADMINS_OF_A, request: (ctx) => ({ path: `/api/admin/groups/${ctx.groupA}`, body: { description: 'Front line' } }) },
  'POST /api/admin/groups/[groupId]/move': { allow: ADMINS_OF_A, request: (ctx) => ({ path: `/api/admin/groups/${ctx.subgroupA}/move`, body: { parentId: ctx.groupA } }) },
  'POST /api/admin/groups/[groupId]/permissions': { allow: ADMINS_OF_A, request: (ctx) => ({ path: `/api/admin/groups/${ctx.groupA}/permissions`, body: { changes: { reboot: false }, scope: 'group' } }) },
  'POST /api/admin/groups/[groupId]/security': { allow: ADMINS_OF_A, request: (ctx) => ({ path: `/api/admin/groups/${ctx.groupA}/security`, body: { requireTwoFactor: false } }) },
  'POST /api/admin/groups/[groupId]/administrators': { allow: ['master'], request: (ctx) => ({ path: `/api/admin/groups/${ctx.groupA}/administrators`, body: { userId: ctx.ids.ada, assigned: true } }) },
  'POST /api/admin/admin-groups': { allow: ['master'], request: (ctx) => ({ path: '/api/admin/admin-groups', body: { name: `A ${ctx.unique()}`, parentId: null } }) },
  'POST /api/admin/admin-groups/[adminGroupId]': { allow: ['master'], request: (ctx) => ({ path: `/api/admin/admin-groups/${ctx.adminGroup}`, body: { technicianGroupIds: [ctx.groupA] } }) },
  'POST /api/admin/admin-groups/[adminGroupId]/remove': { allow: ['master'], request: (ctx) => ({ path: `/api/admin/admin-groups/${ctx.emptyAdminGroup}/remove`, body: {} }) },
  'POST /api/admin/admin-groups/membership': { allow: ['master'], request: (ctx) => ({ path: '/api/admin/admin-groups/membership', body: { userId: ctx.ids.abe, adminGroupId: null } }) },
  'POST /api/admin/invitations': { allow: ADMINS_OF_A, request: (ctx) => ({ path: '/api/admin/invitations', body: { email: `new-${ctx.unique()}@example.com`, groupId: ctx.groupA } }) },
  'POST /api/admin/invitations/import': { allow: ['ada', 'abe', 'master'], request: () => ({ path: '/api/admin/invitations/import', body: { csv: 'someone@example.com,Technicians,no,no', confirm: false } }) },
  'POST /api/admin/invitations/[invitationId]/resend': { allow: ADMINS_OF_A, request: (ctx) => ({ path: `/api/admin/invitations/${ctx.spareInvitationA()}/resend`, body: {} }) },
  // An invitation of group A of its own for each caller: an allowed one withdraws it.
  'POST /api/admin/invitations/[invitationId]/revoke': { allow: ADMINS_OF_A, request: (ctx) => ({ path: `/api/admin/invitations/${ctx.spareInvitationA()}/revoke`, body: {} }) },
  'GET /api/admin/invitations/template': { allow: ['ada', 'abe', 'master'], request: () => ({ path: '/api/admin/invitations/template' }) },
  'POST /api/admin/people/[personId]': { allow: ADMINS_OF_A, request: (ctx) => ({ path: `/api/admin/people/${ctx.ids.tess}`, body: { description: 'Printers' } }) },
  'POST /api/admin/people/[personId]/reset-two-factor': { allow: ADMINS_OF_A, request: (ctx) => ({ path: `/api/admin/people/${ctx.ids.val}/reset-two-factor`, body: {} }) },
  'POST /api/admin/people/[personId]/reset-password': { allow: ADMINS_OF_A, request: (ctx) => ({ path: `/api/admin/people/${ctx.ids.val}/reset-password`, body: {} }) },
  'POST /api/admin/people/[personId]/move': { allow: ADMINS_OF_A, request: (ctx) => ({ path: `/api/admin/people/${ctx.ids.tess}/move`, body: { groupId: ctx.groupA } }) },
  'POST /api/admin/settings/password-policy': { allow: ['master'], request: () => ({ path: '/api/admin/settings/password-policy', body: { minLength: 12, strength: 'good', maxAgeDays: null, warnDays: 14 } }) },
  'POST /api/admin/settings/security-mail': { allow: ['master'], request: () => ({ path: '/api/admin/settings/security-mail', body: { signInSucceeded: false, signInFailed: true, contactChanged: true, passwordChanged: false, adminAdded: true, technicianAdded: false, technicianChanged: false } }) },
  'POST /api/admin/settings/console': { allow: ['master'], request: () => ({ path: '/api/admin/settings/console', body: { waitWarnSeconds: 60, waitLateSeconds: 180, autoAwayMinutes: 10, autoSignOutMinutes: null } }) },
  'GET /api/admin/channels': { allow: ['ada', 'abe', 'master'], request: () => ({ path: '/api/admin/channels' }) },
  'POST /api/admin/channels': { allow: ADMINS_OF_A, request: (ctx) => ({ path: '/api/admin/channels', body: { name: `C ${ctx.unique()}`, groupIds: [ctx.groupA] } }) },
  'POST /api/admin/channels/[channelId]': { allow: ADMINS_OF_A, request: (ctx) => ({ path: `/api/admin/channels/${ctx.channelA}`, body: { name: 'Front desk', groupIds: [ctx.groupA] } }) },
  // A channel of group A of its own for each caller: an allowed one removes it.
  'POST /api/admin/channels/[channelId]/remove': { allow: ADMINS_OF_A, request: (ctx) => ({ path: `/api/admin/channels/${ctx.spareChannelA()}/remove`, body: {} }) },
  'POST /api/admin/settings/private-fields': { allow: ['master'], request: () => ({ path: '/api/admin/settings/private-fields', body: { fields: [] } }) },
  'POST /api/admin/settings/branding': { allow: ['master'], request: () => ({ path: '/api/admin/settings/branding', body: { name: 'Acme', accent: null, contact: '' } }) },
  'POST /api/admin/settings/branding/logo': { allow: ['master'], request: () => ({ path: '/api/admin/settings/branding/logo', body: { logo: PNG_1PX.toString('base64') } }) },
  'DELETE /api/admin/settings/branding/logo': { allow: ['master'], request: () => ({ path: '/api/admin/settings/branding/logo', body: {} }) },
  'POST /api/admin/settings/channel-limit': { allow: ['master'], request: () => ({ path: '/api/admin/settings/channel-limit', body: { limit: 20 } }) },
  'GET /api/admin/audit.csv': { allow: ['ada', 'abe', 'master'], request: () => ({ path: '/api/admin/audit.csv' }) },
  'GET /api/log.csv': { allow: SIGNED_IN, request: () => ({ path: '/api/log.csv?view=active' }) },
  // The same rule as reading the session's log: its technician, and the master administrator who sees every log.
  'GET /api/sessions/[sessionId]/log/verify': { allow: ['tess', 'master'], request: (ctx) => ({ path: `/api/sessions/${ctx.sessionId}/log/verify` }) },
  'POST /api/sessions/[sessionId]/screenshots': { allow: ['tess'], request: (ctx) => ({ path: `/api/sessions/${ctx.sessionId}/screenshots`, raw: PNG_1PX }) },
  'GET /api/sessions/[sessionId]/screenshots/[screenshotId]': { allow: ['tess', 'master'], request: (ctx) => ({ path: `/api/sessions/${ctx.sessionId}/screenshots/${ctx.screenshotId}` }) },
  'POST /api/sessions/[sessionId]/recordings': { allow: ['tess'], request: (ctx) => ({ path: `/api/sessions/${ctx.sessionId}/recordings`, raw: Buffer.alloc(0) }) },
  'GET /api/sessions/[sessionId]/recordings/[recordingId]': { allow: ['tess', 'master'], request: (ctx) => ({ path: `/api/sessions/${ctx.sessionId}/recordings/${ctx.recordingId}` }) },
  'POST /api/sessions/[sessionId]/recordings/[recordingId]/chunks': { allow: ['tess'], request: (ctx) => ({ path: `/api/sessions/${ctx.sessionId}/recordings/${ctx.recordingId}/chunks?seq=99`, raw: Buffer.from('webm') }) },
  'POST /api/sessions/[sessionId]/recordings/[recordingId]/stop': { allow: ['tess'], request: (ctx) => ({ path: `/api/sessions/${ctx.sessionId}/recordings/${ctx.recordingId}/stop`, raw: Buffer.alloc(0) }) },
};

interface EventContext {
  sessionId: string;
  /** A session of Tess's group waiting unassigned in group A's queue (fresh for each caller). */
  queuedId: string;
  ids: Context['ids'];
  tessReplyId: string;
}
type EventSpec = { allow: EventActor[]; fresh?: boolean; payload: (ctx: EventContext) => unknown };

const sessionOnly = (ctx: EventContext) => ({ sessionId: ctx.sessionId });
const FILE = { id: 'abcdefghijklmnop', direction: 'outgoing', name: 'a.txt', size: 1, state: 'done', ok: true, sha256: null, md5: null, peerSha256: null, peerMd5: null, error: null };
const EVENTS: Record<keyof typeof clientEvents, EventSpec> = {
  'session:create': { allow: TECHNICIANS, payload: () => ({ customerName: 'Nina' }) },
  'session:list': { allow: TECHNICIANS, payload: () => ({}) },
  // Each technician about themselves only: there is no one else's status to set.
  'tech:status': { allow: TECHNICIANS, payload: () => ({ status: 'available' }) },
  'tech:activity': { allow: TECHNICIANS, payload: () => ({}) },
  'session:assign': { allow: ['tess', 'ada', 'master'], fresh: true, payload: (ctx) => ({ sessionId: ctx.queuedId }) },
  'session:transfer': { allow: ['tess', 'master'], fresh: true, payload: (ctx) => ({ sessionId: ctx.sessionId, to: { kind: 'technician', id: ctx.ids.bob }, note: '' }) },
  'session:resolve': { allow: ['tess', 'master'], fresh: true, payload: (ctx) => ({ sessionId: ctx.sessionId, note: 'done' }) },
  // Allowed for whoever sees the session in their queue (refused with bad_request here: a private session has no editable field).
  'session:custom-fields': { allow: ['tess', 'master'], payload: (ctx) => ({ sessionId: ctx.sessionId, values: { order: '42' } }) },
  'transfer:targets': { allow: TECHNICIANS, payload: () => ({}) },
  'collab:targets': { allow: TECHNICIANS, payload: () => ({}) },
  'collab:invite': { allow: ['tess'], fresh: true, payload: (ctx) => ({ sessionId: ctx.sessionId, technicianId: ctx.ids.bob }) },
  // Ada was invited to watch the fresh session: she may leave; only Tess may remove her.
  'collab:remove': { allow: ['tess', 'ada'], fresh: true, payload: (ctx) => ({ sessionId: ctx.sessionId, technicianId: ctx.ids.ada }) },
  'session:open': { allow: ['customer', 'tess'], payload: sessionOnly },
  'session:consent': { allow: ['customer'], payload: sessionOnly },
  'session:end': { allow: ['customer', 'tess'], fresh: true, payload: sessionOnly },
  'chat:send': { allow: ['customer', 'tess'], payload: (ctx) => ({ sessionId: ctx.sessionId, text: 'hello', clientId: `matrix-${Math.random().toString(36).slice(2, 10)}` }) },
  'control:request': { allow: ['tess'], payload: (ctx) => ({ sessionId: ctx.sessionId, mode: 'page' }) },
  // A grant needs a request: each caller answers a fresh one Tess made.
  'control:answer': { allow: ['customer'], fresh: true, payload: (ctx) => ({ sessionId: ctx.sessionId, accept: true, epoch: 1 }) },
  'control:stop': { allow: ['customer', 'tess'], payload: sessionOnly },
  // Only a Lifeline Helper (its own role, with a pairing token) says hello; the technician signals to it
  // (refused with peer_absent here: no helper is connected, which is not a refusal of the caller).
  'helper:hello': { allow: [], payload: (ctx) => ({ sessionId: ctx.sessionId, hello: { screen: { x: 0, y: 0, width: 800, height: 600 }, os: 'Linux', version: '1' } }) },
  'helper:stop-control': { allow: [], payload: (ctx) => ({ sessionId: ctx.sessionId, epoch: 1 }) },
  'helper:signal': { allow: ['tess'], payload: (ctx) => ({ sessionId: ctx.sessionId, connectionId: 'helper0001', signal: { kind: 'candidate', candidate: { candidate: '' } } }) },
  // Allowed for both ends of the session (refused with conflict here: control of the page is not on).
  'input:signal': { allow: ['customer', 'tess'], payload: (ctx) => ({ sessionId: ctx.sessionId, connectionId: 'matrix0002', signal: { kind: 'candidate', candidate: { candidate: '' } } }) },
  'chat:toggle': { allow: ['tess'], payload: (ctx) => ({ sessionId: ctx.sessionId, enabled: true }) },
  'chat:typing': { allow: ['customer', 'tess'], payload: (ctx) => ({ sessionId: ctx.sessionId, typing: true }) },
  'chat:history': { allow: ['customer', 'tess'], payload: (ctx) => ({ sessionId: ctx.sessionId, before: 1_000_000 }) },
  'session:notes': { allow: ['tess'], payload: (ctx) => ({ sessionId: ctx.sessionId, notes: 'n' }) },
  'url:push': { allow: ['tess'], payload: (ctx) => ({ sessionId: ctx.sessionId, url: 'https://example.com/' }) },
  'file:record': { allow: ['customer', 'tess'], payload: (ctx) => ({ sessionId: ctx.sessionId, transfer: FILE }) },
  'session:keep-alive': { allow: ['customer', 'tess'], payload: sessionOnly },
  'canned:list': { allow: TECHNICIANS, payload: () => ({}) },
  'canned:save': { allow: TECHNICIANS, payload: () => ({ keyword: `k${Math.random().toString(36).slice(2, 8)}`, text: 'Hello', shared: false }) },
  'canned:delete': { allow: ['tess'], fresh: true, payload: (ctx) => ({ id: ctx.tessReplyId }) },
  'call:propose': { allow: ['tess'], payload: sessionOnly },
  // Tess may ask (refused with conflict here: the customer is not in a widget); only the customer says what runs.
  'cobrowse:request': { allow: ['tess'], payload: sessionOnly },
  'cobrowse:state': { allow: ['customer'], payload: (ctx) => ({ sessionId: ctx.sessionId, cobrowse: { available: false, active: false } }) },
  'call:answer': { allow: ['customer'], payload: (ctx) => ({ sessionId: ctx.sessionId, accept: false }) },
  'call:end': { allow: ['customer', 'tess'], payload: sessionOnly },
  'share:state': { allow: ['customer'], payload: (ctx) => ({ sessionId: ctx.sessionId, sharing: false }) },
  'rtc:signal': { allow: ['customer', 'tess'], payload: (ctx) => ({ sessionId: ctx.sessionId, connectionId: 'matrix0001', signal: { kind: 'candidate', candidate: { candidate: '' } } }) },
};

/**
 * The matrix's other dimension: each right switched off for Tess's group alone, and every action that needs it
 * refused, as Tess or as the customer of her session (the customer's side starts what flows peer to peer; the
 * server refuses it when Tess's group may not receive it). The same actions with the right on are not refused,
 * so the refusal is the right's. A right with no server action says where it is enforced instead.
 */
type Gate =
  | { as: 'tess' | 'customer'; event: keyof typeof clientEvents; payload: (ctx: EventContext) => unknown; newSession?: true }
  | { as: 'tess'; route: string; raw: Buffer; path: (ctx: EventContext) => string };
const transferRecord = (direction: 'outgoing' | 'incoming') => (ctx: EventContext) => ({ sessionId: ctx.sessionId, transfer: { ...FILE, direction } });
const RIGHT_GATES: Record<Permission, Gate[] | { enforcedBy: string }> = {
  // "On when the session starts": a session started while it is off has chat off (chatToggle may turn it on).
  chat: [
    { as: 'customer', event: 'chat:send', newSession: true, payload: (ctx) => ({ sessionId: ctx.sessionId, text: 'hello', clientId: 'gate-chat-c' }) },
    { as: 'tess', event: 'chat:send', newSession: true, payload: (ctx) => ({ sessionId: ctx.sessionId, text: 'hello', clientId: 'gate-chat-t' }) },
  ],
  chatToggle: [{ as: 'tess', event: 'chat:toggle', payload: (ctx) => ({ sessionId: ctx.sessionId, enabled: false }) }],
  remoteControl: [{ as: 'tess', event: 'control:request', payload: (ctx) => ({ sessionId: ctx.sessionId, mode: 'page' }) }],
  screenView: [
    { as: 'customer', event: 'share:state', payload: (ctx) => ({ sessionId: ctx.sessionId, sharing: true }) },
    { as: 'customer', event: 'cobrowse:state', payload: (ctx) => ({ sessionId: ctx.sessionId, cobrowse: { available: true, active: true } }) },
    { as: 'tess', event: 'cobrowse:request', payload: sessionOnly },
    // Ada is of Tess's group: she could not watch.
    { as: 'tess', event: 'collab:invite', payload: (ctx) => ({ sessionId: ctx.sessionId, technicianId: ctx.ids.ada }) },
    { as: 'tess', route: 'POST /api/sessions/[sessionId]/screenshots', raw: PNG_1PX, path: (ctx) => `/api/sessions/${ctx.sessionId}/screenshots` },
  ],
  sendFiles: [
    { as: 'tess', event: 'file:record', payload: transferRecord('outgoing') },
    { as: 'customer', event: 'file:record', payload: transferRecord('incoming') },
  ],
  receiveFiles: [
    { as: 'tess', event: 'file:record', payload: transferRecord('incoming') },
    { as: 'customer', event: 'file:record', payload: transferRecord('outgoing') },
  ],
  sendUrls: [{ as: 'tess', event: 'url:push', payload: (ctx) => ({ sessionId: ctx.sessionId, url: 'https://example.com/' }) }],
  systemInfo: { enforcedBy: 'the Lifeline Helper on the customer\'s computer, from helper:rights (helper/helper-service.test.ts)' },
  reboot: { enforcedBy: 'the Lifeline Helper on the customer\'s computer, from helper:rights (helper/helper-service.test.ts)' },
  clipboardSync: { enforcedBy: 'the Lifeline Helper on the customer\'s computer, from helper:rights (helper/helper-service.test.ts)' },
  recordSessions: [{ as: 'tess', route: 'POST /api/sessions/[sessionId]/recordings', raw: Buffer.alloc(0), path: (ctx) => `/api/sessions/${ctx.sessionId}/recordings` }],
  privateSessions: [{ as: 'tess', event: 'session:create', payload: () => ({ customerName: 'Nina' }) }],
  singlePrompt: { enforcedBy: 'nothing: it is how the customer is asked, not a right to an action' },
  transferSessions: [
    { as: 'tess', event: 'transfer:targets', payload: () => ({}) },
    { as: 'tess', event: 'session:transfer', payload: (ctx) => ({ sessionId: ctx.sessionId, to: { kind: 'technician', id: ctx.ids.bob }, note: '' }) },
  ],
  inviteCollaborators: [
    { as: 'tess', event: 'collab:targets', payload: () => ({}) },
    { as: 'tess', event: 'collab:invite', payload: (ctx) => ({ sessionId: ctx.sessionId, technicianId: ctx.ids.ada }) },
  ],
  editCustomFields: [{ as: 'tess', event: 'session:custom-fields', payload: (ctx) => ({ sessionId: ctx.sessionId, values: { order: '42' } }) }],
};

/** Every route handler file under web/app/api, as "METHOD /path/[param]". */
function discoveredRoutes(): string[] {
  const root = path.join(import.meta.dirname, '..', 'web', 'app');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name === 'route.ts' ? [path.join(dir, e.name)] : []));
  return walk(path.join(root, 'api')).flatMap((file) => {
    const route = path.dirname(file).slice(root.length).split(path.sep).join('/');
    const methods = [...readFileSync(file, 'utf8').matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
    return methods.map((method) => `${method} ${route}`);
  });
}

const refusedStatus = (status: number) => status === 401 || status === 403;
const refusedAck = (ack: Record<string, unknown>) => !ack.ok && (ack.code === 'forbidden' || ack.code === 'unauthorized');

describe('the authorization matrix', () => {
  it('has an entry for every route and for no route that is gone', () => {
    expect(discoveredRoutes().sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('has an entry for every socket event', () => {
    expect(Object.keys(EVENTS).sort()).toEqual(Object.keys(clientEvents).sort());
  });

  let server: TestServer;
  let clients: ReturnType<typeof testClients>;
  const cookies = {} as Record<RouteActor, string>;
  const ids = {} as Context['ids'];
  let groupA: string;
  let groupB: string;

  beforeAll(async () => {
    server = await startTestServer();
    clients = testClients(server);
    cookies.master = await clients.setupOwner();
    cookies.anon = '';
    groupA = await clients.firstGroupId();
    groupB = ((await clients.postAs('/api/admin/groups', { name: 'Billing', parentId: null })).body.group as { id: string }).id;
    cookies.tess = await clients.addTechnician('tess@example.com', groupA);
    cookies.bob = await clients.addTechnician('bob@example.com', groupB);
    cookies.ada = await clients.addTechnician('ada@example.com', groupA, undefined, 'admin');
    cookies.abe = await clients.addTechnician('abe@example.com', groupB, undefined, 'admin');
    await clients.addTechnician('val@example.com', groupA);
    const people = (await (await fetch(`${server.url}/api/admin/organisation`, { headers: { cookie: cookies.master } })).json()) as { people: { id: string; email: string }[] };
    for (const name of ['tess', 'bob', 'ada', 'abe', 'val'] as const) ids[name] = people.people.find((p) => p.email === `${name}@example.com`)!.id;
    expect((await clients.postAs(`/api/admin/groups/${groupA}/administrators`, { userId: ids.ada, assigned: true })).status).toBe(200);
    expect((await clients.postAs(`/api/admin/groups/${groupB}/administrators`, { userId: ids.abe, assigned: true })).status).toBe(200);
  });
  afterAll(async () => {
    clients?.closeAll();
    await server?.close();
  });

  it('routes: each caller is allowed or refused as promised', async () => {
    const subgroupA = ((await clients.postAs('/api/admin/groups', { name: 'Printers', parentId: groupA })).body.group as { id: string }).id;
    const adminGroup = ((await clients.postAs('/api/admin/admin-groups', { name: 'Leads', parentId: null })).body.group as { id: string }).id;
    const emptyAdminGroup = ((await clients.postAs('/api/admin/admin-groups', { name: 'Spare', parentId: null })).body.group as { id: string }).id;
    const tess = await clients.technician(cookies.tess);
    const { sessionId } = await clients.activeSession(tess, 'Matrix');
    const post = (p: string, raw: Buffer, cookie = cookies.tess) => fetch(server.url + p, { method: 'POST', headers: { cookie, origin: server.url, 'content-type': 'application/octet-stream' }, body: new Uint8Array(raw) });
    const shotResponse = await post(`/api/sessions/${sessionId}/screenshots`, PNG_1PX);
    const shot = (await shotResponse.json()) as { screenshotId: string };
    expect(shotResponse.status, JSON.stringify(shot)).toBe(201);
    const recording = (await (await post(`/api/sessions/${sessionId}/recordings`, Buffer.alloc(0))).json()) as { recordingId: string };
    let counter = 0;
    const channelOfA = async (name: string) => ((await clients.postAs('/api/admin/channels', { name, groupIds: [groupA] })).body.channel as { id: string }).id;
    // Creating channels for several callers passes the default limit of ten.
    expect((await clients.postAs('/api/admin/settings/channel-limit', { limit: 40 })).status).toBe(200);
    const spares: string[] = [];
    for (let i = 0; i < ROUTE_ACTORS.length; i++) spares.push(await channelOfA(`Spare ${i}`));
    const invitationsOfA: string[] = [];
    for (let i = 0; i < 2 * ROUTE_ACTORS.length; i++) {
      invitationsOfA.push(((await clients.postAs('/api/admin/invitations', { email: `spare-${i}@example.com`, groupId: groupA })).body.invitation as { id: string }).id);
    }
    const ctx: Context = {
      groupA, subgroupA, adminGroup, emptyAdminGroup, ids, sessionId, recordingId: recording.recordingId, screenshotId: shot.screenshotId,
      channelA: await channelOfA('Front'), spareChannelA: () => spares.pop()!, spareInvitationA: () => invitationsOfA.pop()!, unique: () => `${Date.now()}-${counter++}`,
    };

    const wrong: string[] = [];
    for (const [key, spec] of Object.entries(ROUTES)) {
      if ('public' in spec) continue;
      const method = key.split(' ')[0];
      for (const actor of ROUTE_ACTORS) {
        const request = spec.request(ctx);
        const headers: Record<string, string> = { origin: server.url, ...(cookies[actor] ? { cookie: cookies[actor] } : {}) };
        let body: BodyInit | undefined;
        if (request.raw) {
          headers['content-type'] = 'application/octet-stream';
          body = new Uint8Array(request.raw);
        } else if (request.body !== undefined) {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(request.body);
        }
        const response = await fetch(server.url + request.path, { method, headers, body });
        const allowed = spec.allow.includes(actor);
        if (refusedStatus(response.status) === allowed) wrong.push(`${key} as ${actor}: ${response.status}, expected ${allowed ? 'allowed' : 'refused'}`);
        if (actor === 'anon' && response.status !== 401) wrong.push(`${key} as anon: ${response.status}, expected 401`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('socket events: each caller is allowed or refused as promised', async () => {
    const sockets = {} as Record<Exclude<EventActor, 'customer'>, Socket>;
    for (const actor of ['tess', 'bob', 'ada', 'master'] as const) sockets[actor] = await clients.technician(cookies[actor]);
    const { emit } = clients;

    /** An active session of Tess's with its customer, one queued in group A, a canned reply of Tess's; Ada watches when asked. */
    const target = async (adaWatches: boolean, controlAsked = false) => {
      const customer = await clients.activeSession(sockets.tess, 'Matrix');
      if (controlAsked) await emit(sockets.tess, 'control:request', { sessionId: customer.sessionId, mode: 'page' });
      const queued = await clients.activeSession(sockets.tess, 'Queued');
      await emit(sockets.tess, 'session:transfer', { sessionId: queued.sessionId, to: { kind: 'group', id: groupA }, note: '' });
      if (adaWatches) await emit(sockets.tess, 'collab:invite', { sessionId: customer.sessionId, technicianId: ids.ada });
      const reply = await emit(sockets.tess, 'canned:save', { keyword: `r${Math.random().toString(36).slice(2, 8)}`, text: 'Hi', shared: false });
      return { customer: customer.socket, ctx: { sessionId: customer.sessionId, queuedId: queued.sessionId, ids, tessReplyId: reply.reply.id as string } };
    };

    // Events that change who works the session, or end it, get a fresh session for each caller.
    const shared = await target(false);
    const wrong: string[] = [];
    for (const [event, spec] of Object.entries(EVENTS)) {
      for (const actor of EVENT_ACTORS) {
        const current = spec.fresh ? await target(event === 'collab:remove', event === 'control:answer') : shared;
        const socket = actor === 'customer' ? current.customer : sockets[actor];
        if (!socket.connected) {
          wrong.push(`${event} as ${actor}: the socket was disconnected by an earlier event`);
          continue;
        }
        // Ending a session disconnects its customer, sometimes before the ack leaves: the action was done, not refused.
        const ack = await emit(socket, event, spec.payload(current.ctx)).catch((error: Error) => {
          if (/disconnected/.test(error.message)) return { ok: true, disconnected: true };
          throw error;
        });
        const allowed = spec.allow.includes(actor);
        if (refusedAck(ack) === allowed) wrong.push(`${event} as ${actor}: ${JSON.stringify(ack)}, expected ${allowed ? 'allowed' : 'refused'}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has a gate, or the place it is enforced, for every right', () => {
    expect(Object.keys(RIGHT_GATES).sort()).toEqual([...PERMISSIONS].sort());
  });

  it('every right switched off: each action that needs it is refused, and allowed again once it is on', async () => {
    const tess = await clients.technician(cookies.tess);
    const setRight = async (permission: Permission, value: boolean | null) => {
      const response = await clients.postAs(`/api/admin/groups/${groupA}/permissions`, { changes: { [permission]: value }, scope: 'group' });
      expect(response.status).toBe(200);
    };
    const run = async (gate: Gate, target: { sessionId: string; customer: Socket }): Promise<{ refused: boolean; detail: string }> => {
      const ctx: EventContext = { sessionId: target.sessionId, queuedId: '', ids, tessReplyId: '' };
      if ('route' in gate) {
        const response = await fetch(server.url + gate.path(ctx), { method: 'POST', headers: { cookie: cookies.tess, origin: server.url, 'content-type': 'application/octet-stream' }, body: new Uint8Array(gate.raw) });
        return { refused: response.status === 403, detail: `${response.status} ${await response.text()}` };
      }
      const ack = await clients.emit(gate.as === 'tess' ? tess : target.customer, gate.event, gate.payload(ctx));
      return { refused: !ack.ok && ack.code === 'forbidden', detail: JSON.stringify(ack) };
    };
    const label = (permission: string, gate: Gate) => `${permission}: ${'route' in gate ? gate.route : gate.event} as ${gate.as}`;

    const wrong: string[] = [];
    for (const [permission, gates] of Object.entries(RIGHT_GATES) as [Permission, Gate[] | { enforcedBy: string }][]) {
      if (!Array.isArray(gates)) continue;
      for (const value of [true, false]) {
        for (const gate of gates) {
          // The session starts before the change (rights are read at each action), except where the gate is
          // about how a session starts.
          const start = async () => {
            const session = await clients.activeSession(tess, `Gate ${permission}`);
            return { sessionId: session.sessionId, customer: session.socket };
          };
          let target: Awaited<ReturnType<typeof start>>;
          if (!('newSession' in gate)) {
            target = await start();
            await setRight(permission, value);
          } else {
            await setRight(permission, value);
            target = await start();
          }
          const result = await run(gate, target);
          if (result.refused === value) wrong.push(`${label(permission, gate)} with the right ${value ? 'on' : 'off'}: ${result.detail}`);
          await setRight(permission, null);
          await clients.emit(tess, 'session:end', { sessionId: target.sessionId }).catch(() => undefined);
          target.customer.disconnect();
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a stranger cannot open a socket at all', async () => {
    await expect(clients.connect({ role: 'technician', protocolVersion: PROTOCOL_VERSION })).rejects.toThrow();
  });
});
