import type { ControlMode, ControlProblem, ControlView, HelperHello, HelperMessage, InputAction, InputMessage, InputReport, PointerMove, RtcConfig, ScreenQuality, Signal, SystemInfo } from '../protocol';
import type { InputSink } from '../input/input-capture';
import { PathSwitch } from '../input/path-switch';
import { HelperLink } from './helper-link';
import { InputLink } from './input-link';
import { Store } from './store';

export interface TechnicianControlState {
  /** Asked for or granted, as the server says; null when nobody controls. */
  control: ControlView | null;
  /** The customer declined, or stopped control (shown once, until the next request). */
  ended: 'declined' | 'stopped' | null;
  /** Why the customer's yes could not become control (with `ended: 'declined'`). */
  problem: ControlProblem | null;
  /** The customer's Lifeline Helper, when it is connected. */
  helper: HelperHello | null;
  helperOpen: boolean;
  /**
   * The helper's own screen, once it sent a frame on this connection. The helper sends only while desktop
   * control is granted; the console shows it then (see `helperScreenShown`), and the browser's share otherwise.
   */
  helperScreen: MediaStream | null;
  /** The last input the customer's side refused, and why (a private field, a link to another site). */
  refused: Extract<InputReport, { type: 'input-refused' }>['reason'] | null;
  /** The last round trip (technician event to proof of execution), refreshed a few times a second at most. */
  lastRoundTripMs: number | null;
  systemInfo: SystemInfo | null;
  /** Waiting for the helper to answer a request (system information, reboot). */
  pendingRequest: 'system-info' | 'reboot' | null;
  helperNotice: 'not-allowed' | 'failed' | 'rebooting' | null;
  /** Control of the page: input goes on its own connection to the customer's page (else on the screen's). */
  pageInputOpen: boolean;
}

export interface TechnicianControlDeps {
  /** Asks the customer; resolves with the state the server now holds (requested). */
  request(mode: ControlMode): Promise<ControlView>;
  stop(): Promise<void>;
  /** The connection to the customer's page (co-browse), when it is up. */
  pageLink(): { sendControl(message: InputMessage): boolean; sendPointer(move: PointerMove): boolean } | null;
  rtc(): RtcConfig | null;
  sendHelperSignal(connectionId: string, signal: Signal): void;
  sendPageInputSignal(connectionId: string, signal: Signal): void;
  /** Tells the customer's page whether its share is covered by the helper's screen; false when it could not go. */
  coverScreen(covered: boolean): boolean;
}

/**
 * What the console shows of the customer's desktop from the helper: its own screen while desktop control is
 * granted and the helper's connection is open; null otherwise (the browser's share, if any, is shown then).
 */
export function helperScreenShown(state: TechnicianControlState): MediaStream | null {
  const control = state.control;
  return control?.state === 'granted' && control.mode === 'desktop' && state.helperOpen ? state.helperScreen : null;
}

/** How often the console's round-trip figure may change. */
const ROUND_TRIP_REFRESH_MS = 500;

/**
 * Remote control from the console's side of one session: asking, the input sink the video feeds, where input
 * goes (the customer's page, or the helper's own connection for the whole desktop), and what comes back.
 */
export class TechnicianControl {
  readonly state = new Store<TechnicianControlState>({
    control: null,
    ended: null,
    problem: null,
    helper: null,
    helperOpen: false,
    helperScreen: null,
    refused: null,
    lastRoundTripMs: null,
    systemInfo: null,
    pendingRequest: null,
    helperNotice: null,
    pageInputOpen: false,
  });
  private seq = 0;
  private link: HelperLink | null = null;
  /** The screen's quality caps (the technician's preset), for the helper's own screen; sent on each new link. */
  private screenQuality: ScreenQuality | null = null;
  /** The customer's page offers it after each grant of page control; it ends with that grant. */
  private pageInput: InputLink | null = null;
  private readonly pagePath = new PathSwitch<'own' | 'shared'>('shared');
  private latestRoundTripMs: number | null = null;
  private roundTripTimer: ReturnType<typeof setTimeout> | null = null;

