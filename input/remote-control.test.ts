import { describe, expect, it } from 'vitest';
import { inputMessageSchema, NO_MODIFIERS, SPECIAL_COMBOS } from '../protocol/input';
import { normalise, pictureRect, toScreen, toViewport, wheelPixels } from './coordinates';
import { InputGate } from './input-gate';
import { COMBO_KEYS, keyIntent, keyModifiers, x11Keysym } from './keys';
import { MoveCoalescer } from './move-coalescer';
import { PathSwitch, SETTLE_MS } from './path-switch';

describe('coordinate mapping', () => {
  it('finds the picture inside a letterboxed video element and maps clicks on it to 0..1', () => {
    // A 1280x720 frame in a 1000x1000 element at (100, 50): scaled to 1000x562.5, bars above and below.
    const picture = pictureRect({ left: 100, top: 50, width: 1000, height: 1000 }, 1280, 720);
    expect(picture).toEqual({ left: 100, top: 50 + (1000 - 562.5) / 2, width: 1000, height: 562.5 });
    expect(normalise(600, 50 + 500, picture)).toEqual({ x: 0.5, y: 0.5 });
    expect(normalise(100, picture.top, picture)).toEqual({ x: 0, y: 0 });
    expect(normalise(600, 60, picture)).toBeNull(); // on the bar
    // A tall frame in a wide element: bars left and right.
    expect(pictureRect({ left: 0, top: 0, width: 1600, height: 900 }, 900, 1600)).toMatchObject({ width: 506.25, height: 900, left: (1600 - 506.25) / 2 });
    // Shown at actual size inside a scrolled container: the element is the picture.
    expect(pictureRect({ left: -300, top: -200, width: 1280, height: 720 }, 1280, 720, 'fill')).toEqual({ left: -300, top: -200, width: 1280, height: 720 });
  });

  it('maps 0..1 to the same place in a viewport whatever its pixel ratio, and to device pixels on a screen', () => {
    // A 1440x900 CSS viewport on a 2x display captures as a 2880x1800 frame: the middle is still (720, 450) CSS.
    expect(toViewport(0.5, 0.5, { width: 1440, height: 900 })).toEqual({ clientX: 720, clientY: 450 });
    expect(toViewport(1, 1, { width: 1440, height: 900 })).toEqual({ clientX: 1439, clientY: 899 });
    // The shared monitor is the second of two, 2560x1440 device pixels, right of a 1920-wide one.
    expect(toScreen(0.25, 0.5, { x: 1920, y: 0, width: 2560, height: 1440 })).toEqual({ x: 1920 + 640, y: 720 });
    expect(toScreen(1, 1, { x: 0, y: 0, width: 1280, height: 720 })).toEqual({ x: 1279, y: 719 });
  });

  it('turns line and page wheel deltas into pixels', () => {
    expect(wheelPixels(0, 3, 1, 800)).toEqual({ dx: 0, dy: 48 });
    expect(wheelPixels(0, -1, 2, 800)).toEqual({ dx: 0, dy: -800 });
    expect(wheelPixels(12, 100, 0, 800)).toEqual({ dx: 12, dy: 100 });
    expect(wheelPixels(0, 1e9, 0, 800).dy).toBe(10_000);
  });
});

