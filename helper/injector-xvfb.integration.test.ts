/**
 * The injectors against a real X server (Xvfb), through the executor as the technician's messages drive it:
 * where the pointer lands (read back with xdotool), and what an X client (xev) receives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlView } from '../protocol';
import { NO_MODIFIERS } from '../protocol/input';
import type { Injector } from './injector';
import { CombinedInjector } from './combined-injector';
import { InputExecutor, type Outgoing } from './input-executor';
import { NutInjector } from './nut-injector';
import { type Display, hasCommand, pointerLocation, startXvfb, XevWindow } from '../testing/xvfb';
import { XdoInjector } from './xdo-injector';

const missing = ['Xvfb', 'xdotool', 'xev', 'stdbuf'].filter((command) => !hasCommand(command));
if (missing.length > 0) {
  console.warn(`helper injector tests skipped: ${missing.join(', ')} not installed (apt-get install xvfb xdotool x11-utils)`);
}

const granted: ControlView = { mode: 'desktop', state: 'granted', epoch: 1, priority: 'technician' };

describe.skipIf(missing.length > 0)('desktop input under Xvfb', () => {
  let display: Display;
  let xev: XevWindow;

  beforeAll(async () => {
    display = await startXvfb('1280x720x24');
    xev = await XevWindow.open(display, 400, 300);
  });

  afterAll(async () => {
    await xev?.close();
    await display?.stop();
  });

  async function drive(injector: Injector) {
    const sent: Outgoing[] = [];
    const executor = new InputExecutor({ injector, screen: await injector.screen(), send: (message) => sent.push(message), log: () => undefined });
    executor.applyControl(granted);
    let seq = 0;
    const send = async (message: Record<string, unknown>) => {
      executor.receive(JSON.stringify({ seq: ++seq, sentAt: 1, epoch: 1, ...message }));
      await executor.idle();
      return sent.at(-1);
    };
    return { send, sent, executor };
  }

  /** A point inside the xev window (400x300 at the top left), normalised over the 1280x720 screen. */
  const inWindow = { x: 200 / 1280, y: 150 / 720 };

  it('xdotool: puts the pointer where the technician points, clicks, scrolls and types any character', async () => {
    const injector = await XdoInjector.start(display.env);
    try {
      expect(await injector.screen()).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
      const { send } = await drive(injector);

      await send({ type: 'move', x: 0.5, y: 0.5 });
      const centre = pointerLocation(display);
      expect(Math.abs(centre.x - 640)).toBeLessThanOrEqual(2);
      expect(Math.abs(centre.y - 360)).toBeLessThanOrEqual(2);
      await send({ type: 'move', x: 0.9, y: 0.1 });
      expect(pointerLocation(display)).toEqual({ x: 1152, y: 72 });

      const before = xev.events().length;
      await send({ type: 'button', action: 'down', button: 'left', ...inWindow, modifiers: NO_MODIFIERS });
      expect(await send({ type: 'button', action: 'up', button: 'left', ...inWindow, modifiers: NO_MODIFIERS })).toMatchObject({ type: 'input-executed', seq: 4 });
      await send({ type: 'wheel', ...inWindow, dx: 0, dy: 100, modifiers: NO_MODIFIERS });
      await xev.waitFor(() => xev.events().length >= before + 6, 'click and wheel events');
      const buttons = xev.events().slice(before).filter((event) => event.kind === 'ButtonPress').map((event) => event.button);
      expect(buttons).toEqual([1, 5, 5]);

      const typedBefore = xev.typed().length;
      await send({ type: 'key', action: 'down', code: 'KeyH', key: 'H', modifiers: { ...NO_MODIFIERS, shift: true }, repeat: false });
      await send({ type: 'key', action: 'up', code: 'KeyH', key: 'H', modifiers: { ...NO_MODIFIERS, shift: true }, repeat: false });
      await send({ type: 'text', text: 'i @#"é€ 42' });
      await send({ type: 'key', action: 'down', code: 'Enter', key: 'Enter', modifiers: NO_MODIFIERS, repeat: false });
      await send({ type: 'key', action: 'up', code: 'Enter', key: 'Enter', modifiers: NO_MODIFIERS, repeat: false });
      const expected = 'Hi @#"é€ 42\n';
      await xev.waitFor(() => xev.typed().slice(typedBefore).endsWith('\n'), 'typed text').catch(() => undefined);
      expect(xev.typed().slice(typedBefore)).toBe(expected);
    } finally {
      await injector.close();
    }
  });

  it('xdotool: a revoke stops a long paste within a moment, not after everything was typed', async () => {
    const injector = await XdoInjector.start(display.env);
    try {
      const { executor } = await drive(injector);
      const typedBefore = xev.typed().length;
      // 200 characters the US layout lacks: 60 ms each, twelve seconds in all.
      executor.receive(JSON.stringify({ seq: 1, sentAt: 1, epoch: 1, type: 'text', text: 'é'.repeat(200) }));
      await xev.waitFor(() => xev.typed().length > typedBefore, 'the first characters');
      executor.applyControl(null);
      await executor.idle();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const typed = xev.typed().length - typedBefore;
      expect(typed).toBeGreaterThan(0);
      expect(typed, 'stopped well before the end').toBeLessThan(60);
    } finally {
      await injector.close();
    }
  });

  it('libnut: moves and clicks in-process, types letters, and refuses text it would mistype', async () => {
    // libnut opens the display named by DISPLAY in this process.
    process.env.DISPLAY = display.name;
    const injector = new NutInjector();
    const { send } = await drive(injector);

    await send({ type: 'move', x: 0.25, y: 0.75 });
    expect(pointerLocation(display)).toEqual({ x: 320, y: 540 });

    const before = xev.events().length;
    await send({ type: 'button', action: 'down', button: 'right', ...inWindow, modifiers: NO_MODIFIERS });
    await send({ type: 'button', action: 'up', button: 'right', ...inWindow, modifiers: NO_MODIFIERS });
    await send({ type: 'wheel', ...inWindow, dx: 60, dy: -60, modifiers: NO_MODIFIERS });
    await xev.waitFor(() => xev.events().length >= before + 6, 'click and wheel events');
    const buttons = xev.events().slice(before).filter((event) => event.kind === 'ButtonPress').map((event) => event.button);
    expect(buttons).toEqual([3, 4, 7]);

    const typedBefore = xev.typed().length;
    await send({ type: 'text', text: 'Hello 42' });
    expect(await send({ type: 'text', text: 'a@b' })).toMatchObject({ type: 'input-refused', reason: 'unsupported' });
    await send({ type: 'key', action: 'down', code: 'Enter', key: 'Enter', modifiers: NO_MODIFIERS, repeat: false });
    await send({ type: 'key', action: 'up', code: 'Enter', key: 'Enter', modifiers: NO_MODIFIERS, repeat: false });
    await xev.waitFor(() => xev.typed().slice(typedBefore).endsWith('\n'), 'typed text').catch(() => undefined);
    expect(xev.typed().slice(typedBefore)).toBe('Hello 42\n');
  });

  it('libnut+xdotool: keys and text from the two connections arrive in the order sent', async () => {
    process.env.DISPLAY = display.name;
    const xdo = await XdoInjector.start(display.env);
    const injector = new CombinedInjector(new NutInjector(), xdo);
    try {
      const { send } = await drive(injector);
      await send({ type: 'move', ...inWindow });
      const typedBefore = xev.typed().length;
      const press = async (code: string, key: string) => {
        await send({ type: 'key', action: 'down', code, key, modifiers: NO_MODIFIERS, repeat: false });
        await send({ type: 'key', action: 'up', code, key, modifiers: NO_MODIFIERS, repeat: false });
      };
      for (let i = 0; i < 5; i++) {
        await send({ type: 'text', text: `a${i}` });
        await press('Enter', 'Enter');
        await press('KeyB', 'b');
        await press('Tab', 'Tab');
      }
      const expected = [0, 1, 2, 3, 4].map((i) => `a${i}\nb\t`).join('');
      await xev.waitFor(() => xev.typed().slice(typedBefore).endsWith('4\nb\t'), 'typed text').catch(() => undefined);
      expect(xev.typed().slice(typedBefore)).toBe(expected);
    } finally {
      await injector.close();
    }
  });
});
