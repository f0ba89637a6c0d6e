import { DomRefusal, type DomInput, type DomInputReport, type DomRefusalReason } from '../protocol/cobrowse';
import { type Modifiers, NO_MODIFIERS, type PointerButton } from '../protocol/input';
import { Highlighter } from './highlight';
import { BUTTON_INDEX, BUTTONS_MASK, editableField, FOCUSABLE, isContentEditable, PageExecutor, type PageExecutorOptions, scrollableAncestor, setValue } from './page-executor';
import type { Redaction } from './redaction';

export interface DomExecutorOptions extends PageExecutorOptions {
  /** The live node behind a mirrored node id: the recorder's `getNode`. */
  resolve: (id: number) => Node | null;
  /** The recording's redaction: the channel's private selectors refuse input as `[data-lifeline-private]` does. */
  redaction: Redaction;
  /** What became of each DOM input message (on the channel it came by). */
  reportDom: (report: DomInputReport) => void;
  highlightMs?: number;
}

/**
 * Carries out DOM co-browse input on the customer's page: messages address an rrweb node id (the technician
 * clicked or typed on that node's copy in the mirror), resolved here through the recorder's mirror to the live
 * element, which then gets the events a person's click or keystroke would give it. The guards are the page
 * executor's, reused rather than copied: the control gate by epoch, no input into private fields (the
 * channel's selectors included) or Lifeline's own controls, no navigation to another origin (refused before a
 * link or form would go, stopped if a script tries). Input by coordinates keeps working as before.
 */
export class DomExecutor extends PageExecutor {
  private readonly highlighter: Highlighter;

  constructor(
    win: Window,
    private readonly dom: DomExecutorOptions,
  ) {
    super(win, dom);
    this.highlighter = new Highlighter(win.document, dom.highlightMs);
  }

  override dispose(): void {
    this.highlighter.dispose();
    super.dispose();
  }

  executeDom(message: DomInput): void {
    const verdict = this.dom.gate.check(message.epoch);
    if (!verdict.run) {
      this.refuse(message, verdict.reason === 'paused' ? DomRefusal.paused : DomRefusal.revoked);
      return;
    }
    this.executing = true;
    this.navigationStopped = false;
    let refusal: DomRefusalReason | null;
    try {
      refusal = this.run(message);
    } finally {
      this.executing = false;
    }
    // A page script answered our click by going elsewhere; the guard stopped it, the technician hears why.
    if (!refusal && this.navigationStopped) refusal = DomRefusal.navigation;
    if (refusal) this.refuse(message, refusal);
    else this.dom.reportDom({ type: 'dom-done', seq: message.seq, sentAt: message.sentAt, epoch: message.epoch, executedAt: performance.timeOrigin + performance.now() });
  }

  private run(message: DomInput): DomRefusalReason | null {
    switch (message.type) {
      case 'dom-highlight': {
        const target = this.resolve(message.node);
        if (typeof target === 'string') return target;
        // Pointing is not acting: private fields and our own controls may be pointed at.
        this.highlighter.show(target);
        return null;
      }
      case 'dom-click':
        return this.click(message.node, message.button, message.modifiers, message.detail);
      case 'dom-text':
        return message.mode === 'insert' ? this.insert(message.node, message.text) : this.set(message.node, message.text);
      case 'dom-key':
        return this.press(message.node, message.code, message.key, message.modifiers);
      case 'dom-scroll':
        return this.scroll(message.node, message.dx, message.dy);
    }
  }

  private click(node: number, button: PointerButton, modifiers: Modifiers, detail: 1 | 2): DomRefusalReason | null {
    const target = this.actionable(node);
    if (typeof target === 'string') {
      // As with a click by coordinates: what the technician types next must not land in the previous field.
      if (target === DomRefusal.private) (this.doc.activeElement as HTMLElement | null)?.blur?.();
      return target;
    }
    this.aimAt(target);
    this.mouse(target, ['pointerover', 'mouseover', 'pointermove', 'mousemove'], 0, NO_MODIFIERS);
    this.buttons |= BUTTONS_MASK[button];
    const allowed = this.mouse(target, ['pointerdown', 'mousedown'], BUTTON_INDEX[button], modifiers);
    if (allowed && button === 'left') {
      const focusable = target.closest(FOCUSABLE) as HTMLElement | null;
      if (focusable) this.focus(focusable);
      else (this.doc.activeElement as HTMLElement | null)?.blur?.();
    }
    this.buttons &= ~BUTTONS_MASK[button];
    this.mouse(target, ['pointerup', 'mouseup'], BUTTON_INDEX[button], modifiers);
    if (button === 'right') this.mouse(target, ['contextmenu'], 2, modifiers);
    else if (button === 'middle') this.mouse(target, ['auxclick'], 1, modifiers);
    else {
      if (this.leavesOrigin(target)) return DomRefusal.navigation;
      this.mouse(target, ['click'], 0, modifiers, null, detail);
      if (detail === 2) this.mouse(target, ['dblclick'], 0, modifiers, null, 2);
    }
    return null;
  }

