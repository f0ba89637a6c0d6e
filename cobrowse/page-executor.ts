import { type InputMessage, type InputReport, type Modifiers, NO_MODIFIERS, type PointerButton } from '../protocol/input';
import { toViewport } from '../input/coordinates';
import type { InputGate } from '../input/input-gate';
import { keyIntent } from '../input/keys';
import { isLifelineOwn, isPrivate } from './private-fields';
import { RemoteCursor } from './remote-cursor';

export const BUTTON_INDEX: Record<PointerButton, number> = { left: 0, middle: 1, right: 2 };
export const BUTTONS_MASK: Record<PointerButton, number> = { left: 1, middle: 4, right: 2 };
export const FOCUSABLE = 'input, textarea, select, button, a[href], [tabindex], [contenteditable=""], [contenteditable="true"]';
/** Input types whose value takes text at the caret (setRangeText works); others (email, number) are set whole. */
const RANGE_TYPES = new Set(['text', 'search', 'url', 'tel', 'password']);

export interface PageExecutorOptions {
  gate: InputGate;
  /** Proof of execution or the reason for a refusal, sent back to the console on the control channel. */
  report: (report: InputReport) => void;
  /** The name on the technician's cursor. */
  technicianName: string;
}

/**
 * Carries out the technician's input on this page (co-browse, no install): normalised points map to the
 * viewport, events are dispatched on the element under the point, text goes into the focused field as real
 * input events, wheels scroll. It refuses private fields, and anything that would take the page to another
 * origin. It is tied to no page of ours: the join page uses it, and the widget on a company's site will.
 * DOM co-browse adds input addressed by rrweb node id under the same guards: cobrowse/dom-executor.ts.
 */
