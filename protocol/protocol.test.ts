import { describe, expect, expectTypeOf, it } from 'vitest';
import { randomId } from '../core/random';
import {
  type ClientEventName,
  type ClientEventPayload,
  type ClientEventResults,
  clientEvents,
  controlChannelKind,
  type ControlMessage,
  helperFileName,
  helperPlatformFor,
  controlMessageSchema,
  type Handshake,
  handshakeSchema,
  type Signal,
  signalSchema,
  sessionIdSchema,
} from './';

const sessionId = 'abcdefghijklmnopqrstuvwx'; // 24 characters of the base32 alphabet, like randomId()
const badSessionIds: unknown[] = [
  undefined,
  null,
  42,
  '',
  'abcdefghijklmnopqrstuvw', // 23
  'abcdefghijklmnopqrstuvwxy', // 25
  'ABCDEFGHIJKLMNOPQRSTUVWX', // upper case
  'abcdefghijklmnopqrstuvw1', // 1 is not base32
  'abcdefghijklmnopqrstuvw8', // nor is 8
  'abcdefghijklmnopqrstuvw-',
  ' abcdefghijklmnopqrstuvw',
];

const offer: Signal = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } };
const candidate: Signal = {
  kind: 'candidate',
  candidate: { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'abcd' },
};

