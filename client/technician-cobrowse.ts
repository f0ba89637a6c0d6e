import type { ControlView } from '../protocol';
import { domInputReportSchema, readCobrowseWire } from '../protocol/cobrowse';
import { DomMirror } from './dom-mirror';

export interface TechnicianCobrowseDeps {
  /** Asks the customer (through the server) to let the technician co-browse their page. */
  request(): Promise<void>;
  /** The page control the customer granted, if any: DOM input carries its epoch, and leaves only under it. */
  control(): ControlView | null;
}

/**
 * DOM co-browse in the console, for one session: the `cobrowse` channel of the session's peer connection and
 * the mirror the page shows it in. The mirror asks for a full snapshot whenever it (re)starts, so a console
 * reload, a new connection or a page load on the customer's side all end in a current picture.
 */
export class TechnicianCobrowse {
  private channel: RTCDataChannel | null = null;
  private mirror: DomMirror | null = null;

  constructor(private readonly deps: TechnicianCobrowseDeps) {}

  request(): Promise<void> {
    return this.deps.request();
  }

  /** The peer connection's channel (a new one after each reconnection). */
  attach(channel: RTCDataChannel): void {
    this.channel = channel;
    channel.onmessage = ({ data }) => this.receive(data);
    channel.onopen = () => this.askSnapshot();
    if (channel.readyState === 'open') this.askSnapshot();
  }

  /** Shows the mirror in `container` (the console's co-browse view) until `unmount`. */
  mount(container: HTMLElement): DomMirror {
    this.unmount();
    this.mirror = new DomMirror(container, {
      send: (message) => this.send(JSON.stringify(message)),
      epoch: () => {
        const control = this.deps.control();
        return control?.state === 'granted' && control.mode === 'page' ? control.epoch : null;
      },
      requestSnapshot: () => this.askSnapshot(),
    });
    this.askSnapshot();
    return this.mirror;
  }

  unmount(): void {
    this.mirror?.dispose();
    this.mirror = null;
  }

  get current(): DomMirror | null {
    return this.mirror;
  }

  private receive(data: unknown): void {
    const message = readCobrowseWire(data);
    if (!message || !this.mirror) return;
    if (message.kind === 'mirror') this.mirror.receive(data as string);
    else if (message.kind === 'dom-report') {
      const report = domInputReportSchema.safeParse(message.raw);
      if (report.success) this.mirror.handleReport(report.data);
    }
  }

  private askSnapshot(): void {
    if (this.mirror) this.send(JSON.stringify({ type: 'mirror-snapshot-request' }));
  }

  private send(wire: string): void {
    if (this.channel?.readyState === 'open') this.channel.send(wire);
  }
}