describe('key mapping', () => {
  it('types characters as text, and sends shortcuts and named keys as physical keys', () => {
    expect(keyIntent('a', NO_MODIFIERS)).toBe('text');
    expect(keyIntent('@', { ...NO_MODIFIERS, shift: true })).toBe('text');
    expect(keyIntent('é', NO_MODIFIERS)).toBe('text');
    expect(keyIntent(' ', NO_MODIFIERS)).toBe('text');
    expect(keyIntent('c', { ...NO_MODIFIERS, ctrl: true })).toBe('key');
    expect(keyIntent('Enter', NO_MODIFIERS)).toBe('key');
    expect(keyIntent('ArrowLeft', NO_MODIFIERS)).toBe('key');
  });

  it('types what AltGr picks as text, though Windows reports AltGr as Ctrl+Alt', () => {
    const event = (init: { key: string; ctrl?: boolean; alt?: boolean; shift?: boolean; altGraph?: boolean }) => ({
      key: init.key,
      ctrlKey: init.ctrl ?? false,
      altKey: init.alt ?? false,
      metaKey: false,
      shiftKey: init.shift ?? false,
      getModifierState: (name: string) => name === 'AltGraph' && (init.altGraph ?? false),
    });
    // German "@" on Windows: AltGr+Q, reported with ctrlKey and altKey.
    const windowsAt = event({ key: '@', ctrl: true, alt: true, altGraph: true });
    expect(keyModifiers(windowsAt)).toEqual(NO_MODIFIERS);
    expect(keyIntent(windowsAt.key, keyModifiers(windowsAt))).toBe('text');
    // Linux reports AltGr alone; Shift still counts.
    expect(keyIntent('€', keyModifiers(event({ key: '€', altGraph: true })))).toBe('text');
    expect(keyModifiers(event({ key: 'Ä', shift: true, altGraph: true }))).toEqual({ ...NO_MODIFIERS, shift: true });
    // A real Ctrl+Alt shortcut stays one.
    const shortcut = event({ key: 't', ctrl: true, alt: true });
    expect(keyModifiers(shortcut)).toEqual({ ...NO_MODIFIERS, ctrl: true, alt: true });
    expect(keyIntent(shortcut.key, keyModifiers(shortcut))).toBe('key');
  });

  it('names physical keys as X keysyms', () => {
    expect(x11Keysym('KeyQ')).toBe('q');
    expect(x11Keysym('Digit7')).toBe('7');
    expect(x11Keysym('Enter')).toBe('Return');
    expect(x11Keysym('ArrowUp')).toBe('Up');
    expect(x11Keysym('PageDown')).toBe('Next');
    expect(x11Keysym('F12')).toBe('F12');
    expect(x11Keysym('F25')).toBeNull();
    expect(x11Keysym('Numpad4')).toBe('KP_4');
    expect(x11Keysym('ControlLeft')).toBe('Control_L');
    expect(x11Keysym('Backquote')).toBe('grave');
    expect(x11Keysym('LaunchMail')).toBeNull();
    for (const combo of SPECIAL_COMBOS) expect(COMBO_KEYS[combo]?.length, combo).toBeGreaterThan(0);
  });
});

describe('pointer move coalescing', () => {
  it('sends at most one move per frame, the latest, and a click flushes the pending one first', () => {
    const sent: number[] = [];
    const frames: (() => void)[] = [];
    const coalescer = new MoveCoalescer<number>((m) => sent.push(m), (cb) => frames.push(cb));
    for (let i = 1; i <= 10; i++) coalescer.push(i);
    expect(sent).toEqual([]);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(sent).toEqual([10]);

    coalescer.push(11);
    coalescer.push(12);
    coalescer.flush(); // a click: the pointer must be where it was drawn
    expect(sent).toEqual([10, 12]);
    frames.shift()!(); // the frame that was scheduled finds nothing left
    expect(sent).toEqual([10, 12]);

    coalescer.push(13);
    coalescer.drop();
    frames.shift()!();
    expect(sent).toEqual([10, 12]);
  });
});

