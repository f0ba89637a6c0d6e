import { describe, expect, it } from 'vitest';
import type { ControlView } from '../protocol';
import { NO_MODIFIERS } from '../protocol/input';
import type { ScreenGeometry } from '../protocol/helper';
import type { Injector, Point } from './injector';
import { InputExecutor, MOVE_REPORT_EVERY, type Outgoing, WHEEL_MAX_CLICKS, wheelClicks } from './input-executor';

/** Records what the executor asks of the desktop: the mapping is what is under test, not the injector. */
class RecordingInjector implements Injector {
  readonly name = 'recording';
  readonly calls: string[] = [];
  /** Where the physical pointer is, as the customer's hand may move it. */
  physical: Point = { x: 0, y: 0 };
  constructor(private readonly typable: RegExp = /^[\s\S]*$/) {}
  async screen(): Promise<ScreenGeometry> {
    return { x: 0, y: 0, width: 1920, height: 1080 };
  }
  async pointer(): Promise<Point> {
    return this.physical;
  }
  async move(x: number, y: number) {
    this.physical = { x, y };
    this.calls.push(`move ${x} ${y}`);
  }
  async button(button: string, action: string) {
    this.calls.push(`button ${button} ${action}`);
  }
  async wheel(direction: string, clicks: number) {
    this.calls.push(`wheel ${direction} ${clicks}`);
  }
  async key(keysym: string, action: string) {
    this.calls.push(`key ${keysym} ${action}`);
    return true;
  }
  async type(text: string) {
    if (!this.typable.test(text)) return false;
    this.calls.push(`type ${text}`);
    return true;
  }
  async close() {}
}

const desktop = (epoch: number, priority: ControlView['priority'] = 'technician'): ControlView => ({ mode: 'desktop', state: 'granted', epoch, priority });

function setup(options: { screen?: ScreenGeometry; injector?: RecordingInjector } = {}) {
  const injector = options.injector ?? new RecordingInjector();
  const sent: Outgoing[] = [];
  const logged: string[] = [];
  let clock = 1000;
  let poll: (() => void) | null = null;
  const executor = new InputExecutor({
    injector,
    screen: options.screen ?? { x: 0, y: 0, width: 1920, height: 1080 },
    send: (message) => sent.push(message),
    log: (event) => logged.push(event),
    now: () => clock,
    pollEvery: (callback) => {
      poll = callback;
      return () => (poll = null);
    },
  });
  let seq = 0;
  const send = (message: Record<string, unknown>, epoch = 1) => executor.receive(JSON.stringify({ seq: ++seq, sentAt: 5, epoch, ...message }));
  return {
    injector,
    executor,
    sent,
    logged,
    send,
    advance: (ms: number) => (clock += ms),
    poll: () => poll?.(),
    polling: () => poll !== null,
  };
}

const key = (action: 'down' | 'up', code: string, key: string, modifiers = NO_MODIFIERS, repeat = false) => ({ type: 'key', action, code, key, modifiers, repeat });