  /** What the customer's page was last told about the helper's screen covering its share. */
  private covering = false;

  constructor(private readonly deps: TechnicianControlDeps) {
    // While the console shows the helper's screen, the customer's browser need not encode its share as well.
    this.state.subscribe(() => {
      const covered = helperScreenShown(this.state.get()) !== null;
      if (covered !== this.covering && this.deps.coverScreen(covered)) this.covering = covered;
    });
  }

  /** What the input capture on the video sends through; input only leaves while control is granted. */
  readonly sink: InputSink = {
    send: (action) => this.dispatch(action),
    move: (point) => this.dispatch({ type: 'move', ...point }),
  };

  async request(mode: ControlMode): Promise<void> {
    this.state.update({ ended: null, refused: null, problem: null });
    this.onState(await this.deps.request(mode));
  }

  async stop(): Promise<void> {
    await this.deps.stop();
  }

  /** The server's word on control: from the session's view, or a change. */
  onState(control: ControlView | null, change?: 'granted' | 'declined' | 'stopped', problem?: ControlProblem): void {
    this.state.update({ control, ended: change === 'declined' || change === 'stopped' ? change : null, problem: problem ?? null, ...(change === 'granted' ? { refused: null } : {}) });
    if (control?.state !== 'granted' || control.mode !== 'page') this.closePageInput();
  }

  /**
   * A signal for the page-control input connection. An offer under a new connection id is the customer's page
   * opening one (after a grant, or to replace one that failed); anything else for an unknown id is stale.
   */
  onPageInputSignal(connectionId: string, signal: Signal): void {
    if (this.pageInput?.connectionId !== connectionId) {
      const control = this.state.get().control;
      if (control?.state !== 'granted' || control.mode !== 'page') return;
      if (signal.kind !== 'description' || signal.description.type !== 'offer') return;
      this.closePageInput();
      const rtc = this.deps.rtc();
      if (!rtc) return;
      const link = new InputLink({
        rtc,
        role: 'answer',
        connectionId,
        sendSignal: (reply) => this.deps.sendPageInputSignal(connectionId, reply),
        onReport: (report) => this.onReport(report),
      });
      link.state.subscribe(() => {
        if (this.pageInput === link) this.state.update({ pageInputOpen: link.state.get().open });
      });
      this.pageInput = link;
    }
    void this.pageInput.handleSignal(signal);
  }

  onHelper(helper: HelperHello | null): void {
    // What a helper that went away said about the computer may no longer hold.
    this.state.update({ helper, helperScreen: null, ...(helper ? {} : { helperOpen: false, systemInfo: null, pendingRequest: null }) });
    this.link?.close();
    this.link = null;
    if (!helper) return;
    const rtc = this.deps.rtc();
    if (!rtc) return;
    const link = new HelperLink(rtc, {
      sendSignal: (signal) => this.deps.sendHelperSignal(link.connectionId, signal),
      onReport: (report) => this.onReport(report),
      onMessage: (message) => this.onHelperMessage(message),
      onScreen: (stream) => {
        if (this.link === link) this.state.update({ helperScreen: stream });
      },
      // A new helper connection starts with the preset the technician chose before.
      onOpen: () => {
        if (this.link === link && this.screenQuality) link.send({ type: 'screen-quality', ...this.screenQuality });
      },
    });
    // A replaced connection's late close must not mark its successor closed.
    link.state.subscribe(() => {
      if (this.link === link) this.state.update({ helperOpen: link.state.get().open });
    });
    this.link = link;
  }

  onHelperSignal(connectionId: string, signal: Signal): void {
    if (this.link?.connectionId === connectionId) this.link.handleSignal(signal);
  }

