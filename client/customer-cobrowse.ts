import type { CobrowseState, ControlView } from '../protocol';
import { readCobrowseWire } from '../protocol/cobrowse';
import type { FrameToLoader, LoaderToFrame, WidgetRedaction } from '../protocol/widget';
import { Store } from './store';

/** How the widget's frame reaches the company's page it sits in (postMessage, origins checked by the caller). */
export interface CobrowseHost {
  post(message: FrameToLoader): void;
  listen(listener: (message: LoaderToFrame) => void): () => void;
}

export interface CustomerCobrowseState {
  /** The customer is in the widget on a company's page: there is a page to co-browse. */
  available: boolean;
  /** The technician asks and the customer has not answered. */
  requested: boolean;
  /** The customer agreed: the page is recorded and mirrored to the technician until they stop. */
  active: boolean;
  /** Why co-browse could not run on this page (the recorder refused). */
  failed: string | null;
}

export interface CustomerCobrowseDeps {
  /** Null outside the widget: our own pages have nothing of the customer's to co-browse. */
  host: CobrowseHost | null;
  redaction: WidgetRedaction;
  /** Tells the server (recorded in the session's log, shown to the technician). */
  report(state: CobrowseState): void;
  /** The customer pressed the stop key on the page. */
  revokeControl(): void;
  /** The technician's group allows screen view, which the page's DOM is a form of: nothing flows otherwise. */
  mayView(): boolean;
}

/** Consent lasts for the session across the site's pages (the frame's storage is the site's, partitioned). */
const CONSENT_KEY = 'lifeline.cobrowse';
/** Past this much unsent, the page's recording is dropped and a full snapshot is asked for once it drains. */
const HIGH_WATER = 8 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;

/**
 * DOM co-browse on the customer's side, in the widget's frame: the technician's request, the customer's consent,
 * and the relay between the page's recorder and executor (in the company's page, by postMessage) and the
 * technician's mirror (the `cobrowse` data channel). Nothing flows before the customer agrees, and nothing
 * after they stop; the grant of control is the customer's too, passed on to the page's gate.
 */
export class CustomerCobrowse {
  readonly state: Store<CustomerCobrowseState>;
  private channel: RTCDataChannel | null = null;
  private sessionId: string | null = null;
  private resync = false;
  private readonly unlisten: () => void;

  constructor(private readonly deps: CustomerCobrowseDeps) {
    this.state = new Store<CustomerCobrowseState>({ available: deps.host !== null, requested: false, active: false, failed: null });
    this.unlisten = deps.host?.listen((message) => this.fromPage(message)) ?? (() => undefined);
  }

  /** The session is open (again, after a page load on the same site): a consent given in it resumes. */
  opened(sessionId: string): void {
    this.sessionId = sessionId;
    if (!this.deps.host) return;
    if (sessionStorage.getItem(CONSENT_KEY) === sessionId && this.deps.mayView()) this.begin();
    else this.deps.report(this.reported());
  }

  requested(): void {
    if (this.state.get().available && !this.state.get().active && this.deps.mayView()) this.state.update({ requested: true });
  }

  /** The customer agrees to co-browse: the page starts recording (its redaction runs on this device). */
  accept(): void {
    if (!this.deps.host || !this.sessionId || !this.deps.mayView()) return;
    sessionStorage.setItem(CONSENT_KEY, this.sessionId);
    this.begin();
  }

  decline(): void {
    this.state.update({ requested: false });
  }

  /** The customer stops co-browsing: the page stops recording at once. */
  stop(): void {
    sessionStorage.removeItem(CONSENT_KEY);
    this.end();
    this.deps.report(this.reported());
  }

  /** The session ended or the frame goes away: stop without telling a server that is gone. */
  dispose(): void {
    sessionStorage.removeItem(CONSENT_KEY);
    this.end();
    this.unlisten();
  }

  /** The customer's control grant: the page's executor runs input of a granted page control only. */
  grant(control: ControlView | null, technicianName: string): void {
    const epoch = control?.state === 'granted' && control.mode === 'page' ? control.epoch : null;
    if (this.state.get().active) this.deps.host?.post({ kind: 'gate', epoch, technicianName });
  }

  /** The peer connection's `cobrowse` channel (a new one after each reconnection). */
  attach(channel: RTCDataChannel): void {
    this.channel = channel;
    channel.bufferedAmountLowThreshold = LOW_WATER;
    channel.onopen = () => this.askSnapshot();
    channel.onbufferedamountlow = () => {
      if (this.resync) this.askSnapshot();
    };
    channel.onmessage = ({ data }) => this.fromTechnician(data);
    if (channel.readyState === 'open') this.askSnapshot();
  }

  private begin(): void {
    this.state.update({ requested: false, active: true, failed: null });
    this.deps.host?.post({ kind: 'cobrowse-start', redaction: this.deps.redaction });
    this.deps.report(this.reported());
  }

  private end(): void {
    if (!this.state.get().active) return;
    this.state.update({ active: false, requested: false });
    this.deps.host?.post({ kind: 'cobrowse-stop' });
  }

  private reported(): CobrowseState {
    const { available, active } = this.state.get();
    return { available, active };
  }

  /** Only the technician's requests for the page: a full snapshot, or input by node id (checked again there). */
  private fromTechnician(data: unknown): void {
    if (!this.state.get().active || typeof data !== 'string' || data.length > 70_000) return;
    const kind = readCobrowseWire(data)?.kind;
    if (kind === 'dom-input' || kind === 'mirror-request') this.deps.host?.post({ kind: 'to-page', wire: data });
  }

  private fromPage(message: LoaderToFrame): void {
    if (message.kind === 'revoke') return this.deps.revokeControl();
    if (message.kind === 'cobrowse-failed') {
      this.end();
      this.state.update({ failed: message.reason });
      this.deps.report(this.reported());
      return;
    }
    if (!this.state.get().active) return;
    const channel = this.channel;
    if (channel?.readyState !== 'open') return;
    // Chrome closes a channel whose queue passes 16 MiB: drop the stream and start over from a snapshot.
    if (channel.bufferedAmount > HIGH_WATER) {
      this.resync = true;
      return;
    }
    channel.send(message.wire);
  }

  private askSnapshot(): void {
    this.resync = false;
    if (this.state.get().active) this.deps.host?.post({ kind: 'to-page', wire: JSON.stringify({ type: 'mirror-snapshot-request' }) });
  }
}