describe('the revoke barrier', () => {
  it('runs input only under the granted epoch: nothing queued before a revoke runs after it, even after a new grant', () => {
    let now = 0;
    const gate = new InputGate(() => 'technician', () => now);
    expect(gate.check(1)).toEqual({ run: false, reason: 'not-granted' });
    const first = gate.grant();
    expect(gate.check(first)).toEqual({ run: true });
    gate.revoke();
    expect(gate.check(first)).toEqual({ run: false, reason: 'not-granted' });
    const second = gate.grant();
    expect(second).toBeGreaterThan(first);
    expect(gate.check(first)).toEqual({ run: false, reason: 'not-granted' }); // queued before the revoke
    expect(gate.check(second)).toEqual({ run: true });
    expect(() => gate.grant(first)).toThrow();
    // Customer actions do not pause a technician-priority session.
    gate.customerActed();
    expect(gate.check(second)).toEqual({ run: true });
  });

  it('with customer priority, the customer\'s own input pauses remote input for a second', () => {
    let now = 1000;
    const gate = new InputGate(() => 'customer', () => now);
    const epoch = gate.grant();
    gate.customerActed();
    expect(gate.check(epoch)).toEqual({ run: false, reason: 'paused' });
    now += 999;
    expect(gate.check(epoch)).toEqual({ run: false, reason: 'paused' });
    now += 1;
    expect(gate.check(epoch)).toEqual({ run: true });
  });
});

describe('switching input between two connections', () => {
  it('moves to the preferred connection only once everything sent on the current one was answered', () => {
    const path = new PathSwitch<'own' | 'shared'>('shared', () => 0);
    path.sent(1);
    path.sent(2);
    // A key-down on one connection and its key-up on the other could arrive the wrong way round.
    expect(path.choose('own', true)).toBe('shared');
    path.answered(1);
    expect(path.choose('own', true)).toBe('shared');
    path.answered(2);
    expect(path.choose('own', true)).toBe('own');
    // Answers for the path left behind do not count against the new one.
    path.sent(3);
    path.answered(2);
    expect(path.choose('shared', true)).toBe('own');
  });

  it('leaves a connection that stopped working at once, and one whose answers stopped after a while', () => {
    let now = 0;
    const path = new PathSwitch<'own' | 'shared'>('own', () => now);
    path.sent(1);
    expect(path.choose('shared', false)).toBe('shared');
    path.sent(2);
    now += SETTLE_MS - 1;
    expect(path.choose('own', true)).toBe('shared');
    now += 1;
    expect(path.choose('own', true)).toBe('own');
    // Nothing to switch to: the current path stays.
    expect(path.choose('own', true)).toBe('own');
  });
});

describe('the input protocol', () => {
  const stamp = { seq: 1, sentAt: 12.5, epoch: 1 };
  it('accepts what the console sends and refuses what it must not', () => {
    expect(inputMessageSchema.safeParse({ type: 'move', x: 0.5, y: 0.5, ...stamp }).success).toBe(true);
    expect(inputMessageSchema.safeParse({ type: 'button', action: 'down', button: 'left', x: 0, y: 1, modifiers: NO_MODIFIERS, ...stamp }).success).toBe(true);
    expect(inputMessageSchema.safeParse({ type: 'key', action: 'down', code: 'KeyA', key: 'a', modifiers: NO_MODIFIERS, repeat: false, ...stamp }).success).toBe(true);
    expect(inputMessageSchema.safeParse({ type: 'text', text: '日本語', ...stamp }).success).toBe(true);
    expect(inputMessageSchema.safeParse({ type: 'combo', combo: 'ctrl-alt-delete', ...stamp }).success).toBe(true);
    expect(inputMessageSchema.safeParse({ type: 'move', x: 1.5, y: 0.5, ...stamp }).success).toBe(false);
    expect(inputMessageSchema.safeParse({ type: 'move', x: 0.5, y: 0.5, seq: -1, sentAt: 0, epoch: 1 }).success).toBe(false);
    expect(inputMessageSchema.safeParse({ type: 'key', action: 'down', code: 'Key A;rm', key: 'a', modifiers: NO_MODIFIERS, repeat: false, ...stamp }).success).toBe(false);
    expect(inputMessageSchema.safeParse({ type: 'text', text: '', ...stamp }).success).toBe(false);
    expect(inputMessageSchema.safeParse({ type: 'combo', combo: 'format-disk', ...stamp }).success).toBe(false);
    expect(inputMessageSchema.safeParse({ type: 'move', x: 0.5, y: 0.5 }).success).toBe(false);
  });
});