export class PageExecutor {
  protected readonly doc: Document;
  protected readonly cursor: RemoteCursor;
  private hovered: Element | null = null;
  private pressed: { target: Element; button: PointerButton } | null = null;
  protected buttons = 0;
  protected point = { clientX: 0, clientY: 0 };
  /** True while this executor dispatches: the navigation guard only stops what we caused. */
  protected executing = false;
  /** Set when the navigation guard stopped a navigation (the node-targeted path reports it). */
  protected navigationStopped = false;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    protected readonly win: Window,
    private readonly options: PageExecutorOptions,
  ) {
    this.doc = win.document;
    this.cursor = new RemoteCursor(this.doc, options.technicianName);
    this.guardNavigation();
    this.watchCustomer();
  }

  /** Removes the cursor and every listener (control ended). */
  dispose(): void {
    this.cursor.remove();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  execute(message: InputMessage): void {
    const verdict = this.options.gate.check(message.epoch);
    if (!verdict.run) {
      // Refused moves are not worth a message each: the next click's refusal says the same.
      if (message.type !== 'move') this.options.report({ type: 'input-refused', seq: message.seq, epoch: message.epoch, reason: verdict.reason });
      return;
    }
    this.executing = true;
    let refusal: Extract<InputReport, { type: 'input-refused' }>['reason'] | null = null;
    try {
      switch (message.type) {
        case 'move':
          this.move(message.x, message.y);
          break;
        case 'button':
          refusal = this.button(message.action, message.button, message.x, message.y, message.modifiers);
          break;
        case 'wheel':
          this.wheel(message.x, message.y, message.dx, message.dy, message.modifiers);
          break;
        case 'key':
          refusal = this.key(message.action, message.code, message.key, message.modifiers, message.repeat);
          break;
        case 'text':
          refusal = this.insertText(this.focused(), message.text) ? null : 'private-field';
          break;
        case 'combo':
          // Ctrl+Alt+Delete and friends belong to the operating system: only the desktop helper can send them.
          refusal = 'unsupported';
          break;
      }
    } finally {
      this.executing = false;
    }
    if (refusal) this.options.report({ type: 'input-refused', seq: message.seq, epoch: message.epoch, reason: refusal });
    else if (message.type !== 'move' || message.seq % 8 === 0) {
      this.options.report({ type: 'input-executed', seq: message.seq, sentAt: message.sentAt, epoch: message.epoch, executedAt: performance.timeOrigin + performance.now() });
    }
  }

  private move(x: number, y: number): Element | null {
    this.point = toViewport(x, y, { width: this.win.innerWidth, height: this.win.innerHeight });
    this.cursor.moveTo(this.point.clientX, this.point.clientY);
    const target = this.doc.elementFromPoint(this.point.clientX, this.point.clientY);
    if (target !== this.hovered) {
      if (this.hovered) this.mouse(this.hovered, ['pointerout', 'mouseout'], 0, NO_MODIFIERS, target);
      if (target) this.mouse(target, ['pointerover', 'mouseover'], 0, NO_MODIFIERS, this.hovered);
      this.hovered = target;
    }
    if (target) this.mouse(target, ['pointermove', 'mousemove'], 0, NO_MODIFIERS);
    return target;
  }

  private button(action: 'down' | 'up', button: PointerButton, x: number, y: number, modifiers: Modifiers): 'private-field' | 'off-origin' | null {
    const target = this.move(x, y);
    if (!target) return null;
    if (this.refusesTarget(target)) {
      // The technician aimed away from where they were typing: what they type next must not land in the
      // previous field either.
      if (action === 'down') (this.doc.activeElement as HTMLElement | null)?.blur?.();
      return 'private-field';
    }
    if (action === 'down') {
      this.buttons |= BUTTONS_MASK[button];
      this.pressed = { target, button };
      const allowed = this.mouse(target, ['pointerdown', 'mousedown'], BUTTON_INDEX[button], modifiers);
      const focusable = target.closest(FOCUSABLE) as HTMLElement | null;
      if (allowed && button === 'left') {
        if (focusable) focusable.focus();
        else (this.doc.activeElement as HTMLElement | null)?.blur?.();
      }
      return null;
    }
    this.buttons &= ~BUTTONS_MASK[button];
    const pressed = this.pressed;
    this.pressed = null;
    this.mouse(target, ['pointerup', 'mouseup'], BUTTON_INDEX[button], modifiers);
    // A click needs the press and the release on the same element (or inside it), as with a real mouse.
    if (!pressed || pressed.button !== button || !(pressed.target === target || pressed.target.contains(target) || target.contains(pressed.target))) return null;
    if (button === 'right') {
      this.mouse(target, ['contextmenu'], 2, modifiers);
      return null;
    }
    if (button === 'middle') {
      this.mouse(target, ['auxclick'], 1, modifiers);
      return null;
    }
    if (this.leavesOrigin(target)) return 'off-origin';
    this.mouse(target, ['click'], 0, modifiers, null, 1);
    return null;
  }

  private wheel(x: number, y: number, dx: number, dy: number, modifiers: Modifiers): void {
    const target = this.move(x, y) ?? this.doc.documentElement;
    const event = new WheelEvent('wheel', { ...this.mouseInit(0, modifiers, null), deltaX: dx, deltaY: dy, deltaMode: 0 });
    if (!target.dispatchEvent(event)) return;
    const scroller = scrollableAncestor(target, this.win);
    if (scroller) scroller.scrollBy({ left: dx, top: dy, behavior: 'instant' as ScrollBehavior });
    else this.win.scrollBy({ left: dx, top: dy, behavior: 'instant' as ScrollBehavior });
  }

  protected key(action: 'down' | 'up', code: string, key: string, modifiers: Modifiers, repeat: boolean): 'private-field' | 'off-origin' | null {
    const target = this.focused();
    if (this.refusesTarget(target)) return 'private-field';
    const init: KeyboardEventInit = { key, code, repeat, bubbles: true, cancelable: true, composed: true, altKey: modifiers.alt, ctrlKey: modifiers.ctrl, metaKey: modifiers.meta, shiftKey: modifiers.shift };
    if (action === 'up') {
      target.dispatchEvent(new KeyboardEvent('keyup', init));
      // Space activates a focused button or checkbox when it is released, as it does with a real keyboard.
      if (key === ' ' && isActivatable(target)) return this.activate(target);
      return null;
    }
    if (!target.dispatchEvent(new KeyboardEvent('keydown', init))) return null;
    if (keyIntent(key, modifiers) === 'text') {
      if (key === ' ' && isActivatable(target)) return null;
      this.insertText(target, key);
      return null;
    }
    return this.defaultAction(target, key, modifiers);
  }

  /** What the browser would do for a key nobody handled: edit, move the caret, submit, move focus. */
  private defaultAction(target: Element, key: string, modifiers: Modifiers): 'off-origin' | null {
    const field = editableField(target);
    switch (key) {
      case 'Backspace':
      case 'Delete':
        if (field) deleteText(field, key === 'Backspace' ? 'backward' : 'forward');
        else if (isContentEditable(target)) this.doc.execCommand(key === 'Backspace' ? 'delete' : 'forwardDelete');
        return null;
      case 'Enter':
        if (target instanceof HTMLTextAreaElement || isContentEditable(target)) {
          this.insertText(target, '\n');
          return null;
        }
        if (target instanceof HTMLInputElement && target.form) {
          if (this.leavesOrigin(target)) return 'off-origin';
          target.form.requestSubmit();
          return null;
        }
        if (isActivatable(target) || target instanceof HTMLAnchorElement) return this.activate(target);
        return null;
      case 'Tab':
        this.moveFocus(modifiers.shift ? -1 : 1);
        return null;
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'Home':
      case 'End':
        if (field && field.selectionStart !== null) moveCaret(field, key, modifiers.shift);
        return null;
      case 'a':
      case 'A':
        if ((modifiers.ctrl || modifiers.meta) && field) field.select();
        return null;
      default:
        return null;
    }
  }

  private activate(target: Element): 'off-origin' | null {
    if (this.leavesOrigin(target)) return 'off-origin';
    this.mouse(target, ['click'], 0, NO_MODIFIERS, null, 0);
    return null;
  }

  /** Inserts text at the caret of the focused field, as typing would (beforeinput, the change, input). */
  protected insertText(target: Element, text: string): boolean {
    if (this.refusesTarget(target)) return false;
    // In an editable region, text goes where the selection is: never into a private element inside it.
    const anchor = this.win.getSelection()?.anchorNode;
    if (isContentEditable(target) && anchor && isPrivate(anchor instanceof Element ? anchor : anchor.parentElement)) return false;
    const field = editableField(target);
    if (field) {
      if (!field.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertText', data: text, bubbles: true, cancelable: true, composed: true }))) return true;
      if (field instanceof HTMLInputElement && !RANGE_TYPES.has(field.type)) setValue(field, field.value + text);
      else field.setRangeText(text, field.selectionStart ?? field.value.length, field.selectionEnd ?? field.value.length, 'end');
      field.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: text, bubbles: true, composed: true }));
      return true;
    }
    if (isContentEditable(target)) this.doc.execCommand('insertText', false, text);
    return true;
  }

  private moveFocus(direction: 1 | -1): void {
    const candidates = [...this.doc.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.tabIndex >= 0 && !(el as HTMLInputElement).disabled && el.getClientRects().length > 0);
    if (candidates.length === 0) return;
    const index = candidates.indexOf(this.doc.activeElement as HTMLElement);
    candidates[(index + direction + candidates.length) % candidates.length].focus();
  }

  /**
   * Would activating this element take the page to another origin: a link, or a form submitted by this control
   * or the button it sits in (with its own formaction / formtarget, else the form's)? When unsure, yes.
   */
  protected leavesOrigin(target: Element): boolean {
    const origin = this.win.location.origin;
    const link = target.closest('a[href], area[href]') as HTMLAnchorElement | null;
    if (link && (!sameOrigin(link.href, origin) || (link.target && link.target !== '_self'))) return true;
    const control = (target.closest('button, input') ?? target) as HTMLButtonElement | HTMLInputElement;
    const form = 'form' in control ? control.form : target.closest('form');
    if (!form) return false;
    // A text field submits its form on Enter; a button does unless it is type=button or reset.
    const submits = control instanceof HTMLInputElement || (control instanceof HTMLButtonElement && control.type === 'submit');
    if (!submits) return false;
    const action = control.getAttribute('formaction') ?? form.getAttribute('action') ?? this.win.location.href;
    const formTarget = control.getAttribute('formtarget') ?? form.getAttribute('target') ?? '';
    let resolved: string;
    try {
      resolved = new URL(action, this.win.location.href).href;
    } catch {
      return true;
    }
    return !sameOrigin(resolved, origin) || (formTarget !== '' && formTarget !== '_self');
  }

  /**
   * What a click on `target` would activate, checked as the target itself: a label activates its control, so
   * clicking the label of a private field is clicking that field.
   */
  private refusesTarget(target: Element): 'private-field' | null {
    const label = target.closest('label');
    if (isPrivate(target) || (label?.control && isPrivate(label.control)) || isLifelineOwn(target)) return 'private-field';
    return null;
  }

  /**
   * A second line of defence: a page script reacting to our click with `location.href = elsewhere` is stopped
   * too, where the browser has the Navigation API (Chromium).
   */
  private guardNavigation(): void {
    const navigation = (this.win as Window & { navigation?: EventTarget }).navigation;
    if (!navigation) return;
    const origin = this.win.location.origin;
    const guard = (event: Event) => {
      const navigate = event as Event & { destination?: { url: string }; cancelable: boolean };
      if (this.executing && navigate.cancelable && navigate.destination && !sameOrigin(navigate.destination.url, origin)) {
        event.preventDefault();
        this.navigationStopped = true;
      }
    };
    navigation.addEventListener('navigate', guard);
    this.cleanups.push(() => navigation.removeEventListener('navigate', guard));
  }

  /** The customer's own mouse and keyboard (trusted events; ours are not): with customer priority they win. */
  private watchCustomer(): void {
    const acted = (event: Event) => {
      if (event.isTrusted) this.options.gate.customerActed();
    };
    for (const type of ['pointerdown', 'pointermove', 'keydown', 'wheel'] as const) {
      this.win.addEventListener(type, acted, { capture: true, passive: true });
      this.cleanups.push(() => this.win.removeEventListener(type, acted, { capture: true }));
    }
  }

  protected focused(): Element {
    return this.doc.activeElement ?? this.doc.body;
  }

  private mouseInit(button: number, modifiers: Modifiers, related: Element | null, detail = 0): PointerEventInit {
    const { clientX, clientY } = this.point;
    return {
      bubbles: true,
      cancelable: true,
      composed: true,
      view: this.win,
      clientX,
      clientY,
      screenX: clientX,
      screenY: clientY,
      button,
      buttons: this.buttons,
      detail,
      relatedTarget: related,
      altKey: modifiers.alt,
      ctrlKey: modifiers.ctrl,
      metaKey: modifiers.meta,
      shiftKey: modifiers.shift,
      pointerId: 1,
      pointerType: 'mouse',
      isPrimary: true,
    };
  }

  /** Dispatches pointer and mouse events in order; false when one was cancelled (its default must not follow). */
  protected mouse(target: Element, types: string[], button: number, modifiers: Modifiers, related: Element | null = null, detail = 0): boolean {
    let allowed = true;
    for (const type of types) {
      const init = this.mouseInit(button, modifiers, related, detail);
      const event = type.startsWith('pointer') ? new PointerEvent(type, init) : new MouseEvent(type, init);
      if (!target.dispatchEvent(event)) allowed = false;
    }
    return allowed;
  }
}