  onReport(report: InputReport): void {
    this.pagePath.answered(report.seq);
    if (report.type === 'input-refused') {
      this.state.update({ refused: report.reason });
      return;
    }
    this.latestRoundTripMs = Math.round(performance.now() - report.sentAt);
    // Every report would re-render the console, up to a hundred times a second while the technician moves and
    // types; that work competes with the input itself on the technician's machine. The figure is for reading.
    if (this.roundTripTimer !== null) return;
    this.state.update({ lastRoundTripMs: this.latestRoundTripMs });
    this.roundTripTimer = setTimeout(() => {
      this.roundTripTimer = null;
      if (this.state.get().lastRoundTripMs !== this.latestRoundTripMs) this.state.update({ lastRoundTripMs: this.latestRoundTripMs });
    }, ROUND_TRIP_REFRESH_MS);
  }

  requestSystemInfo(): boolean {
    const sent = this.link?.send({ type: 'system-info-request', id: requestId() }) ?? false;
    if (sent) this.state.update({ pendingRequest: 'system-info', helperNotice: null });
    return sent;
  }

  /** The technician has read it; asking again brings it back, fresh. */
  hideSystemInfo(): void {
    this.state.update({ systemInfo: null });
  }

  requestReboot(): boolean {
    const sent = this.link?.send({ type: 'reboot-request', id: requestId() }) ?? false;
    if (sent) this.state.update({ pendingRequest: 'reboot', helperNotice: null });
    return sent;
  }

  /** The console shows the helper's screen in a new element: it asks for a picture (a still screen sends none). */
  refreshHelperScreen(): boolean {
    if (!helperScreenShown(this.state.get())) return false;
    return this.link?.send({ type: 'screen-refresh' }) ?? false;
  }

  /** The technician chose a quality preset: the helper's own screen follows it too. */
  setScreenQuality(quality: ScreenQuality): void {
    this.screenQuality = quality;
    this.link?.send({ type: 'screen-quality', ...quality });
  }

  sendClipboard(text: string): boolean {
    return this.link?.send({ type: 'clipboard', text }) ?? false;
  }

  dispose(): void {
    if (this.roundTripTimer !== null) clearTimeout(this.roundTripTimer);
    this.roundTripTimer = null;
    this.link?.close();
    this.link = null;
    this.closePageInput();
  }

  private closePageInput(): void {
    this.pageInput?.close();
    this.pageInput = null;
    if (this.state.get().pageInputOpen) this.state.update({ pageInputOpen: false });
  }

  private onHelperMessage(message: HelperMessage): void {
    if (message.type === 'system-info') this.state.update({ systemInfo: message.info, pendingRequest: null });
    else if (message.type === 'refused') this.state.update({ pendingRequest: null, helperNotice: message.reason });
    else if (message.type === 'reboot-starting') this.state.update({ pendingRequest: null, helperNotice: 'rebooting' });
    else if (message.type === 'clipboard') void navigator.clipboard?.writeText(message.text).catch(() => undefined);
  }

  private dispatch(action: InputAction | { type: 'move'; x: number; y: number }): void {
    const control = this.state.get().control;
    if (control?.state !== 'granted') return;
    const message = { ...action, seq: this.seq++, sentAt: performance.now(), epoch: control.epoch } as InputMessage;
    if (control.mode === 'desktop') {
      this.link?.sendInput(message);
      return;
    }
    // Until the page's own input connection is open (or once it is not), input takes the screen's connection.
    const own = this.pageInput?.state.get().open ?? false;
    const page = this.deps.pageLink();
    const path = this.pagePath.choose(own ? 'own' : 'shared', this.pagePath.current === 'own' ? own : page !== null);
    if (this.sendOnPage(path, message, page) && message.type !== 'move') this.pagePath.sent(message.seq);
  }

  private sendOnPage(path: 'own' | 'shared', message: InputMessage, page: ReturnType<TechnicianControlDeps['pageLink']>): boolean {
    if (path === 'own') return this.pageInput?.sendInput(message) ?? false;
    if (!page) return false;
    return message.type === 'move' ? page.sendPointer(message) : page.sendControl(message);
  }
}

function requestId(): string {
  return Math.random().toString(36).slice(2, 12).padEnd(4, '0');
}
