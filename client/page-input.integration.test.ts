import { afterEach, describe, expect, it } from 'vitest';
import { type ControlView, type InputMessage, NO_MODIFIERS } from '../protocol';
import { PageInput } from './page-input';
import { TechnicianControl } from './technician-control';
import { until, useWrtcPeerConnections } from '../testing/wrtc';

/**
 * Page control's input connection from both ends: the customer's PageInput offers, the console's TechnicianControl
 * answers and sends the technician's input on it. Real peer connections (@roamhq/wrtc standing in for the browser's
 * RTCPeerConnection in Node); signaling is a queue, as Socket.IO would carry it. The screen's connection, which the
 * console falls back to, is a recorder here: it is not what is under test.
 */
useWrtcPeerConnections();

const rtc = { iceServers: [], iceTransportPolicy: 'all' as const };
const granted = (epoch: number): ControlView => ({ mode: 'page', state: 'granted', epoch, priority: 'technician' });
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function setUp() {
  const executed: InputMessage[] = [];
  const onScreenConnection: InputMessage[] = [];
  const offers: string[] = [];
  let page: PageInput | null = null;
  const tech = new TechnicianControl({
    request: async () => granted(1),
    stop: async () => undefined,
    pageLink: () => ({
      sendControl: (message) => onScreenConnection.push(message) > 0,
      sendPointer: (move) => onScreenConnection.push(move) > 0,
    }),
    rtc: () => rtc,
    sendHelperSignal: () => undefined,
    sendPageInputSignal: (connectionId, signal) => setImmediate(() => page?.handleSignal(connectionId, signal)),
    coverScreen: () => true,
  });
  const customer = new PageInput(
    {
      rtc: () => rtc,
      sendSignal: (connectionId, signal) => {
        if (signal.kind === 'description') offers.push(connectionId);
        setImmediate(() => tech.onPageInputSignal(connectionId, signal));
      },
      // The page's executor answers for what it ran, on the connection the input came by.
      onInput: (message) => {
        executed.push(message);
        page?.sendReport({ type: 'input-executed', seq: message.seq, sentAt: message.sentAt, epoch: message.epoch });
      },
    },
    { openWithinMs: 1500, disconnectedGraceMs: 500, attempts: 2 },
  );
  page = customer;
  cleanups.push(() => customer.close(), () => tech.dispose());
  // What reaches the console's report handler, from either connection.
  const answered: number[] = [];
  const onReport = tech.onReport.bind(tech);
  tech.onReport = (report) => {
    answered.push(report.seq);
    onReport(report);
  };
  const key = (action: 'down' | 'up') => tech.sink.send({ type: 'key', action, code: 'KeyA', key: 'a', modifiers: NO_MODIFIERS, repeat: false });
  return { tech, customer, executed, onScreenConnection, offers, answered, key };
}

describe('page control\'s own input connection', () => {
  it('carries the technician\'s input once open, after what went on the screen\'s connection was answered, and follows a new console', async () => {
    const { tech, customer, executed, onScreenConnection, offers, answered, key } = setUp();
    tech.onState(granted(5), 'granted');
    // Before the page offers its connection, input takes the screen's.
    key('down');
    expect(onScreenConnection.map((m) => m.seq)).toEqual([0]);

    customer.open(5);
    await until('the console to see the input connection open', () => tech.state.get().pageInputOpen);
    // The key-down on the screen's connection is not answered yet: its key-up must not overtake it.
    key('up');
    expect(onScreenConnection.map((m) => m.seq)).toEqual([0, 1]);
    tech.onReport({ type: 'input-executed', seq: 0, sentAt: 0, epoch: 5 });
    tech.onReport({ type: 'input-executed', seq: 1, sentAt: 0, epoch: 5 });
    key('down');
    key('up');
    await until('both keys at the page', () => executed.length === 2);
    expect(executed.map((m) => [m.seq, m.epoch])).toEqual([[2, 5], [3, 5]]);
    expect(onScreenConnection).toHaveLength(2);
    await until('the page\'s answers back at the console', () => answered.includes(2) && answered.includes(3));

    // Another console took over: the page offers afresh, the old connection is closed, input flows on the new one.
    customer.reopen();
    await until('a second offer', () => offers.length === 2);
    expect(offers[1]).not.toBe(offers[0]);
    await until('the new connection open', () => tech.state.get().pageInputOpen);
    key('down');
    await until('the key on the new connection', () => executed.length === 3);

    // Control ends: the console closes its side at once.
    tech.onState(null, 'stopped');
    expect(tech.state.get().pageInputOpen).toBe(false);
    customer.close();
    key('up');
    expect(executed).toHaveLength(3);
  });

  it('a console without a grant of page control takes no offer, and the page gives up after its attempts', async () => {
    const { tech, customer, offers } = setUp();
    tech.onState({ mode: 'desktop', state: 'granted', epoch: 7, priority: 'technician' }, 'granted');
    customer.open(7);
    // Unanswered offers are replaced once the open timeout passes, twice in all (the attempts given), then no more.
    await until('the second offer', () => offers.length === 2, 5000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(offers).toHaveLength(2);
    expect(tech.state.get().pageInputOpen).toBe(false);
  });
});
