import type { CustomerAssignment, RtcConfig, Signal } from '../protocol';
import { newConnectionId, PeerLink, ROUTE_STATS_EVERY_MS } from './peer-link';

type Viewer = CustomerAssignment['viewers'][number];

export interface ViewerLinksOptions {
  /** The session's ICE servers once the customer consented; null before. */
  rtc: () => RtcConfig | null;
  sendSignal: (viewer: string, connectionId: string, signal: Signal) => void;
  /** A viewer's connection needs a picture of the screen now (see PeerLinkOptions.onScreenWanted). */
  onScreenWanted?: () => void;
}

/**
 * The customer's connections to collaborators: one per technician invited to watch, carrying the screen only
 * (the session's technician has the main connection with files, annotations and calls). A small mesh, capped
 * by the server, until an SFU can fan one stream out.
 */
export class ViewerLinks {
  private readonly links = new Map<string, { link: PeerLink; epoch: number }>();
  private track: MediaStreamTrack | null = null;

  constructor(private readonly options: ViewerLinksOptions) {}

  /** Matches the connections to who watches now: new or reconnected viewers get one, departed ones lose theirs. */
  reconcile(viewers: Viewer[]): void {
    const rtc = this.options.rtc();
    const present = new Map(viewers.filter((v) => v.present).map((v) => [v.id, v]));
    for (const [id, entry] of this.links) {
      const viewer = present.get(id);
      if (!viewer || viewer.epoch !== entry.epoch || !rtc) this.close(id);
    }
    if (!rtc) return;
    for (const viewer of present.values()) {
      if (this.links.has(viewer.id)) continue;
      const connectionId = newConnectionId();
      const link = new PeerLink({
        rtc,
        polite: false,
        initiator: true,
        viewOnly: true,
        statsEveryMs: ROUTE_STATS_EVERY_MS,
        connectionId,
        sendSignal: (signal) => this.options.sendSignal(viewer.id, connectionId, signal),
        onScreenWanted: () => this.options.onScreenWanted?.(),
      });
      this.links.set(viewer.id, { link, epoch: viewer.epoch });
      if (this.track) void link.setScreenTrack(this.track).catch(() => undefined);
    }
  }

  handleSignal(viewer: string, connectionId: string, signal: Signal): void {
    const entry = this.links.get(viewer);
    if (entry?.link.connectionId === connectionId) void entry.link.handleSignal(signal);
  }

  /** Every viewer sees what the technician sees. */
  async setScreenTrack(track: MediaStreamTrack | null): Promise<void> {
    this.track = track;
    await Promise.all([...this.links.values()].map(({ link }) => link.setScreenTrack(track).catch(() => undefined)));
  }

  /** The screen is still (or moves again): each viewer's encoding follows, as the technician's does. */
  async setScreenPaused(paused: boolean): Promise<void> {
    await Promise.all([...this.links.values()].map(({ link }) => link.setScreenPaused(paused).catch(() => undefined)));
  }

  closeAll(): void {
    for (const id of [...this.links.keys()]) this.close(id);
  }

  private close(id: string): void {
    this.links.get(id)?.link.close();
    this.links.delete(id);
  }
}
