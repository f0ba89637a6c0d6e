/**
 * Connecting to the X display and waiting on it, for the helper's X clients (the stop hotkey, the screen): the
 * `x11` package neither gives up on a display that does not answer nor fails pending replies on its own.
 */
import type { X11Display } from 'x11';

const CONNECT_TIMEOUT_MS = 5_000;

/** Resolves with `promise`, or rejects after `ms` saying what the X server did not answer. */
export function withinTime<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from the X server to ${what} within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** A new connection to `display`; rejects when it cannot be had within a few seconds. */
export async function connectDisplay(display: string): Promise<X11Display> {
  const { default: x11 } = await import('x11');
  return new Promise<X11Display>((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new Error(`no answer from X display ${display}`));
    }, CONNECT_TIMEOUT_MS);
    x11.createClient({ display }, (error, result) => {
      clearTimeout(timer);
      // Connected after we gave up: nobody would ever close it.
      if (late) return result?.client.terminate();
      if (error) reject(error);
      else resolve(result);
    });
  });
}