  /** Text at the caret, as typing would: into a field, or where the selection is in an editable region. */
  private insert(node: number, text: string): DomRefusalReason | null {
    const target = this.actionable(node);
    if (typeof target === 'string') return target;
    if (!editableField(target) && !isContentEditable(target)) return DomRefusal.unsupported;
    this.focus(target as HTMLElement);
    return this.insertText(target, text) ? null : DomRefusal.private;
  }

  /** A whole new value: a field's, or a list's choice (by option value). */
  private set(node: number, value: string): DomRefusalReason | null {
    const target = this.actionable(node);
    if (typeof target === 'string') return target;
    const field = editableField(target);
    if (field) {
      this.focus(field);
      if (!field.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertReplacementText', data: value, bubbles: true, cancelable: true, composed: true }))) return null;
      setValue(field, value);
    } else if (target instanceof HTMLSelectElement && !target.disabled) {
      if (![...target.options].some((option) => option.value === value)) return DomRefusal.unsupported;
      target.value = value;
    } else return DomRefusal.unsupported;
    target.dispatchEvent(new InputEvent('input', { inputType: 'insertReplacementText', data: value, bubbles: true, composed: true }));
    target.dispatchEvent(new Event('change', { bubbles: true }));
    return null;
  }

  /** One key, pressed and released, where the focus is (moved to `node` first when the console named one). */
  private press(node: number | null, code: string, key: string, modifiers: Modifiers): DomRefusalReason | null {
    let target = this.focused();
    if (node !== null) {
      const named = this.actionable(node);
      if (typeof named === 'string') return named;
      if (named !== target && named.matches(FOCUSABLE)) this.focus(named as HTMLElement);
      target = this.focused();
    }
    const refusal = this.guard(target);
    if (refusal) return refusal;
    for (const action of ['down', 'up'] as const) {
      const outcome = this.key(action, code, key, modifiers, false);
      if (outcome === 'off-origin') return DomRefusal.navigation;
      if (outcome === 'private-field') return DomRefusal.private;
    }
    return null;
  }

  /** As a wheel would: the page may take the wheel event itself (a map, a carousel), else the nearest scroller moves. */
  private scroll(node: number | null, dx: number, dy: number): DomRefusalReason | null {
    const target = node === null ? this.doc.documentElement : this.actionable(node, { privateAllowed: true });
    if (typeof target === 'string') return target;
    const wheel = new WheelEvent('wheel', { bubbles: true, cancelable: true, composed: true, view: this.win, deltaX: dx, deltaY: dy, deltaMode: 0 });
    if (!target.dispatchEvent(wheel)) return null;
    const scroller = node === null ? null : scrollableAncestor(target, this.win);
    (scroller ?? this.win).scrollBy({ left: dx, top: dy, behavior: 'instant' as ScrollBehavior });
    return null;
  }

  /** The live element behind a node id, or why there is none to act on. */
  private resolve(node: number): Element | DomRefusalReason {
    const live = this.dom.resolve(node);
    const element = live && (live.nodeType === Node.ELEMENT_NODE ? (live as Element) : live.parentElement);
    if (!element || !element.isConnected) return DomRefusal.gone;
    // A node of a frame inside the page: the guards know this document's origin only.
    if (element.ownerDocument !== this.doc) return DomRefusal.unsupported;
    return element;
  }

  /** The live element, if input may reach it. Scrolling a private element reveals nothing: `privateAllowed`. */
  private actionable(node: number, { privateAllowed = false } = {}): Element | DomRefusalReason {
    const target = this.resolve(node);
    if (typeof target === 'string') return target;
    const refusal = this.guard(target);
    if (refusal && !(privateAllowed && refusal === DomRefusal.private)) return refusal;
    return target;
  }

  private guard(target: Element): DomRefusalReason | null {
    if (this.dom.redaction.isLifelineOwn(target)) return DomRefusal.lifelineOwn;
    if (this.dom.redaction.isPrivate(target)) return DomRefusal.private;
    return null;
  }

  /**
   * Focus as a click would give it. A text field focused anew gets its caret at the end: the mirror does not
   * tell where in the text the technician clicked, and the end is where typing surprises least.
   */
  private focus(element: HTMLElement): void {
    if (this.doc.activeElement === element) return;
    element.focus();
    const field = editableField(element);
    if (!field || this.doc.activeElement !== field) return;
    try {
      field.setSelectionRange(field.value.length, field.value.length);
    } catch {
      // email, number and friends have no selection API; their value is set whole (page-executor.ts).
    }
  }

  /** Events carry the element's centre as their point, and the technician's cursor shows there. */
  private aimAt(target: Element): void {
    const rect = target.getBoundingClientRect();
    const clientX = Math.min(Math.max(rect.left + rect.width / 2, 0), this.win.innerWidth - 1);
    const clientY = Math.min(Math.max(rect.top + rect.height / 2, 0), this.win.innerHeight - 1);
    this.point = { clientX, clientY };
    this.cursor.moveTo(clientX, clientY);
  }

  private refuse(message: DomInput, reason: DomRefusalReason): void {
    this.dom.reportDom({ type: 'dom-refused', seq: message.seq, epoch: message.epoch, reason });
  }
}