describe('desktop input mapping', () => {
  it('maps normalised points onto the reported screen, offset and clamped', async () => {
    const t = setup({ screen: { x: -1280, y: 0, width: 1280, height: 1024 } });
    t.executor.applyControl(desktop(1));
    t.send({ type: 'move', x: 0.5, y: 0.5 });
    t.send({ type: 'move', x: 1, y: 1 });
    t.send({ type: 'move', x: 0, y: 0 });
    await t.executor.idle();
    expect(t.injector.calls).toEqual(['move -640 512', 'move -1 1023', 'move -1280 0']);
  });

  it('moves to a click before pressing, and presses the button asked for', async () => {
    const t = setup();
    t.executor.applyControl(desktop(1));
    t.send({ type: 'button', action: 'down', button: 'right', x: 0.25, y: 0.75, modifiers: NO_MODIFIERS });
    t.send({ type: 'button', action: 'up', button: 'right', x: 0.25, y: 0.75, modifiers: NO_MODIFIERS });
    t.send({ type: 'button', action: 'down', button: 'middle', x: 0.1, y: 0.1, modifiers: NO_MODIFIERS });
    await t.executor.idle();
    expect(t.injector.calls).toEqual(['move 480 810', 'button right down', 'move 480 810', 'button right up', 'move 192 108', 'button middle down']);
  });

  it('turns wheel pixels into clicks in each direction: at least one, at most a cap', async () => {
    expect(wheelClicks(0)).toBe(0);
    expect(wheelClicks(3)).toBe(1);
    expect(wheelClicks(-100)).toBe(2);
    expect(wheelClicks(10_000)).toBe(WHEEL_MAX_CLICKS);
    const t = setup();
    t.executor.applyControl(desktop(1));
    t.send({ type: 'wheel', x: 0.5, y: 0.5, dx: 0, dy: 100, modifiers: NO_MODIFIERS });
    t.send({ type: 'wheel', x: 0.5, y: 0.5, dx: -10, dy: -53, modifiers: NO_MODIFIERS });
    await t.executor.idle();
    expect(t.injector.calls).toEqual(['move 960 540', 'wheel down 2', 'move 960 540', 'wheel up 1', 'wheel left 1']);
  });

  it('types printable keys as characters and presses the others as keys', async () => {
    const t = setup();
    t.executor.applyControl(desktop(1));
    t.send(key('down', 'KeyA', 'a'));
    t.send(key('up', 'KeyA', 'a'));
    t.send(key('down', 'Digit2', '@', { ...NO_MODIFIERS, shift: true }));
    t.send(key('down', 'Enter', 'Enter'));
    t.send(key('up', 'Enter', 'Enter'));
    t.send(key('down', 'ControlLeft', 'Control', { ...NO_MODIFIERS, ctrl: true }));
    t.send(key('down', 'KeyC', 'c', { ...NO_MODIFIERS, ctrl: true }));
    t.send(key('up', 'KeyC', 'c', { ...NO_MODIFIERS, ctrl: true }));
    t.send(key('up', 'ControlLeft', 'Control'));
    await t.executor.idle();
    expect(t.injector.calls).toEqual(['type a', 'type @', 'key Return down', 'key Return up', 'key Control_L down', 'key c down', 'key c up', 'key Control_L up']);
  });

  it('counts each Escape the technician pressed against one press of the stop key, for a moment', async () => {
    const t = setup();
    t.executor.applyControl(desktop(1));
    expect(t.executor.takeInjectedEscape()).toBe(false);
    t.send(key('down', 'ShiftLeft', 'Shift', { ...NO_MODIFIERS, shift: true }));
    t.send(key('down', 'Escape', 'Escape', { ...NO_MODIFIERS, shift: true }));
    await t.executor.idle();
    // The grab hears the injected press: that one is the technician's; the next one is the customer's.
    expect(t.executor.takeInjectedEscape()).toBe(true);
    expect(t.executor.takeInjectedEscape()).toBe(false);
    t.send(key('up', 'Escape', 'Escape', { ...NO_MODIFIERS, shift: true }));
    t.send(key('down', 'Escape', 'Escape', { ...NO_MODIFIERS, shift: true }));
    await t.executor.idle();
    t.advance(501);
    expect(t.executor.takeInjectedEscape(), 'too long ago').toBe(false);
  });

  it('types committed text, and presses a combination in order and releases it in reverse', async () => {
    const t = setup();
    t.executor.applyControl(desktop(1));
    t.send({ type: 'text', text: 'Grüße, 你好' });
    t.send({ type: 'combo', combo: 'ctrl-alt-delete' });
    await t.executor.idle();
    expect(t.injector.calls).toEqual(['type Grüße, 你好', 'key Control_L down', 'key Alt_L down', 'key Delete down', 'key Delete up', 'key Alt_L up', 'key Control_L up']);
  });

  it('refuses a key X has no name for, and text the injector cannot type, as unsupported', async () => {
    const t = setup({ injector: new RecordingInjector(/^[a-z]*$/) });
    t.executor.applyControl(desktop(1));
    t.send(key('down', 'LaunchMail', 'LaunchMail'));
    t.send({ type: 'text', text: 'é' });
    await t.executor.idle();
    expect(t.injector.calls).toEqual([]);
    expect(t.sent).toEqual([
      { type: 'input-refused', seq: 1, epoch: 1, reason: 'unsupported' },
      { type: 'input-refused', seq: 2, epoch: 1, reason: 'unsupported' },
    ]);
  });

  it('reports every click and key, and every 8th move', async () => {
    const t = setup();
    t.executor.applyControl(desktop(1));
    for (let i = 0; i < MOVE_REPORT_EVERY * 2; i++) t.send({ type: 'move', x: 0.1, y: 0.1 });
    t.send({ type: 'button', action: 'down', button: 'left', x: 0.1, y: 0.1, modifiers: NO_MODIFIERS });
    await t.executor.idle();
    const executedAt = expect.any(Number);
    expect(t.sent).toEqual([
      { type: 'input-executed', seq: 8, sentAt: 5, epoch: 1, executedAt },
      { type: 'input-executed', seq: 16, sentAt: 5, epoch: 1, executedAt },
      { type: 'input-executed', seq: 17, sentAt: 5, epoch: 1, executedAt },
    ]);
  });

  it('releases what the technician still holds when control is revoked', async () => {
    const t = setup();
    t.executor.applyControl(desktop(1));
    t.send(key('down', 'ShiftLeft', 'Shift', { ...NO_MODIFIERS, shift: true }));
    t.send({ type: 'button', action: 'down', button: 'left', x: 0, y: 0, modifiers: NO_MODIFIERS });
    await t.executor.idle();
    t.executor.applyControl(null);
    await t.executor.idle();
    expect(t.injector.calls.slice(-2)).toEqual(['key Shift_L up', 'button left up']);
  });
});

