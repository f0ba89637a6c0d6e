import { afterEach, describe, expect, it } from 'vitest';
import { HELPER_CHANNEL, type InputMessage, type InputReport, NO_MODIFIERS, type Signal } from '../protocol';
import { InputLink } from './input-link';
import { until, useWrtcPeerConnections } from '../testing/wrtc';

/**
 * The input connection between two real peer connections (@roamhq/wrtc, the helper's WebRTC, standing in for the
 * browser's RTCPeerConnection in Node): the customer's page offers, the console answers, signals pass through a
 * queue as Socket.IO would carry them.
 */
useWrtcPeerConnections();

const rtc = { iceServers: [], iceTransportPolicy: 'all' as const };
const links: InputLink[] = [];
afterEach(() => links.splice(0).forEach((link) => link.close()));

function key(seq: number, action: 'down' | 'up' = 'down'): InputMessage {
  return { type: 'key', action, code: 'KeyA', key: 'a', modifiers: NO_MODIFIERS, repeat: false, seq, sentAt: 1, epoch: 5 };
}


/** A customer (offer) and a console (answer) side, connected; what each received. */
async function pair(extra: { extraChannels?: { label: string; init: RTCDataChannelInit }[] } = {}) {
  const received = { input: [] as InputMessage[], reports: [] as InputReport[], channels: [] as string[] };
  let tech: InputLink | null = null;
  const toConsole: { connectionId: string; signal: Signal }[] = [];
  const customer = new InputLink({
    rtc,
    role: 'offer',
    sendSignal: (signal) => setImmediate(() => (tech ? void tech.handleSignal(signal) : toConsole.push({ connectionId: customer.connectionId, signal }))),
    onInput: (message) => received.input.push(message),
    ...extra,
  });
  links.push(customer);
  // The console learns the connection's id from the first signal, as TechnicianControl does.
  await until('the offer', () => toConsole.length > 0);
  const answerer = new InputLink({
    rtc,
    role: 'answer',
    connectionId: toConsole[0].connectionId,
    sendSignal: (signal) => setImmediate(() => void customer.handleSignal(signal)),
    onReport: (report) => received.reports.push(report),
    onChannel: (channel) => received.channels.push(channel.label),
  });
  tech = answerer;
  links.push(answerer);
  for (const { signal } of toConsole.splice(0)) void answerer.handleSignal(signal);
  await until('both sides open', () => customer.state.get().open && answerer.state.get().open);
  return { customer, tech: answerer, received };
}

describe('InputLink: the input connection, data channels only', () => {
  it('carries keys in order on control and moves on pointer, and the reports back; nothing else reaches either side', async () => {
    const { customer, tech, received } = await pair();
    expect(tech.connectionId).toBe(customer.connectionId);
    for (let seq = 0; seq < 50; seq++) expect(tech.sendInput(key(seq, seq % 2 ? 'up' : 'down'))).toBe(true);
    expect(tech.sendInput({ type: 'move', x: 0.25, y: 0.75, seq: 50, sentAt: 1, epoch: 5 })).toBe(true);
    await until('every key and the move', () => received.input.length === 51);
    expect(received.input.filter((m) => m.type === 'key').map((m) => m.seq)).toEqual([...Array(50).keys()]);
    expect(received.input.find((m) => m.type === 'move')).toMatchObject({ x: 0.25, y: 0.75 });

    // A malformed message is dropped, not passed on; what follows it still arrives.
    tech.send('control', { type: 'key', action: 'down', seq: 51 });
    tech.send('pointer', { type: 'move', x: 7, y: 0, seq: 52, sentAt: 1, epoch: 5 });
    tech.sendInput(key(53));
    tech.sendInput({ type: 'move', x: 0.5, y: 0.5, seq: 54, sentAt: 1, epoch: 5 });
    await until('the key and the move after the malformed ones', () => received.input.some((m) => m.seq === 53) && received.input.some((m) => m.seq === 54));
    // Moves are unordered: give a late one the time a loopback connection could take.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.input.map((m) => m.seq)).not.toContain(51);
    expect(received.input.map((m) => m.seq)).not.toContain(52);

    expect(customer.sendReport({ type: 'input-executed', seq: 53, sentAt: 1, epoch: 5 })).toBe(true);
    expect(customer.sendReport({ type: 'input-refused', seq: 54, epoch: 5, reason: 'private-field' })).toBe(true);
    await until('both reports', () => received.reports.length === 2);
    expect(received.reports.map((r) => r.type)).toEqual(['input-executed', 'input-refused']);
  });

  it('a closed connection sends nothing and says so', async () => {
    const { customer, tech } = await pair();
    customer.close();
    expect(customer.state.get()).toEqual({ connection: 'closed', open: false });
    expect(customer.sendReport({ type: 'input-executed', seq: 1, sentAt: 1, epoch: 5 })).toBe(false);
    await until('the console to see it close', () => !tech.state.get().open);
    expect(tech.sendInput(key(1))).toBe(false);
  });

  it('offers the extra channels it was given (the helper\'s) and hands them to the answering side', async () => {
    const { received } = await pair({ extraChannels: [HELPER_CHANNEL] });
    await until('the helper channel', () => received.channels.includes(HELPER_CHANNEL.label));
    expect(received.channels).toEqual([HELPER_CHANNEL.label]);
  });
});
