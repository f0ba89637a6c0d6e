/**
 * The customer's stop key on a real X server (Xvfb): pressed with xdotool, as their keyboard would, while another
 * program (xev) has the focus.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStopHotkey, type StopHotkey } from './stop-hotkey';
import { type Display, hasCommand, startXvfb, XevWindow } from '../testing/xvfb';

const missing = ['Xvfb', 'xdotool', 'xev', 'stdbuf'].filter((command) => !hasCommand(command));

describe.skipIf(missing.length > 0)('the stop key on the desktop', () => {
  let display: Display;
  let xev: XevWindow;
  const hotkeys: StopHotkey[] = [];

  beforeAll(async () => {
    display = await startXvfb('1280x720x24');
    xev = await XevWindow.open(display, 400, 300);
    // No window manager: the keyboard goes where the pointer is (xev's window, at the top left).
    execFileSync('xdotool', ['mousemove', '200', '150'], { env: display.env });
  });

  afterAll(async () => {
    for (const hotkey of hotkeys) hotkey.close();
    await xev?.close();
    await display?.stop();
  });

  const press = (keys: string) => execFileSync('xdotool', ['key', keys], { env: display.env });
  const escapesAtXev = () => xev.events().filter((event) => event.kind === 'KeyPress' && event.keysym === 'Escape').length;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  async function hotkey(): Promise<{ hotkey: StopHotkey; presses: () => number }> {
    let presses = 0;
    const connected = await connectStopHotkey(display.name, () => presses++, () => undefined);
    expect(connected).not.toBeNull();
    hotkeys.push(connected!);
    return { hotkey: connected!, presses: () => presses };
  }

  it('hears Shift+Esc wherever the focus is while armed, and leaves the key to the customer\'s programs otherwise', async () => {
    const { hotkey: stop, presses } = await hotkey();

    const before = escapesAtXev();
    press('shift+Escape');
    await settle();
    expect(presses(), 'not armed: not ours').toBe(0);
    expect(escapesAtXev(), 'the focused program gets it').toBe(before + 1);

    expect(await stop.arm()).toBe(true);
    press('shift+Escape');
    await expect.poll(presses, { timeout: 5_000 }).toBe(1);
    // Caps Lock on: still the stop key.
    press('Caps_Lock');
    press('shift+Escape');
    press('Caps_Lock');
    await expect.poll(presses, { timeout: 5_000 }).toBe(2);
    // Escape alone is the customer's.
    press('Escape');
    await settle();
    expect(presses()).toBe(2);

    await stop.disarm();
    press('shift+Escape');
    await settle();
    expect(presses(), 'disarmed').toBe(2);
  });

  it('says so when another program holds the key, and takes nothing', async () => {
    const { hotkey: first } = await hotkey();
    const { hotkey: second, presses } = await hotkey();
    expect(await first.arm()).toBe(true);
    expect(await second.arm()).toBe(false);
    await first.disarm();
    // The first program let go: the key can be had now.
    expect(await second.arm()).toBe(true);
    press('shift+Escape');
    await expect.poll(presses, { timeout: 5_000 }).toBe(1);
    await second.disarm();
  });
});