export type TextField = HTMLInputElement | HTMLTextAreaElement;

export function editableField(target: Element): TextField | null {
  if (target instanceof HTMLTextAreaElement) return target.readOnly || target.disabled ? null : target;
  if (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'image', 'range', 'color', 'hidden'].includes(target.type)) {
    return target.readOnly || target.disabled ? null : target;
  }
  return null;
}

export function isContentEditable(target: Element): boolean {
  return (target as HTMLElement).isContentEditable === true;
}

function isActivatable(target: Element): boolean {
  return target instanceof HTMLButtonElement || (target instanceof HTMLInputElement && ['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type));
}

/** Sets a field's value through the prototype's setter, so frameworks that track the value (React) see a change. */
export function setValue(field: TextField, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field) as object, 'value')?.set;
  if (setter) setter.call(field, value);
  else field.value = value;
}

function deleteText(field: TextField, direction: 'backward' | 'forward'): void {
  const inputType = direction === 'backward' ? 'deleteContentBackward' : 'deleteContentForward';
  if (!field.dispatchEvent(new InputEvent('beforeinput', { inputType, bubbles: true, cancelable: true, composed: true }))) return;
  if (field.selectionStart === null || field.selectionEnd === null) {
    setValue(field, direction === 'backward' ? field.value.slice(0, -1) : field.value);
  } else {
    let start = field.selectionStart;
    let end = field.selectionEnd;
    if (start === end) {
      if (direction === 'backward') start = Math.max(0, start - 1);
      else end = Math.min(field.value.length, end + 1);
    }
    field.setRangeText('', start, end, 'end');
  }
  field.dispatchEvent(new InputEvent('input', { inputType, bubbles: true, composed: true }));
}

function moveCaret(field: TextField, key: string, extend: boolean): void {
  const length = field.value.length;
  const start = field.selectionStart ?? 0;
  const end = field.selectionEnd ?? 0;
  // Like a text field: an arrow first collapses a selection to its side, then moves one character.
  const step = start === end || extend;
  let position: number;
  if (key === 'Home') position = 0;
  else if (key === 'End') position = length;
  else if (key === 'ArrowLeft') position = step ? Math.max(0, start - 1) : start;
  else position = step ? Math.min(length, end + 1) : end;
  if (extend) field.setSelectionRange(Math.min(start, position), Math.max(end, position));
  else field.setSelectionRange(position, position);
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

export function scrollableAncestor(start: Element, win: Window): Element | null {
  for (let el: Element | null = start; el && el !== win.document.documentElement && el !== win.document.body; el = el.parentElement) {
    const style = win.getComputedStyle(el);
    const scrollsY = /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight;
    const scrollsX = /(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth;
    if (scrollsY || scrollsX) return el;
  }
  return null;
}
