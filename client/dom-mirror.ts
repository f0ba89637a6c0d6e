import { type eventWithTime, Replayer } from 'rrweb';
import { keyModifiers } from '../input/keys';
import {
  type DomInput,
  type DomInputAction,
  type DomInputReport,
  domInputSchema,
  type DomRefusalReason,
  MirrorEventType,
  type MirrorEvent,
  type MirrorEvents,
  type MirrorUnavailableReason,
} from '../protocol/cobrowse';
import { MirrorReassembler, MirrorWireError } from '../protocol/cobrowse-pieces';
import { Store } from './store';

export interface DomMirrorOptions {
  /** A stamped DOM input message, for the executor in the customer's page (the widget's data channel). */
  send: (message: DomInput) => void;
  /** The control epoch granted now; null while the technician only watches (nothing is sent then). */
  epoch: () => number | null;
  /** Asks the recorder for a fresh full snapshot: at start, after a gap, after a fault on the wire. */
  requestSnapshot: () => void;
  /** How long to wait for a requested snapshot before asking again. */
  resyncAfterMs?: number;
}

export type DomMirrorStatus = 'waiting' | 'live' | 'resyncing' | 'unavailable';
/** What a click on the mirror does: act on the page, or point at an element for the customer (the laser). */
export type MirrorPointer = 'control' | 'laser';

export interface DomMirrorState {
  status: DomMirrorStatus;
  unavailable: MirrorUnavailableReason | null;
  /** The customer's viewport, in CSS pixels, and the factor that fits it in the container. */
  width: number;
  height: number;
  scale: number;
  pointer: MirrorPointer;
  /** The latest input the page refused, for the console to explain. */
  lastRefusal: { seq: number; reason: DomRefusalReason } | null;
}

/**
 * rrweb's live mode schedules each event at `timestamp - baseline` after startLive, on the technician's clock,
 * against timestamps taken on the customer's: with any skew between the two machines the mirror lags by it (or,
 * the other way, applies events as "past" ones to a virtual DOM it never flushes in live mode). A baseline no
 * timestamp reaches makes every event "past", applied the moment it arrives, in arrival order (our transports
 * are ordered), with no animation-frame wait; `useVirtualDom: false` makes "past" mean the real DOM.
 */
const APPLY_ON_ARRIVAL = Number.MAX_SAFE_INTEGER;
/** rrweb keeps every live event for seeking, which live mode never does: we keep it from growing without end. */
const KEPT_EVENTS = 200;
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'OS']);
const LINE_PX = 16;

/**
 * The technician's side of DOM co-browse: the customer's page, rebuilt by rrweb's Replayer in the given container
 * from the recorder's events (put back together from their pieces), scaled to fit, and interactive: clicks, keys,
 * paste and the wheel on the mirror become DOM input messages addressed by the mirrored node's rrweb id, for the
 * page executor to carry out on the live element. Nothing the technician does changes the mirror itself: it
 * changes when the page does, through the recording. Framework-free (the widget's console bundles it).
 */
