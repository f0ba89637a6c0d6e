import { type InputAction, type Modifiers, NO_MODIFIERS, type PointerButton, type PointerMove } from '../protocol/input';
import { normalise, pictureRect, wheelPixels } from './coordinates';
import { keyModifiers } from './keys';
import { MoveCoalescer } from './move-coalescer';

export interface InputSink {
  /** Sends a stamped action (on `control`); false when the channel is not open. */
  send(action: InputAction): void;
  /** Sends a pointer move (on `pointer`). */
  move(move: Omit<PointerMove, 'seq' | 'sentAt' | 'epoch' | 'type'>): void;
}

const BUTTONS: Record<number, PointerButton> = { 0: 'left', 1: 'middle', 2: 'right' };

function modifiersOf(event: MouseEvent): Modifiers {
  return { alt: event.altKey, ctrl: event.ctrlKey, meta: event.metaKey, shift: event.shiftKey };
}

/**
 * Turns what the technician does over the customer's video into input messages: pointer moves (one per
 * frame), presses and releases, wheels, keys and composed text. A hidden field over the video takes the keys,
 * so they go to the customer and not to the console; in full screen the Keyboard Lock API lets system keys (Esc, Alt+Tab) through
 * where the browser allows. Returns the function that detaches it all.
 */
export function captureRemoteInput(video: HTMLVideoElement, sink: InputSink, keyboardLabel: string): () => void {
  // Keys go to a hidden text field over the video rather than to the video: only an editable element gets an
  // input method's composition (Chinese, Japanese, accents), whose committed text is sent as text.
  const keys = document.createElement('textarea');
  keys.setAttribute('aria-label', keyboardLabel);
  keys.setAttribute('autocomplete', 'off');
  keys.setAttribute('autocapitalize', 'off');
  keys.spellcheck = false;
  keys.className = 'remote-keyboard';
  video.insertAdjacentElement('afterend', keys);
  const coalescer = new MoveCoalescer<{ x: number; y: number }>((point) => sink.move(point));
  const pressed = new Set<PointerButton>();
  let composing = false;

  const pictureOf = () => pictureRect(video.getBoundingClientRect(), video.videoWidth, video.videoHeight, getComputedStyle(video).objectFit === 'fill' ? 'fill' : 'contain');
  const point = (event: MouseEvent) => normalise(event.clientX, event.clientY, pictureOf());

  const onMove = (event: PointerEvent) => {
    const at = point(event);
    if (at) coalescer.push(at);
  };
  const onDown = (event: PointerEvent) => {
    const at = point(event);
    const button = BUTTONS[event.button];
    if (!at || !button) return;
    event.preventDefault();
    keys.focus({ preventScroll: true });
    video.setPointerCapture(event.pointerId);
    pressed.add(button);
    coalescer.flush();
    sink.send({ type: 'button', action: 'down', button, ...at, modifiers: modifiersOf(event) });
  };
  const onUp = (event: PointerEvent) => {
    const button = BUTTONS[event.button];
    if (!button || !pressed.delete(button)) return;
    event.preventDefault();
    // Released outside the picture (captured pointer): at its nearest edge.
    const picture = pictureOf();
    const at = normalise(
      Math.min(Math.max(event.clientX, picture.left), picture.left + picture.width),
      Math.min(Math.max(event.clientY, picture.top), picture.top + picture.height),
      picture,
    );
    if (!at) return;
    coalescer.flush();
    sink.send({ type: 'button', action: 'up', button, ...at, modifiers: modifiersOf(event) });
  };
  const onWheel = (event: WheelEvent) => {
    const at = point(event);
    if (!at) return;
    event.preventDefault();
    coalescer.flush();
    sink.send({ type: 'wheel', ...at, ...wheelPixels(event.deltaX, event.deltaY, event.deltaMode, video.clientHeight), modifiers: modifiersOf(event) });
  };
  /** Keys down on the customer's side, to release if the console loses the keyboard mid-press. */
  const heldKeys = new Map<string, string>();
  const onKey = (event: KeyboardEvent) => {
    // An IME composes: its keys are not the text; the committed text comes with compositionend.
    if (composing || event.isComposing || event.key === 'Process' || event.key === 'Dead') return;
    event.preventDefault();
    event.stopPropagation();
    coalescer.flush();
    const code = event.code || 'Unidentified';
    if (event.type === 'keydown') heldKeys.set(code, event.key);
    else heldKeys.delete(code);
    sink.send({ type: 'key', action: event.type === 'keydown' ? 'down' : 'up', code, key: event.key, modifiers: keyModifiers(event), repeat: event.repeat });
  };
  /** Alt+Tab away from the console, or a click elsewhere: the customer must not be left with Ctrl held down. */
  const releaseKeys = () => {
    for (const [code, key] of heldKeys) sink.send({ type: 'key', action: 'up', code, key, modifiers: NO_MODIFIERS, repeat: false });
    heldKeys.clear();
  };
  const onCompositionStart = () => {
    composing = true;
  };
  const onCompositionEnd = (event: CompositionEvent) => {
    composing = false;
    if (event.data) sink.send({ type: 'text', text: event.data });
    keys.value = '';
  };
  const onFocus = () => video.classList.add('remote-keyboard-focus');
  const onBlur = () => {
    video.classList.remove('remote-keyboard-focus');
    releaseKeys();
  };
  const noMenu = (event: Event) => event.preventDefault();
  const onFullscreen = () => {
    const keyboard = (navigator as Navigator & { keyboard?: { lock?: () => Promise<void>; unlock?: () => void } }).keyboard;
    if (document.fullscreenElement && document.fullscreenElement.contains(video)) void keyboard?.lock?.().catch(() => undefined);
    else keyboard?.unlock?.();
  };
  /** Keys and buttons still down when control ends are released on the customer's side too. */
  const releaseAll = () => {
    for (const button of pressed) sink.send({ type: 'button', action: 'up', button, x: 0, y: 0, modifiers: NO_MODIFIERS });
    pressed.clear();
  };

  video.style.touchAction = 'none';
  const listeners: [EventTarget, string, (event: never) => void, AddEventListenerOptions?][] = [
    [video, 'pointermove', onMove],
    [video, 'pointerdown', onDown],
    [video, 'pointerup', onUp],
    [video, 'wheel', onWheel, { passive: false }],
    [video, 'contextmenu', noMenu],
    [keys, 'keydown', onKey],
    [keys, 'keyup', onKey],
    [keys, 'compositionstart', onCompositionStart],
    [keys, 'compositionend', onCompositionEnd],
    [keys, 'focus', onFocus],
    [keys, 'blur', onBlur],
    [document, 'fullscreenchange', onFullscreen],
  ];
  for (const [target, type, listener, options] of listeners) target.addEventListener(type, listener as EventListener, options);
  onFullscreen();

  return () => {
    releaseAll();
    coalescer.drop();
    for (const [target, type, listener] of listeners) target.removeEventListener(type, listener as EventListener);
    (navigator as Navigator & { keyboard?: { unlock?: () => void } }).keyboard?.unlock?.();
    keys.remove();
    onBlur();
  };
}
