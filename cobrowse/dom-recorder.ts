import { type eventWithTime, record } from 'rrweb';
import { type MirrorEvent, MirrorUnavailable, type MirrorUnavailableMessage } from '../protocol/cobrowse';
import { encodeMirrorEvents, MirrorWireError } from '../protocol/cobrowse-pieces';
import { keepPasswordsPrivate } from './private-fields';
import { Redaction, type RedactionPolicy } from './redaction';
import { scrubEvent } from './scrub-events';

export interface DomRecorderOptions {
  /**
   * Where each wire message goes, already serialised and at most 64 KiB (postMessage to the widget's frame, a
   * data channel). Called synchronously, in order; a transport that can fill up must queue, not drop.
   */
  sink: (wire: string) => void;
  /** The channel's redaction settings; a selector that does not parse throws RedactionError here. */
  redaction?: RedactionPolicy;
  /** Something went wrong that the console should not wait for (told to it as `mirror-unavailable` too). */
  onError?: (error: unknown) => void;
}

/** rrweb keeps its recorder state in module scope: one recording per page at a time. */
let active: DomRecorder | null = null;

/**
 * Records the customer's page with rrweb for the technician's mirror (DOM co-browse). Redaction happens here, on
 * the customer's device: rrweb's masking options and then a scrub of every event (cobrowse/redaction.ts,
 * cobrowse/scrub-events.ts), so private text and values never reach the transport. Events are batched per task
 * (a full snapshot is two events emitted together) and cut into pieces per protocol/cobrowse.ts.
 *
 * It also answers for the ids in those events: `getNode(id)` is the live node the mirror's node `id` copies,
 * which is how the page executor finds the target of the technician's DOM input.
 */
export class DomRecorder {
  readonly redaction: Redaction;
  /** Names this recording on the wire; a console that sees another stream starts over from a snapshot. */
  readonly stream: string;
  private seq = 0;
  private batch: MirrorEvent[] = [];
  private flushQueued = false;
  private stopRecording: (() => void) | null = null;
  private readonly unmarkPasswords: () => void;
  private stopped = false;

  constructor(
    private readonly win: Window,
    private readonly options: DomRecorderOptions,
  ) {
    if (active) throw new Error('a DOM recording is already running on this page');
    // rrweb records the global document, whatever window it is given: this must be that window.
    if (win !== globalThis.window) throw new Error('DomRecorder records its own window only');
    this.redaction = new Redaction(win.document, options.redaction);
    this.stream = streamId(win);
    // Before the first snapshot, so the marks are in it: a password field stays private if it turns to text.
    this.unmarkPasswords = keepPasswordsPrivate(win.document);
    active = this;
    try {
      const stop = record({
        emit: (event) => this.collect(event),
        ...this.redaction.recordOptions(),
        // Nothing the mirror needs and much it must not get: canvas pixels, images copied as data, fonts.
        recordCanvas: false,
        inlineImages: false,
        collectFonts: false,
        // The stylesheets' text, so the console does not fetch them from a site it may not reach (an intranet).
        inlineStylesheet: true,
        // The customer's pointer: the mirror applies live events as they come, which moves no replayed cursor.
        sampling: { mousemove: false, scroll: 50, media: 800, input: 'all' },
        recordCrossOriginIframes: false,
        errorHandler: (error) => {
          options.onError?.(error);
          return true;
        },
      });
      // rrweb returns nothing when it failed to start (it logs and swallows the error).
      if (!stop) throw new Error('rrweb did not start recording');
      this.stopRecording = stop;
    } catch (error) {
      this.unmarkPasswords();
      active = null;
      throw error;
    }
  }

  /** A fresh Meta + FullSnapshot, for a console that (re)connects or saw a gap. */
  takeFullSnapshot(): void {
    if (this.stopped) return;
    record.takeFullSnapshot(true);
  }

  /** The live node behind a mirrored node id; null once it left the page or the recording stopped. */
  getNode(id: number): Node | null {
    if (this.stopped) return null;
    return record.mirror.getNode(id);
  }

  /** The id the mirror knows a live node by; -1 for a node the recording does not show (blocked or ignored). */
  getId(node: Node): number {
    return this.stopped ? -1 : record.mirror.getId(node);
  }

  stop(): void {
    if (this.stopped) return;
    this.flush();
    this.stopped = true;
    this.stopRecording?.();
    this.unmarkPasswords();
    if (active === this) active = null;
    this.tell(MirrorUnavailable.stopped);
  }

  private collect(event: eventWithTime): void {
    if (this.stopped) return;
    scrubEvent(event, this.redaction, (id) => record.mirror.getNode(id));
    this.batch.push(event as unknown as MirrorEvent);
    if (this.flushQueued) return;
    this.flushQueued = true;
    // What rrweb emits in one go (Meta then FullSnapshot, a burst of input events) leaves as one envelope.
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    if (!this.batch.length) return;
    const events = this.batch;
    this.batch = [];
    let wires: string[];
    try {
      wires = encodeMirrorEvents(this.stream, this.seq++, events);
    } catch (error) {
      if (!(error instanceof MirrorWireError)) throw error;
      // Too large to mirror (a page of many megabytes): the console hears why instead of waiting.
      this.options.onError?.(error);
      this.tell(MirrorUnavailable.tooLarge);
      return;
    }
    for (const wire of wires) this.options.sink(wire);
  }

  private tell(reason: MirrorUnavailableMessage['reason']): void {
    const message: MirrorUnavailableMessage = { type: 'mirror-unavailable', reason };
    this.options.sink(JSON.stringify(message));
  }
}

function streamId(win: Window): string {
  const bytes = win.crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[byte & 63]).join('');
}
