import type { Logger } from './log';
import { errorText } from './log';
import { connectDisplay, withinTime } from './x11-connection';

/** The customer's key to stop control, on the join page and on their desktop alike. */
export const STOP_KEY = { keysym: 0xff1b /* Escape */, modifiers: 1 /* ShiftMask */, name: 'Shift+Esc' } as const;

/** Lock (Caps Lock) and Mod2 (Num Lock, on nearly every layout): a grab names its modifiers exactly. */
const IGNORED_LOCKS = [0, 2, 16, 2 | 16];
const GRAB_MODE_ASYNC = 1;
/** An X server that stops answering must not hold up the helper: x11 does not fail pending replies on its own. */
const REPLY_TIMEOUT_MS = 2_000;

/**
 * Shift+Esc on the customer's own desktop, whatever window has the focus: the join page's hotkey only hears
 * keys while the page has the focus, and during control of the desktop it rarely does. The key is grabbed from
 * the X server only while control is on (the rest of the time it belongs to the customer's programs).
 */
export interface StopHotkey {
  /** Starts listening; false when the key cannot be had (another program holds it). */
  arm(): Promise<boolean>;
  disarm(): Promise<void>;
  close(): void;
}

/**
 * Connects to the X display for the hotkey; null when there is none (then the customer has the join page's Stop
 * button and hotkey, and the console's). `onPress` runs on each press while armed.
 */
export async function connectStopHotkey(display: string | undefined, onPress: () => void, log: Logger): Promise<StopHotkey | null> {
  if (!display) return null;
  try {
    const connected = await connectDisplay(display);
    const client = connected.client;
    const root = connected.screen[0].root;
    const keycode = await withinTime('the keyboard map', new Promise<number | null>((resolve, reject) => {
      client.GetKeyboardMapping(connected.min_keycode, connected.max_keycode - connected.min_keycode + 1, (error, keysyms) => {
        if (error) return reject(error);
        const index = keysyms.findIndex((row) => row.includes(STOP_KEY.keysym));
        resolve(index < 0 ? null : connected.min_keycode + index);
      });
    }), REPLY_TIMEOUT_MS).catch((error: unknown) => {
      client.terminate();
      throw error;
    });
    if (keycode === null) {
      client.terminate();
      log('hotkey-unavailable', { reason: 'no Escape key in the keyboard map' });
      return null;
    }
    let armed = false;
    // The X server went away (the session ended, the display closed): nothing to grab or give back any more.
    let gone = false;
    client.on('end', () => (gone = true));
    // Errors arrive asynchronously (BadAccess: another program grabbed the key first); sync() collects them.
    let grabFailed: Error | null = null;
    client.on('error', (error) => {
      grabFailed = error;
      log('hotkey-error', { error: errorText(error) });
    });
    client.on('event', (event) => {
      if (!armed || event.name !== 'KeyPress' || event.keycode !== keycode) return;
      if (((event.buttons ?? 0) & STOP_KEY.modifiers) !== STOP_KEY.modifiers) return;
      onPress();
    });
    return {
      async arm() {
        if (armed) return true;
        if (gone) return false;
        grabFailed = null;
        for (const locks of IGNORED_LOCKS) client.GrabKey(root, 1, STOP_KEY.modifiers | locks, keycode, GRAB_MODE_ASYNC, GRAB_MODE_ASYNC);
        await withinTime('the grab', client.sync(), REPLY_TIMEOUT_MS).catch((error: Error) => (grabFailed = error));
        armed = grabFailed === null;
        // Some of the four grabs may have been had: give them back, the key is not ours.
        if (!armed) for (const locks of IGNORED_LOCKS) client.UngrabKey(root, keycode, STOP_KEY.modifiers | locks);
        log(armed ? 'hotkey-armed' : 'hotkey-unavailable', { key: STOP_KEY.name, error: grabFailed ? errorText(grabFailed) : undefined });
        return armed;
      },
      async disarm() {
        if (!armed) return;
        armed = false;
        if (gone) return;
        for (const locks of IGNORED_LOCKS) client.UngrabKey(root, keycode, STOP_KEY.modifiers | locks);
        await withinTime('the release', client.sync(), REPLY_TIMEOUT_MS).catch(() => undefined);
      },
      close() {
        armed = false;
        client.terminate();
      },
    };
  } catch (error) {
    log('hotkey-unavailable', { error: errorText(error) });
    return null;
  }
}