describe('desktop input gating', () => {
  it('ignores what is not a valid message, with a warning', async () => {
    const t = setup();
    t.executor.applyControl(desktop(1));
    t.executor.receive('not json');
    t.executor.receive(JSON.stringify({ type: 'move', x: 2, y: 0.5, seq: 1, sentAt: 1, epoch: 1 }));
    t.executor.receive(JSON.stringify({ type: 'teleport', seq: 1, sentAt: 1, epoch: 1 }));
    t.executor.receive(new ArrayBuffer(4));
    await t.executor.idle();
    expect(t.injector.calls).toEqual([]);
    expect(t.sent).toEqual([]);
    expect(t.logged.filter((event) => event === 'message-ignored')).toHaveLength(4);
  });

  it('answers a ping with a pong whatever the control state', async () => {
    const t = setup();
    t.executor.receive(JSON.stringify({ type: 'ping', seq: 4, sentAt: 12.5 }));
    expect(t.sent).toEqual([{ type: 'pong', seq: 4, sentAt: 12.5 }]);
  });

  it('refuses input before a grant, runs it after, and refuses it again after a revoke', async () => {
    const t = setup();
    const click = { type: 'button', action: 'down', button: 'left', x: 0.5, y: 0.5, modifiers: NO_MODIFIERS } as const;
    t.send(click, 1);
    t.send({ type: 'move', x: 0.5, y: 0.5 }, 1);
    await t.executor.idle();
    t.executor.applyControl({ ...desktop(1), state: 'requested' });
    t.send(click, 1);
    await t.executor.idle();
    expect(t.injector.calls).toEqual([]);

    t.executor.applyControl(desktop(1));
    t.send(click, 1);
    await t.executor.idle();
    expect(t.injector.calls).toEqual(['move 960 540', 'button left down']);

    t.executor.applyControl({ ...desktop(1), mode: 'page' });
    t.send({ type: 'button', action: 'up', button: 'left', x: 0.5, y: 0.5, modifiers: NO_MODIFIERS }, 1);
    await t.executor.idle();
    expect(t.sent.map((m) => (m.type === 'input-refused' ? m.reason : m.type))).toEqual(['not-granted', 'not-granted', 'input-executed', 'not-granted']);
    // The revoke released the held button; the refused "up" injected nothing.
    expect(t.injector.calls).toEqual(['move 960 540', 'button left down', 'button left up']);
  });

  it('refuses input sent under an older epoch once control was granted again', async () => {
    const t = setup();
    t.executor.applyControl(desktop(1));
    t.executor.applyControl(null);
    t.executor.applyControl(desktop(2));
    t.send({ type: 'text', text: 'old' }, 1);
    t.send({ type: 'text', text: 'new' }, 2);
    await t.executor.idle();
    expect(t.injector.calls).toEqual(['type new']);
    expect(t.sent[0]).toEqual({ type: 'input-refused', seq: 1, epoch: 1, reason: 'not-granted' });
  });

  it('stops what is still queued when control is revoked', async () => {
    const t = setup();
    t.executor.applyControl(desktop(1));
    t.send({ type: 'text', text: 'a' });
    t.send({ type: 'text', text: 'b' });
    t.executor.applyControl(null);
    await t.executor.idle();
    expect(t.injector.calls).toEqual([]);
  });

  it('keeps the same epoch across a signaling outage, refusing input as paused meanwhile', async () => {
    const t = setup();
    t.executor.applyControl(desktop(3));
    t.executor.setSuspended(true);
    t.send({ type: 'text', text: 'lost' }, 3);
    await t.executor.idle();
    t.executor.applyControl(desktop(3));
    t.executor.setSuspended(false);
    t.send({ type: 'text', text: 'kept' }, 3);
    await t.executor.idle();
    expect(t.injector.calls).toEqual(['type kept']);
    expect(t.sent[0]).toEqual({ type: 'input-refused', seq: 1, epoch: 3, reason: 'paused' });
  });

  it('with customer priority, pauses remote input for a second when the customer moves the pointer', async () => {
    const t = setup();
    t.executor.applyControl(desktop(1, 'customer'));
    expect(t.polling()).toBe(true);
    t.send({ type: 'move', x: 0.5, y: 0.5 });
    await t.executor.idle();
    t.poll();
    await t.executor.idle();
    t.send({ type: 'text', text: 'runs' });
    await t.executor.idle();
    expect(t.injector.calls).toEqual(['move 960 540', 'type runs']);

    t.injector.physical = { x: 100, y: 100 };
    t.poll();
    await t.executor.idle();
    t.send({ type: 'text', text: 'waits' });
    await t.executor.idle();
    expect(t.sent.at(-1)).toMatchObject({ type: 'input-refused', reason: 'paused' });
    t.advance(1001);
    t.send({ type: 'text', text: 'runs again' });
    await t.executor.idle();
    expect(t.injector.calls.at(-1)).toBe('type runs again');

    t.executor.applyControl(null);
    expect(t.polling()).toBe(false);
  });

  it('with technician priority, the customer moving the pointer pauses nothing', async () => {
    const t = setup();
    t.executor.applyControl(desktop(1, 'technician'));
    t.send({ type: 'move', x: 0.5, y: 0.5 });
    await t.executor.idle();
    t.injector.physical = { x: 5, y: 5 };
    t.poll();
    await t.executor.idle();
    t.send({ type: 'text', text: 'runs' });
    await t.executor.idle();
    expect(t.injector.calls).toEqual(['move 960 540', 'type runs']);
  });
});