/** One valid payload per client event, and payloads that must be refused. */
const cases: { [E in ClientEventName]: { valid: ClientEventPayload<E>; invalid: unknown[] } } = {
  'session:create': {
    valid: { customerName: 'Carol Customer' },
    invalid: [undefined, null, 'Carol', {}, { customerName: 5 }, { customerName: '' }, { customerName: '   ' }, { customerName: 'x'.repeat(81) }],
  },
  'session:list': {
    valid: {},
    invalid: [undefined, null, 42, 'list', []],
  },
  'tech:status': {
    valid: { status: 'busy' },
    invalid: [undefined, null, {}, { status: 'offline' }, { status: 'AVAILABLE' }, { status: 1 }],
  },
  'tech:activity': {
    valid: {},
    invalid: [undefined, null, 42, 'now'],
  },
  'session:assign': {
    valid: { sessionId },
    invalid: [undefined, null, {}, ...badSessionIds.map((id) => ({ sessionId: id }))],
  },
  'cobrowse:request': {
    valid: { sessionId },
    invalid: [undefined, {}, ...badSessionIds.map((id) => ({ sessionId: id }))],
  },
  'cobrowse:state': {
    valid: { sessionId, cobrowse: { available: true, active: false } },
    invalid: [undefined, { sessionId }, { sessionId, cobrowse: { available: 'yes', active: false } }, { sessionId, cobrowse: { active: true } }],
  },
  'session:custom-fields': {
    valid: { sessionId, values: { order: 'A-1042' } },
    invalid: [undefined, { sessionId }, { sessionId, values: { 'Not an id': 'x' } }, { sessionId, values: { order: 'x'.repeat(2001) } }, { sessionId, values: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, 'x'])) }],
  },
  'session:transfer': {
    valid: { sessionId, to: { kind: 'technician', id: 'abc' }, note: 'Printer still jams; driver reinstalled.' },
    invalid: [
      undefined,
      { sessionId, note: '' },
      { sessionId, to: { kind: 'customer', id: 'abc' }, note: '' },
      { sessionId, to: { kind: 'group', id: '' }, note: '' },
      { sessionId, to: { kind: 'group', id: 'g' }, note: 'x'.repeat(2001) },
      { sessionId, to: { kind: 'group', id: 'g' } },
      { sessionId: 'nope', to: { kind: 'group', id: 'g' }, note: '' },
    ],
  },
  'session:resolve': {
    valid: { sessionId, note: 'Driver reinstalled; printing works.' },
    invalid: [undefined, { sessionId }, { sessionId, note: 5 }, { sessionId, note: 'x'.repeat(4001) }],
  },
  'transfer:targets': {
    valid: {},
    invalid: [undefined, null, 'all'],
  },
  'collab:targets': {
    valid: {},
    invalid: [undefined, null, 'all'],
  },
  'collab:invite': {
    valid: { sessionId, technicianId: 'abc' },
    invalid: [undefined, { sessionId }, { sessionId, technicianId: '' }, { sessionId, technicianId: 'x'.repeat(65) }, { sessionId: 'no', technicianId: 'abc' }],
  },
  'collab:remove': {
    valid: { sessionId, technicianId: 'abc' },
    invalid: [undefined, { sessionId }, { sessionId, technicianId: 5 }],
  },
  'session:open': {
    valid: { sessionId },
    invalid: [undefined, null, {}, ...badSessionIds.map((id) => ({ sessionId: id }))],
  },
  'session:consent': {
    valid: { sessionId },
    invalid: [undefined, null, {}, ...badSessionIds.map((id) => ({ sessionId: id }))],
  },
  'session:end': {
    valid: { sessionId },
    invalid: [undefined, null, {}, ...badSessionIds.map((id) => ({ sessionId: id }))],
  },
  'chat:send': {
    valid: { sessionId, text: 'Hello, can you see my screen?', clientId: 'a1b2c3d4e5f6' },
    invalid: [
      { sessionId },
      { text: 'hi' },
      { sessionId, text: 'hi' },
      { sessionId, text: 'hi', clientId: 'short' },
      { sessionId, text: 'hi', clientId: 'has spaces in it' },
      { sessionId, text: '' },
      { sessionId, text: '  \n\t ' },
      { sessionId, text: 'x'.repeat(4001) },
      { sessionId, text: 42 },
      { sessionId, text: ['hi'] },
      { sessionId: 'not-a-session', text: 'hi' },
    ],
  },
  'session:notes': {
    valid: { sessionId, notes: 'Printer driver reinstalled; ask about the scanner next time.' },
    invalid: [{ sessionId }, { notes: 'x' }, { sessionId, notes: 'x'.repeat(20_001) }, { sessionId, notes: 42 }],
  },
  'url:push': {
    valid: { sessionId, url: 'https://example.com/download?x=1' },
    invalid: [
      { sessionId },
      { sessionId, url: 'javascript:alert(1)' },
      { sessionId, url: 'file:///etc/passwd' },
      { sessionId, url: 'not a url' },
      { sessionId, url: `https://example.com/${'x'.repeat(2048)}` },
    ],
  },
  'file:record': {
    valid: {
      sessionId,
      transfer: {
        id: 'abcdefghijklmnop',
        direction: 'incoming',
        name: 'report.pdf',
        size: 1234,
        state: 'done',
        ok: true,
        sha256: 'a'.repeat(64),
        md5: 'b'.repeat(32),
        peerSha256: 'a'.repeat(64),
        peerMd5: 'b'.repeat(32),
        error: null,
      },
    },
    invalid: [
      { sessionId },
      { sessionId, transfer: { id: 'short', direction: 'incoming', name: 'x', size: 1, state: 'done', ok: true, sha256: null, md5: null, peerSha256: null, peerMd5: null, error: null } },
      { sessionId, transfer: { id: 'abcdefghijklmnop', direction: 'sideways', name: 'x', size: 1, state: 'done', ok: true, sha256: null, md5: null, peerSha256: null, peerMd5: null, error: null } },
      { sessionId, transfer: { id: 'abcdefghijklmnop', direction: 'incoming', name: 'x', size: -1, state: 'done', ok: true, sha256: null, md5: null, peerSha256: null, peerMd5: null, error: null } },
      { sessionId, transfer: { id: 'abcdefghijklmnop', direction: 'incoming', name: 'x', size: 1, state: 'done', ok: true, sha256: 'nothex', md5: null, peerSha256: null, peerMd5: null, error: null } },
    ],
  },
  'canned:list': { valid: {}, invalid: [undefined, null, 'x', 42] },
  'canned:save': {
    valid: { keyword: 'hello', text: 'Hello, I am here to help.', shared: false },
    invalid: [{ keyword: 'has space', text: 'x', shared: false }, { keyword: 'ok', text: '', shared: false }, { keyword: 'ok', text: 'x' }, { keyword: 'x'.repeat(25), text: 'x', shared: true }],
  },
  'canned:delete': { valid: { id: 'a'.repeat(24) }, invalid: [{}, { id: 'short' }, { id: 42 }] },
  'call:propose': { valid: { sessionId }, invalid: [undefined, {}, { sessionId: 'nope' }] },
  'call:answer': { valid: { sessionId, accept: true }, invalid: [{ sessionId }, { sessionId, accept: 'yes' }, { accept: true }] },
  'call:end': { valid: { sessionId }, invalid: [undefined, {}, { sessionId: 'nope' }] },
  'session:keep-alive': {
    valid: { sessionId },
    invalid: [undefined, null, {}, ...badSessionIds.map((id) => ({ sessionId: id }))],
  },
  'chat:typing': {
    valid: { sessionId, typing: true },
    invalid: [{ sessionId }, { typing: true }, { sessionId, typing: 'yes' }, { sessionId: 'nope', typing: false }],
  },
  'chat:history': {
    valid: { sessionId, before: 201 },
    invalid: [{ sessionId }, { sessionId, before: 0 }, { sessionId, before: 1.5 }, { sessionId, before: '7' }, { before: 7 }],
  },
  'control:request': {
    valid: { sessionId, mode: 'page' },
    invalid: [{ sessionId }, { sessionId, mode: 'mind' }, { mode: 'desktop' }],
  },
  'control:answer': {
    valid: { sessionId, accept: true, epoch: 3 },
    invalid: [{ sessionId, accept: true }, { sessionId, accept: 'yes', epoch: 1 }, { sessionId, accept: true, epoch: 0 }, { sessionId, accept: true, epoch: 1.5 }],
  },
  'control:stop': {
    valid: { sessionId },
    invalid: [{}, { sessionId: 'nope' }],
  },
  'helper:hello': {
    valid: { sessionId, hello: { screen: { x: 0, y: 0, width: 1280, height: 720 }, os: 'Debian GNU/Linux 12 (x64)', version: '0.1.0' } },
    invalid: [
      { sessionId },
      { sessionId, hello: { screen: { x: 0, y: 0, width: 0, height: 720 }, os: 'Linux', version: '1' } },
      { sessionId, hello: { screen: { x: 0, y: 0, width: 1.5, height: 720 }, os: 'Linux', version: '1' } },
      { sessionId, hello: { screen: { x: 0, y: 0, width: 1280, height: 720 }, os: '', version: '1' } },
    ],
  },
  'helper:signal': {
    valid: { sessionId, connectionId: 'helper0001', signal: { kind: 'candidate', candidate: { candidate: '' } } },
    invalid: [{ sessionId, connectionId: 'helper0001' }, { sessionId, connectionId: 'x', signal: { kind: 'candidate', candidate: { candidate: '' } } }],
  },
  'helper:stop-control': {
    valid: { sessionId, epoch: 1_763_800_000_001 },
    invalid: [{ sessionId }, { sessionId, epoch: 0 }, { sessionId, epoch: 1.5 }, { sessionId: 'nope', epoch: 1 }, null],
  },
  'input:signal': {
    valid: { sessionId, connectionId: 'a1b2c3d4e5f60718', signal: offer },
    invalid: [{ sessionId, connectionId: 'a1b2c3d4e5f60718' }, { sessionId, connectionId: 'NOT VALID', signal: offer }, { connectionId: 'a1b2c3d4e5f60718', signal: offer }],
  },
  'chat:toggle': {
    valid: { sessionId, enabled: false },
    invalid: [{ sessionId }, { enabled: true }, { sessionId, enabled: 'on' }, { sessionId: 'nope', enabled: true }],
  },
  'share:state': {
    valid: { sessionId, sharing: true },
    invalid: [{ sessionId }, { sessionId, sharing: 'true' }, { sessionId, sharing: 1 }, { sessionId: 'nope', sharing: false }],
  },
  'rtc:signal': {
    valid: { sessionId, connectionId: 'a1b2c3d4e5f60718', signal: offer },
    invalid: [
      { sessionId },
      { sessionId, signal: offer },
      { sessionId, connectionId: 'NOT VALID', signal: offer },
      { signal: offer },
      { sessionId: 'nope', signal: offer },
      { sessionId, signal: { kind: 'mystery' } },
      { sessionId, signal: { kind: 'description', description: { type: 'hello', sdp: 'v=0' } } },
      { sessionId, signal: { kind: 'description', description: { type: 'offer', sdp: '' } } },
      { sessionId, signal: { kind: 'description', description: { type: 'offer', sdp: 'x'.repeat(200_001) } } },
      { sessionId, signal: { kind: 'candidate' } },
      { sessionId, signal: { kind: 'candidate', candidate: { candidate: 'x'.repeat(2049) } } },
    ],
  },
};