export class DomMirror {
  readonly state = new Store<DomMirrorState>({ status: 'waiting', unavailable: null, width: 0, height: 0, scale: 1, pointer: 'control', lastRefusal: null });
  private readonly stage: HTMLDivElement;
  private readonly replayer: Replayer;
  private readonly reassembler = new MirrorReassembler();
  private readonly resize: ResizeObserver;
  private stream: string | null = null;
  private nextSeq = 0;
  /** False until a full snapshot is applied, and again after a gap: incremental events then have no base. */
  private synced = false;
  private pendingMeta: MirrorEvent | null = null;
  private resyncTimer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;
  private wheel: { node: number | null; dx: number; dy: number; frame: number } | null = null;
  private disposed = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: DomMirrorOptions,
  ) {
    // rrweb builds a sandboxed iframe, which needs a connected root.
    if (!container.isConnected) throw new Error('DomMirror needs a container in the document');
    this.stage = container.ownerDocument.createElement('div');
    Object.assign(this.stage.style, { position: 'absolute', left: '0', top: '0', transformOrigin: '0 0' } satisfies Partial<CSSStyleDeclaration>);
    if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
    container.style.overflow = 'hidden';
    container.append(this.stage);
    this.replayer = new Replayer([], {
      root: this.stage,
      liveMode: true,
      useVirtualDom: false,
      // Live: no animations frozen (rrweb pauses them unless "playing"), no replayed cursor, no warnings per node.
      pauseAnimation: false,
      mouseTail: false,
      triggerFocus: false,
      showWarning: false,
      UNSAFE_replayCanvas: false,
    });
    // rrweb sets pointer-events: none on the iframe (a recording is watched, not used): this one is used.
    this.replayer.enableInteract();
    // Scrolling the mirror itself would only drift from the page: the wheel goes to the page instead.
    this.replayer.iframe.setAttribute('scrolling', 'no');
    this.replayer.wrapper.querySelector<HTMLElement>('.replayer-mouse')?.style.setProperty('display', 'none');
    this.replayer.startLive(APPLY_ON_ARRIVAL);
    this.replayer.on('resize', (dimension) => {
      const { width, height } = dimension as { width: number; height: number };
      this.state.update({ width, height });
      this.fit();
    });
    // Rebuilding a snapshot reopens the iframe's document, which drops its listeners: listen again each time.
    this.replayer.on('fullsnapshot-rebuilded', () => this.listen());
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(container);
    this.askForSnapshot();
  }

  /** The mirrored document (for the console's own use and tests); null before the first snapshot. */
  get document(): Document | null {
    return this.synced ? this.replayer.iframe.contentDocument : null;
  }

  /** The id a mirrored node has in the recording, walking up to the nearest recorded ancestor; -1 if none. */
  nodeId(node: Node | null): number {
    const mirror = this.replayer.getMirror();
    for (let current = node; current; current = current.parentNode) {
      const id = mirror.getId(current);
      if (id > 0) return id;
    }
    return -1;
  }

  /** One wire message from the recorder's stream. */
  receive(wire: string): void {
    if (this.disposed) return;
    let message: ReturnType<MirrorReassembler['accept']>;
    try {
      message = this.reassembler.accept(wire);
    } catch (error) {
      if (!(error instanceof MirrorWireError)) throw error;
      console.warn('Lifeline: co-browse stream fault, asking for a fresh snapshot', error.message);
      this.lose();
      return;
    }
    if (!message) return;
    if (message.type === 'mirror-unavailable') {
      this.synced = false;
      this.clearResync();
      this.state.update({ status: 'unavailable', unavailable: message.reason });
      return;
    }
    this.apply(message);
  }

  /** What the executor did with an input message. */
  handleReport(report: DomInputReport): void {
    if (report.type === 'dom-refused') this.state.update({ lastRefusal: { seq: report.seq, reason: report.reason } });
  }

  /**
   * Stamps an action with this console's sequence and the epoch of the grant and sends it; nothing goes without a
   * grant. The mirror's own listeners come here, and so may the console's controls (a "type this" box, a laser
   * button).
   */
  act(action: DomInputAction): void {
    const epoch = this.options.epoch();
    if (epoch === null) return;
    const parsed = domInputSchema.safeParse({ ...action, seq: this.seq, sentAt: performance.now(), epoch });
    // A key the protocol has no name for (an empty code from a virtual keyboard) is not worth a refusal.
    if (!parsed.success) return;
    this.seq++;
    this.options.send(parsed.data);
  }

  setPointer(pointer: MirrorPointer): void {
    this.state.update({ pointer });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearResync();
    if (this.wheel) cancelAnimationFrame(this.wheel.frame);
    this.resize.disconnect();
    this.replayer.destroy();
    this.stage.remove();
  }

  // ---------------------------------------------------------------- the stream

  private apply(envelope: MirrorEvents): void {
    if (envelope.stream !== this.stream) {
      // Another recording (the page reloaded, the recorder restarted): only a snapshot of it is a base.
      this.stream = envelope.stream;
      this.synced = false;
      if (this.state.get().status === 'unavailable') this.state.update({ status: 'waiting', unavailable: null });
    } else if (envelope.seq !== this.nextSeq) {
      this.lose();
    }
    this.nextSeq = envelope.seq + 1;
    for (const event of envelope.events) {
      if (!this.synced) {
        if (event.type === MirrorEventType.Meta) this.pendingMeta = event;
        if (event.type !== MirrorEventType.FullSnapshot) continue;
        if (this.pendingMeta) this.feed(this.pendingMeta);
        this.pendingMeta = null;
        this.synced = true;
        this.clearResync();
        this.state.update({ status: 'live', unavailable: null });
      }
      this.feed(event);
    }
    if (!this.synced) this.askForSnapshot();
  }

  private feed(event: MirrorEvent): void {
    this.replayer.addEvent(event as unknown as eventWithTime);
    const events = this.replayer.service.state.context.events;
    // Keep the first: rrweb measures media times from it.
    if (events.length > KEPT_EVENTS * 2) events.splice(1, events.length - KEPT_EVENTS);
  }

  /** A gap or a fault: what follows has no base until a fresh snapshot. */
  private lose(): void {
    this.synced = false;
    this.pendingMeta = null;
    this.reassembler.reset();
    this.askForSnapshot();
  }

  private askForSnapshot(): void {
    if (this.resyncTimer || this.disposed || this.state.get().status === 'unavailable') return;
    if (this.state.get().status === 'live') this.state.update({ status: 'resyncing' });
    this.options.requestSnapshot();
    // Asked once per wait: a snapshot on its way is not asked for again with every event that precedes it.
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = null;
      if (!this.synced) this.askForSnapshot();
    }, this.options.resyncAfterMs ?? 3000);
  }

  private clearResync(): void {
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = null;
  }

  // ---------------------------------------------------------------- fitting

  private fit(): void {
    const { width, height } = this.state.get();
    if (!width || !height) return;
    const box = this.container.getBoundingClientRect();
    const scale = Math.min(box.width / width, box.height / height) || 1;
    const left = Math.max(0, (box.width - width * scale) / 2);
    Object.assign(this.stage.style, { width: `${width}px`, height: `${height}px`, transform: `translate(${left}px, 0) scale(${scale})` });
    if (scale !== this.state.get().scale) this.state.update({ scale });
  }

  // ---------------------------------------------------------------- the technician's input

  private listen(): void {
    const doc = this.replayer.iframe.contentDocument;
    if (!doc) return;
    // The same function twice is one listener: listening again after a rebuild that kept them is harmless.
    const options = { capture: true, passive: false };
    doc.addEventListener('click', this.onClick, options);
    doc.addEventListener('auxclick', this.onClick, options);
    doc.addEventListener('contextmenu', this.onClick, options);
    doc.addEventListener('dblclick', this.swallow, options);
    doc.addEventListener('mousedown', this.onPress, options);
    doc.addEventListener('keydown', this.onKey, options);
    doc.addEventListener('keyup', this.swallow, options);
    doc.addEventListener('keypress', this.swallow, options);
    doc.addEventListener('beforeinput', this.onBeforeInput, options);
    doc.addEventListener('compositionend', this.onComposed, options);
    doc.addEventListener('paste', this.onPaste, options);
    doc.addEventListener('cut', this.swallow, options);
    doc.addEventListener('drop', this.swallow, options);
    doc.addEventListener('dragstart', this.swallow, options);
    doc.addEventListener('submit', this.swallow, options);
    doc.addEventListener('change', this.onChange, options);
    doc.addEventListener('wheel', this.onWheel, options);
  }

  /**
   * Nothing the technician does acts on the mirror itself. And only what a person does acts on the page: rrweb
   * replays the customer's own double and right clicks as events on the mirror's elements, and a script in the
   * console could make any event; none of those is the technician's (the handlers below return on them).
   */
  private readonly swallow = (event: Event) => {
    event.preventDefault();
    event.stopPropagation();
  };

  /** A press gives the mirror's element the focus (a caret for the technician to see) but nothing else. */
  private readonly onPress = (event: Event) => {
    if (this.state.get().pointer === 'laser') event.preventDefault();
  };

  private readonly onClick = (event: Event) => {
    this.swallow(event);
    if (!event.isTrusted) return;
    const mouse = event as MouseEvent;
    const node = this.nodeId(mouse.target as Node | null);
    if (node < 1) return;
    if (this.state.get().pointer === 'laser') {
      if (event.type === 'click') this.act({ type: 'dom-highlight', node });
      return;
    }
    const button = event.type === 'contextmenu' ? 'right' : mouse.button === 1 ? 'middle' : mouse.button === 2 ? 'right' : 'left';
    // A right click shows up as auxclick and contextmenu both: the contextmenu stands for it.
    if (event.type === 'auxclick' && button === 'right') return;
    const modifiers = { alt: mouse.altKey, ctrl: mouse.ctrlKey, meta: mouse.metaKey, shift: mouse.shiftKey };
    this.act({ type: 'dom-click', node, button, modifiers, detail: mouse.detail === 2 ? 2 : 1 });
  };

  private readonly onKey = (event: Event) => {
    this.swallow(event);
    if (!event.isTrusted) return;
    const key = event as KeyboardEvent;
    // A modifier alone does nothing on a page; an IME's keys arrive as its composed text (onPaste's sibling below).
    if (key.isComposing || key.key === 'Process' || key.key === 'Dead' || MODIFIER_KEYS.has(key.key)) return;
    // Keys go where the page's focus is, as a keyboard's would: the page may have moved it itself.
    this.act({ type: 'dom-key', node: null, code: key.code, key: key.key, modifiers: keyModifiers(key) });
  };

  private readonly onPaste = (event: Event) => {
    this.swallow(event);
    if (!event.isTrusted) return;
    this.insertAtFocus((event as ClipboardEvent).clipboardData?.getData('text/plain') ?? '');
  };

  /**
   * Text that comes without a key we could send: a character the technician's system composes (puppeteer's and
   * some layouts' way of typing "é"), an emoji picker, dictation. Keys we did send were stopped at keydown and
   * never get here.
   */
  private readonly onBeforeInput = (event: Event) => {
    this.swallow(event);
    if (!event.isTrusted) return;
    const input = event as InputEvent;
    if (input.inputType === 'insertText' && input.data) this.insertAtFocus(input.data);
  };

  /** An IME's composition cannot be stopped in the mirror; its result goes to the page (the page's answer then replaces the mirror's). */
  private readonly onComposed = (event: Event) => {
    if (!event.isTrusted) return;
    this.insertAtFocus((event as CompositionEvent).data ?? '');
  };

  /** Text into the page's copy of what has the technician's focus in the mirror. */
  private insertAtFocus(text: string): void {
    const node = this.nodeId(this.replayer.iframe.contentDocument?.activeElement ?? null);
    if (text && node > 0) this.act({ type: 'dom-text', node, mode: 'insert', text: text.slice(0, 2000) });
  }

  /** A list's choice made in the mirror's own popup: the page's list gets the same value. */
  private readonly onChange = (event: Event) => {
    if (!event.isTrusted) return;
    // The mirror's elements belong to the iframe's realm: `instanceof HTMLSelectElement` here would say no.
    const select = event.target as HTMLSelectElement | null;
    if (select?.localName !== 'select') return;
    const node = this.nodeId(select);
    if (node > 0) this.act({ type: 'dom-text', node, mode: 'set', text: select.value });
  };

  /** Wheel deltas add up per animation frame and go as one scroll of the element that would have scrolled. */
  private readonly onWheel = (event: Event) => {
    this.swallow(event);
    if (!event.isTrusted) return;
    const wheel = event as WheelEvent;
    const doc = this.replayer.iframe.contentDocument;
    if (!doc) return;
    const unit = wheel.deltaMode === WheelEvent.DOM_DELTA_LINE ? LINE_PX : wheel.deltaMode === WheelEvent.DOM_DELTA_PAGE ? this.state.get().height || 600 : 1;
    const node = this.scrollerOf(wheel.target as Element | null, doc, wheel.deltaX, wheel.deltaY);
    if (this.wheel && this.wheel.node !== node) this.flushWheel();
    if (!this.wheel) this.wheel = { node, dx: 0, dy: 0, frame: requestAnimationFrame(() => this.flushWheel()) };
    this.wheel.dx += wheel.deltaX * unit;
    this.wheel.dy += wheel.deltaY * unit;
  };

  private flushWheel(): void {
    const wheel = this.wheel;
    this.wheel = null;
    if (!wheel) return;
    cancelAnimationFrame(wheel.frame);
    const clamp = (value: number) => Math.max(-10_000, Math.min(10_000, Math.round(value)));
    if (wheel.dx || wheel.dy) this.act({ type: 'dom-scroll', node: wheel.node, dx: clamp(wheel.dx), dy: clamp(wheel.dy) });
  }

  /** The mirrored element that scrolls for this wheel (its nearest scroller in the mirror), or null: the window. */
  private scrollerOf(start: Element | null, doc: Document, dx: number, dy: number): number | null {
    const view = doc.defaultView;
    for (let el = start; el && el !== doc.documentElement && el !== doc.body; el = el.parentElement) {
      const style = view?.getComputedStyle(el);
      if (!style) break;
      const scrollsY = dy !== 0 && /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight;
      const scrollsX = dx !== 0 && /(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth;
      if (scrollsY || scrollsX) {
        const id = this.nodeId(el);
        return id > 0 ? id : null;
      }
    }
    return null;
  }
}