describe('client events', () => {
  it('every event in clientEvents has a case here, so a new event cannot ship untested', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(clientEvents).sort());
  });

  describe.each(Object.keys(clientEvents) as ClientEventName[])('%s', (event) => {
    const schema = clientEvents[event];
    const { valid, invalid } = cases[event];

    it('accepts a valid payload', () => {
      expect(schema.safeParse(valid).success).toBe(true);
    });

    it.each(invalid.map((payload) => [JSON.stringify(payload)?.slice(0, 80) ?? String(payload), payload]))('refuses %s', (_, payload) => {
      expect(schema.safeParse(payload).success).toBe(false);
    });
  });

  it('trims chat text and customer names, and counts the limit after trimming', () => {
    expect(clientEvents['chat:send'].parse({ sessionId, text: '  hi  ', clientId: 'a1b2c3d4e5f6' }).text).toBe('hi');
    expect(clientEvents['chat:send'].safeParse({ sessionId, text: ` ${'x'.repeat(4000)} `, clientId: 'a1b2c3d4e5f6' }).success).toBe(true);
    expect(clientEvents['session:create'].parse({ customerName: ' Carol ' }).customerName).toBe('Carol');
  });

  it('session ids drawn by the server match the protocol\'s session id format', () => {
    for (let i = 0; i < 20; i++) expect(sessionIdSchema.safeParse(randomId()).success).toBe(true);
  });

  it('payload types follow the schemas', () => {
    expectTypeOf<ClientEventName>().toEqualTypeOf<
      | 'session:create'
      | 'session:assign'
      | 'session:transfer'
      | 'session:resolve'
      | 'session:custom-fields'
      | 'transfer:targets'
      | 'tech:status'
      | 'tech:activity'
      | 'collab:targets'
      | 'collab:invite'
      | 'collab:remove'
      | 'session:list'
      | 'session:open'
      | 'session:consent'
      | 'session:end'
      | 'chat:send'
      | 'chat:typing'
      | 'chat:history'
      | 'chat:toggle'
      | 'cobrowse:request'
      | 'cobrowse:state'
      | 'control:request'
      | 'control:answer'
      | 'control:stop'
      | 'helper:hello'
      | 'helper:signal'
      | 'helper:stop-control'
      | 'input:signal'
      | 'session:notes'
      | 'url:push'
      | 'session:keep-alive'
      | 'file:record'
      | 'canned:list'
      | 'canned:save'
      | 'canned:delete'
      | 'call:propose'
      | 'call:answer'
      | 'call:end'
      | 'share:state'
      | 'rtc:signal'
    >();
    expectTypeOf<keyof ClientEventResults>().toEqualTypeOf<ClientEventName>();
    expectTypeOf<ClientEventPayload<'chat:send'>>().toEqualTypeOf<{ sessionId: string; text: string; clientId: string }>();
    expectTypeOf<ClientEventPayload<'chat:typing'>>().toEqualTypeOf<{ sessionId: string; typing: boolean }>();
    expectTypeOf<ClientEventPayload<'session:create'>>().toEqualTypeOf<{ customerName: string; values?: Record<string, string> | undefined }>();
    expectTypeOf<ClientEventPayload<'session:open'>>().toEqualTypeOf<{ sessionId: string; consoleId?: string | undefined }>();
    expectTypeOf<ClientEventPayload<'session:consent'>>().toEqualTypeOf<{ sessionId: string }>();
    expectTypeOf<ClientEventPayload<'session:end'>>().toEqualTypeOf<{ sessionId: string }>();
    expectTypeOf<ClientEventPayload<'share:state'>>().toEqualTypeOf<{ sessionId: string; sharing: boolean }>();
    expectTypeOf<ClientEventPayload<'rtc:signal'>>().toEqualTypeOf<{ sessionId: string; connectionId: string; signal: Signal; viewer?: string | undefined }>();
  });
});

describe('signals', () => {
  it.each([
    ['an offer', offer],
    ['an answer', { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\n' } }],
    ['a rollback without sdp', { kind: 'description', description: { type: 'rollback' } }],
    ['a full candidate', candidate],
    ['an end-of-candidates with nulls', { kind: 'candidate', candidate: { candidate: '', sdpMid: null, sdpMLineIndex: null, usernameFragment: null } }],
    ['a candidate with only its line', { kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.1 1 typ host' } }],
    ['a description at the size limit', { kind: 'description', description: { type: 'offer', sdp: 'x'.repeat(200_000) } }],
  ])('accepts %s', (_, signal) => {
    expect(signalSchema.safeParse(signal).success).toBe(true);
  });

  it.each([
    ['no kind', { description: { type: 'offer', sdp: 'v=0' } }],
    ['a description under the candidate kind', { kind: 'candidate', description: { type: 'offer', sdp: 'v=0' } }],
    ['an unknown description type', { kind: 'description', description: { type: 'provisional', sdp: 'v=0' } }],
    ['an empty sdp', { kind: 'description', description: { type: 'offer', sdp: '' } }],
    ['an oversized sdp', { kind: 'description', description: { type: 'offer', sdp: 'x'.repeat(200_001) } }],
    ['a numeric sdp', { kind: 'description', description: { type: 'offer', sdp: 5 } }],
    ['a candidate without its line', { kind: 'candidate', candidate: { sdpMid: '0' } }],
    ['an oversized candidate line', { kind: 'candidate', candidate: { candidate: 'x'.repeat(2049) } }],
    ['an oversized sdpMid', { kind: 'candidate', candidate: { candidate: '', sdpMid: 'x'.repeat(65) } }],
    ['a negative sdpMLineIndex', { kind: 'candidate', candidate: { candidate: '', sdpMLineIndex: -1 } }],
    ['a fractional sdpMLineIndex', { kind: 'candidate', candidate: { candidate: '', sdpMLineIndex: 0.5 } }],
    ['a huge sdpMLineIndex', { kind: 'candidate', candidate: { candidate: '', sdpMLineIndex: 1025 } }],
    ['an oversized usernameFragment', { kind: 'candidate', candidate: { candidate: '', usernameFragment: 'x'.repeat(257) } }],
    ['a string', 'offer'],
    ['null', null],
  ])('refuses %s', (_, signal) => {
    expect(signalSchema.safeParse(signal).success).toBe(false);
  });

  it('the Signal type is the union of a description and a candidate', () => {
    expectTypeOf<Signal['kind']>().toEqualTypeOf<'description' | 'candidate'>();
    expectTypeOf<Extract<Signal, { kind: 'description' }>['description']['type']>().toEqualTypeOf<'offer' | 'answer' | 'pranswer' | 'rollback'>();
    expectTypeOf<Extract<Signal, { kind: 'candidate' }>['candidate']['candidate']>().toEqualTypeOf<string>();
  });
});

describe('the handshake', () => {
  it.each([
    ['a technician', { role: 'technician', protocolVersion: 1 }],
    ['a customer with a join token', { role: 'customer', protocolVersion: 1, joinToken: 'a'.repeat(32) }],
    ['a customer with the shortest token', { role: 'customer', protocolVersion: 1, joinToken: 'a'.repeat(16) }],
    ['a customer with the longest token', { role: 'customer', protocolVersion: 1, joinToken: 'a'.repeat(128) }],
    ['a helper with a pairing token', { role: 'helper', protocolVersion: 1, pairingToken: 'abcdefghijklmnopqrstuvwxyz234567' }],
  ])('accepts %s', (_, handshake) => {
    expect(handshakeSchema.safeParse(handshake).success).toBe(true);
  });

  it.each([
    ['no role', { protocolVersion: 1 }],
    ['an unknown role', { role: 'admin', protocolVersion: 1 }],
    ['no protocol version', { role: 'technician' }],
    ['a string protocol version', { role: 'technician', protocolVersion: '1' }],
    ['a fractional protocol version', { role: 'technician', protocolVersion: 1.5 }],
    ['a customer without a join token', { role: 'customer', protocolVersion: 1 }],
    ['a customer with a short token', { role: 'customer', protocolVersion: 1, joinToken: 'a'.repeat(15) }],
    ['a customer with an overlong token', { role: 'customer', protocolVersion: 1, joinToken: 'a'.repeat(129) }],
    ['a customer with a numeric token', { role: 'customer', protocolVersion: 1, joinToken: 1234567890123456 }],
    ['a helper without a pairing token', { role: 'helper', protocolVersion: 1 }],
    ['a helper with a join token instead', { role: 'helper', protocolVersion: 1, joinToken: 'a'.repeat(32) }],
    ['a helper with a short pairing token', { role: 'helper', protocolVersion: 1, pairingToken: 'abcdefghijklmnopqrstuvwxyz23456' }],
    ['a helper with an upper-case pairing token', { role: 'helper', protocolVersion: 1, pairingToken: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567' }],
    ['nothing', undefined],
  ])('refuses %s', (_, handshake) => {
    expect(handshakeSchema.safeParse(handshake).success).toBe(false);
  });

  it('the Handshake type carries a join token only for customers, a pairing token only for helpers', () => {
    expectTypeOf<Handshake['role']>().toEqualTypeOf<'technician' | 'customer' | 'helper'>();
    expectTypeOf<Extract<Handshake, { role: 'helper' }>['pairingToken']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<Handshake, { role: 'customer' }>['joinToken']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<Handshake, { role: 'technician' }>>().not.toHaveProperty('joinToken');
  });
});

describe('control channel messages', () => {
  it.each([
    { type: 'ping', seq: 0, sentAt: 1_700_000_000_000 },
    { type: 'pong', seq: 41, sentAt: 12.5 },
    { type: 'quality', preset: 'speed' },
    { type: 'quality', preset: 'quality' },
    { type: 'share-other-screen' },
    { type: 'screen-refresh' },
  ])('accepts a $type', (message) => {
    expect(controlMessageSchema.safeParse(message).success).toBe(true);
  });

  it.each([
    ['an unknown type', { type: 'input', seq: 1, sentAt: 0 }],
    ['a negative seq', { type: 'ping', seq: -1, sentAt: 0 }],
    ['a fractional seq', { type: 'ping', seq: 1.5, sentAt: 0 }],
    ['a string seq', { type: 'ping', seq: '1', sentAt: 0 }],
    ['no sentAt', { type: 'pong', seq: 1 }],
    ['no type', { seq: 1, sentAt: 0 }],
    ['an unknown preset', { type: 'quality', preset: 'ultra' }],
    ['a preset without a name', { type: 'quality' }],
    ['a cover without its flag', { type: 'screen-covered' }],
  ])('refuses %s', (_, message) => {
    expect(controlMessageSchema.safeParse(message).success).toBe(false);
  });

  it('the ControlMessage type follows the schema', () => {
    expectTypeOf<ControlMessage>().toEqualTypeOf<
      | { type: 'ping'; seq: number; sentAt: number }
      | { type: 'pong'; seq: number; sentAt: number }
      | { type: 'quality'; preset: 'balanced' | 'speed' | 'quality' }
      | { type: 'share-other-screen' }
      | { type: 'screen-refresh' }
      | { type: 'screen-covered'; covered: boolean }
    >();
  });
});

describe('the helper\'s file name', () => {
  it('is named after its pairing, six characters of the token, safe in a shell', () => {
    expect(helperFileName('abcdefghijklmnopqrstuvwxyz234567')).toBe('lifeline-helper-abcdef');
    expect(helperFileName('a b;c$d/e`f\'gh')).toBe('lifeline-helper-abcdef');
    expect(helperFileName('abcdefghijklmnopqrstuvwxyz234567', 'win32-x64')).toBe('lifeline-helper-abcdef.exe');
    expect(helperPlatformFor('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0')).toBe('win32-x64');
    expect(helperPlatformFor('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0')).toBe('linux-x64');
  });
});

describe('the control channel\'s kinds', () => {
  it.each([
    [{ type: 'key', action: 'down' }, 'input'],
    [{ type: 'move', x: 0.5, y: 0.5 }, 'input'],
    [{ type: 'combo', combo: 'alt-tab' }, 'input'],
    [{ type: 'input-executed', seq: 1 }, 'report'],
    [{ type: 'input-refused', seq: 1 }, 'report'],
    [{ type: 'ping', seq: 0, sentAt: 0 }, 'other'],
    [{ type: 'quality', preset: 'speed' }, 'other'],
    [{ type: 'toString' }, 'other'],
    [{ type: 7 }, 'other'],
    [{}, 'other'],
    [null, 'other'],
    ['key', 'other'],
    [undefined, 'other'],
  ])('sorts %j as %s, from its type alone (its schema then decides)', (message, kind) => {
    expect(controlChannelKind(message)).toBe(kind);
  });
});
