import type { Reason } from '../core/errors';
import { type ChatMessage, type CustomerRights, DataChannels, type EndReason, type ErrorCode, type PushedUrl, type SessionView } from '../protocol';
import { NO_CUSTOMER_RIGHTS } from '../core/organisation/permissions';
import { abuseReportAddress } from './abuse-report';
import { Annotations } from './annotations';
import { type CobrowseHost, CustomerCobrowse } from './customer-cobrowse';
export type { CobrowseHost } from './customer-cobrowse';
import type { WidgetRedaction } from '../protocol/widget';
import { VideoCall } from './video-call';
import { sessionFiles } from './files/session-files';
import { mergeMessages } from './chat-log';
import { ChatOutbox, type PendingMessage } from './chat-outbox';
import { CustomerControl } from './customer-control';
import { maskPrivateFields } from '../cobrowse/private-fields';
import { PageInput } from './page-input';
import { DISCONNECTED_GRACE_MS, newConnectionId, PeerLink, type PeerState, ROUTE_STATS_EVERY_MS } from './peer-link';
import { connectSignaling, request, RequestError, type SignalingSocket } from './signaling-client';
import { Store } from './store';
import { type RatingResult, sendRating } from './session-rating';
import { filterStillFrames, type StillFrameFilter } from './still-frames';
import { ViewerLinks } from './viewer-links';

export type CustomerPhase = 'enter-code' | 'joining' | 'consent' | 'in-session' | 'ended';

export interface CustomerState {
  phase: CustomerPhase;
  /** The last refusal, by code; the page picks the sentence. */
  error: { code: ErrorCode | 'timeout' | 'disconnected' | 'network' | 'share_denied'; retryAfterMs?: number } | null;
  view: SessionView | null;
  messages: ChatMessage[];
  /** Sent by the customer, not yet acknowledged by the server (shown as "sending"). */
  pendingMessages: PendingMessage[];
  technicianTyping: boolean;
  technicianPresent: boolean;
  sharing: boolean;
  /** Signaling is reconnecting: the session goes on, messages wait. */
  reconnecting: boolean;
  peer: CustomerPeerView | null;
  endedBy: 'technician' | 'customer' | 'expired' | 'idle' | 'resolved' | null;
  pushedUrls: PushedUrl[];
  idleClosesAt: number | null;
  /** The technician is recording the session. */
  recording: boolean;
  /** What the customer shares, for the preview with the technician's strokes on top. */
  screenStream: MediaStream | null;
  /** What is shared: this tab (the technician may then control the page), another tab, a window or a screen. */
  sharedSurface: 'this-tab' | 'browser' | 'window' | 'monitor' | null;
}

/**
 * What the customer's page shows of the connection. The rest of PeerState (round trips, the other side's stats)
 * changes every second; re-rendering the page for it would compete with the technician's input, which the page
 * executes on the same thread.
 */
export type CustomerPeerView = Pick<PeerState, 'connection' | 'route' | 'localCandidateType' | 'remoteCallStream' | 'otherScreenRequested' | 'sas'>;

function peerView({ connection, route, localCandidateType, remoteCallStream, otherScreenRequested, sas }: PeerState): CustomerPeerView {
  return { connection, route, localCandidateType, remoteCallStream, otherScreenRequested, sas };
}

function samePeerView(a: CustomerPeerView | null, b: CustomerPeerView): boolean {
  return a !== null && (Object.keys(b) as (keyof CustomerPeerView)[]).every((key) => a[key] === b[key]);
}

const STORAGE_KEY = 'lifeline.join';

/** How starting from a channel went: refusals name the form field they are about and why. */
export type ChannelStartResult = { ok: true } | { ok: false; code: string; field?: string; reasons?: Reason[]; retryAfterMs?: number };

const endedBy: Record<EndReason, CustomerState['endedBy']> = {
  technician_ended: 'technician',
  customer_ended: 'customer',
  expired: 'expired',
  idle_timeout: 'idle',
  resolved: 'resolved',
};

/**
 * Everything the customer's page does, outside React: redeem a code or link, consent, chat, share the screen,
 * end. The page subscribes to `state` and calls these methods from its event handlers.
 */
export class CustomerClient {
  readonly state: Store<CustomerState>;

  /** DOM co-browse of the company's page, when this page is the widget's frame on one. */
  readonly cobrowse: CustomerCobrowse;

  constructor(initialPhase: 'enter-code' | 'joining' = 'enter-code', options: { cobrowseHost?: CobrowseHost | null; redaction?: WidgetRedaction } = {}) {
    this.cobrowse = new CustomerCobrowse({
      host: options.cobrowseHost ?? null,
      redaction: options.redaction ?? { privateSelectors: [], privateByDefault: null },
      report: (cobrowse) => {
        if (this.socket && this.sessionId) void request(this.socket, 'cobrowse:state', { sessionId: this.sessionId, cobrowse }).catch(() => undefined);
      },
      revokeControl: () => void this.control.revoke(),
      mayView: () => this.rights().screenView,
    });
    this.state = new Store<CustomerState>({
      phase: initialPhase,
      error: null,
      view: null,
      messages: [],
      pendingMessages: [],
      technicianTyping: false,
      technicianPresent: false,
      sharing: false,
      reconnecting: false,
      peer: null,
      endedBy: null,
      pushedUrls: [],
      idleClosesAt: null,
      recording: false,
      screenStream: null,
      sharedSurface: null,
    });
    // The input connection belongs to one grant: it closes when that grant ends, however it ends.
    this.control.state.subscribe(() => {
      const control = this.control.state.get().control;
      this.cobrowse.grant(control, this.control.state.get().technicianName ?? '');
      if (this.pageInput.grantEpoch !== null && (control?.state !== 'granted' || control.epoch !== this.pageInput.grantEpoch)) this.pageInput.close();
    });
  }

  private socket: SignalingSocket | null = null;
  private sessionId: string | null = null;
  /** The code the customer typed, if they joined with one: "Report abuse" names the session by it. */
  private joinCode: string | null = null;
  /** Kept past the end: the ended page rates the session with it (the server takes it from its customer only). */
  private joinToken: string | null = null;
  /** Files both ways; each incoming file is accepted or declined by the customer. */
  /** A camera and microphone call the technician may propose. */
  readonly call = new VideoCall({
    peer: () => this.peer,
    propose: async () => undefined,
    answer: async (accept) => {
      if (this.socket && this.sessionId) await request(this.socket, 'call:answer', { sessionId: this.sessionId, accept });
    },
    hangUp: async () => {
      if (this.socket && this.sessionId) await request(this.socket, 'call:end', { sessionId: this.sessionId });
    },
  });
  /** What the technician draws over the shared screen. */
  readonly annotations = new Annotations();
  // The customer sends what the technician may receive, and receives what the technician may send.
  readonly files = sessionFiles({
    socket: () => this.socket,
    sessionId: () => this.sessionId,
    acceptRequestedFiles: false,
    allows: () => ({ send: this.rights().receiveFiles, receive: this.rights().sendFiles }),
  });
  private peer: PeerLink | null = null;
  /** The technician's console now present (server's word), and the one `peer` was built for. */
  private console: string | null = null;
  private peerConsole: string | null = null;
  /** Collaborators' connections: the screen only, one per technician invited to watch. */
  private readonly viewerLinks = new ViewerLinks({
    rtc: () => (this.state.get().view?.consented ? this.state.get().view!.rtc : null),
    sendSignal: (viewer, connectionId, signal) => {
      if (this.socket && this.sessionId) void request(this.socket, 'rtc:signal', { sessionId: this.sessionId, connectionId, signal, viewer }).catch(() => undefined);
    },
    onScreenWanted: () => this.stillFilter?.refresh(),
  });
  /** Page control's own input connection to the technician, while a grant lasts. */
  private readonly pageInput = new PageInput({
    rtc: () => (this.state.get().view?.consented ? this.state.get().view!.rtc : null),
    sendSignal: (connectionId, signal) => {
      if (this.socket && this.sessionId) void request(this.socket, 'input:signal', { sessionId: this.sessionId, connectionId, signal }).catch(() => undefined);
    },
    onInput: (message) => this.control.input(message),
  });
  /** Remote control: the technician's request, the customer's grant, and the executor on this page. */
  readonly control = new CustomerControl({
    answer: async (accept, epoch, problem) => {
      if (this.socket && this.sessionId) await request(this.socket, 'control:answer', { sessionId: this.sessionId, accept, epoch, ...(problem ? { problem } : {}) });
      // The server relays the input connection's signals only once it holds the grant.
      const control = this.control.state.get().control;
      if (accept && control?.mode === 'page' && control.epoch === epoch) this.pageInput.open(epoch);
    },
    stop: async () => {
      if (this.socket && this.sessionId) await request(this.socket, 'control:stop', { sessionId: this.sessionId });
    },
    report: (report) => void (this.pageInput.sendReport(report) || this.peer?.sendControl(report)),
    // The page is in view: this tab shared, or the company's page co-browsed (the widget).
    sharingThisTab: () => this.state.get().sharedSurface === 'this-tab' || this.cobrowse.state.get().active,
    executesHere: () => !this.cobrowse.state.get().active,
  });
  private unsubscribePeer: (() => void) | null = null;
  private screen: MediaStream | null = null;
  /** What is sent of the screen: its changed frames only, where the browser can tell (client/still-frames.ts). */
  private stillFilter: StillFrameFilter | null = null;
  /** Unblurs password fields and private elements once nothing is shared any more. */
  private unmask: (() => void) | null = null;
  private recoveryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly outbox = new ChatOutbox(
    async ({ clientId, text }) => {
      if (!this.socket || !this.sessionId) throw new RequestError('disconnected', 'Not connected');
      return (await request(this.socket, 'chat:send', { sessionId: this.sessionId, text, clientId })).message;
    },
    {
      changed: (pendingMessages) => this.state.update({ pendingMessages }),
      delivered: (message) => this.addMessage(message),
      failed: (error) => this.fail(error),
    },
  );

  private started = false;

  /** Starts the page: a reload rejoins the same session without a new code; a link is redeemed once. */
  start(linkToken?: string): void {
    if (this.started) return;
    this.started = true;
    if (this.resume() || !linkToken) return;
    // The link is spent now: keep it out of the address bar, history and any screenshot of the page.
    window.history.replaceState(null, '', '/join');
    void this.join({ link: linkToken });
  }

  private resume(): boolean {
    const saved = sessionStorage.getItem(STORAGE_KEY);
    if (!saved) return false;
    try {
      const { sessionId, joinToken, code } = JSON.parse(saved) as { sessionId: string; joinToken: string; code?: string };
      this.joinCode = code ?? null;
      this.connect(sessionId, joinToken);
      return true;
    } catch {
      sessionStorage.removeItem(STORAGE_KEY);
      return false;
    }
  }

  async join(secret: { code: string } | { link: string }): Promise<void> {
    this.state.update({ phase: 'joining', error: null });
    let response: Response;
    try {
      response = await fetch('/api/join', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(secret),
      });
    } catch {
      this.state.update({ phase: 'enter-code', error: { code: 'network' } });
      return;
    }
    const body = (await response.json().catch(() => ({}))) as { sessionId?: string; joinToken?: string; code?: ErrorCode; retryAfterMs?: number };
    if (!response.ok || !body.sessionId || !body.joinToken) {
      this.state.update({ phase: 'enter-code', error: { code: body.code ?? 'invalid_code', retryAfterMs: body.retryAfterMs } });
      return;
    }
    this.joinCode = 'code' in secret ? secret.code.trim() : null;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ sessionId: body.sessionId, joinToken: body.joinToken, code: this.joinCode ?? undefined }));
    this.connect(body.sessionId, body.joinToken);
  }

  /** The code the customer typed, for the consent page to show back; null when they came by a link or a channel. */
  code(): string | null {
    return this.joinCode;
  }

  /** Whether the ended page can rate this session: it joined it in this page, so it holds the join token. */
  canRate(): boolean {
    return this.sessionId !== null && this.joinToken !== null;
  }

  /** The customer's rating of the session that ended: 1-5 and an optional comment, taken once. */
  async rate(score: number, comment: string): Promise<RatingResult> {
    if (!this.sessionId || !this.joinToken) return { ok: false, code: 'unauthorized' };
    return sendRating(this.sessionId, this.joinToken, score, comment);
  }

  /** Where the customer reports abuse in this session (also once it ended): its code when they typed one. */
  reportAddress(): string {
    return abuseReportAddress({ sessionId: this.sessionId, code: this.joinCode });
  }

  /**
   * Starts a session from a channel's form (the hosted page or the widget). Refusals come back for the form to
   * show next to their field; on success the page joins the session as if it had redeemed a code. `request`:
   * the channel is closed and the customer leaves a request to be called back instead (no session to join).
   */
  async startFromChannel(slug: string, form: { customerName: string; values: Record<string, string>; request?: boolean }): Promise<ChannelStartResult> {
    let response: Response;
    try {
      response = await fetch(`/api/channels/${encodeURIComponent(slug)}/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(form),
      });
    } catch {
      return { ok: false, code: 'network' };
    }
    const body = (await response.json().catch(() => ({}))) as { sessionId?: string; joinToken?: string | null; code?: ErrorCode; field?: string; reasons?: Reason[]; retryAfterMs?: number };
    if (!response.ok || !body.sessionId) return { ok: false, code: body.code ?? 'internal', field: body.field, reasons: body.reasons, retryAfterMs: body.retryAfterMs };
    if (body.joinToken) {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ sessionId: body.sessionId, joinToken: body.joinToken }));
      this.state.update({ phase: 'joining', error: null });
      this.connect(body.sessionId, body.joinToken);
    }
    return { ok: true };
  }

  async consent(): Promise<void> {
    if (!this.socket || !this.sessionId) return;
    try {
      const { view } = await request(this.socket, 'session:consent', { sessionId: this.sessionId });
      this.applyView(view);
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Must be called directly from the click handler: getDisplayMedia is started before any await, because
   * Firefox and Safari refuse screen capture without a live user gesture.
   */
  shareScreen(): Promise<void> {
    if (!this.rights().screenView) return this.refuseSharing();
    const capture = navigator.mediaDevices.getDisplayMedia({
      video: { frameRate: { ideal: 30, max: 60 } },
      audio: false,
    });
    return this.startSharing(capture, false);
  }

  /**
   * Shares this very tab (co-browse): the technician can then be allowed to control the page without
   * installing anything. Called from the click handler, like shareScreen.
   */
  shareThisTab(): Promise<void> {
    if (!this.rights().screenView) return this.refuseSharing();
    const capture = navigator.mediaDevices.getDisplayMedia({
      video: { frameRate: { ideal: 30, max: 60 } },
      audio: false,
      preferCurrentTab: true,
      selfBrowserSurface: 'include',
    } as DisplayMediaStreamOptions);
    return this.startSharing(capture, true);
  }

  /**
   * What the technician who has the session may do with what flows peer to peer, as the server last said. This
   * page is the side to trust for it: a console that asks for more gets nothing (see enforceRights).
   */
  rights(): CustomerRights {
    return this.state.get().view?.rights ?? NO_CUSTOMER_RIGHTS;
  }

  private refuseSharing(): Promise<void> {
    this.state.update({ error: { code: 'forbidden' } });
    return Promise.resolve();
  }

  /** The rights changed (a hand-over, or an administrator's change): whatever they no longer allow stops now. */
  private enforceRights(): void {
    const rights = this.rights();
    if (!rights.screenView) {
      if (this.screen) void this.stopSharing();
      if (this.cobrowse.state.get().active) this.cobrowse.stop();
    }
    this.files.enforce();
  }

  /** The customer declines the technician's request for another screen. */
  dismissOtherScreenRequest(): void {
    this.peer?.dismissOtherScreenRequest();
  }

  async stopSharing(): Promise<void> {
    const screen = this.screen;
    this.screen = null;
    screen?.getTracks().forEach((track) => track.stop());
    this.stillFilter?.stop();
    this.stillFilter = null;
    await this.peer?.setScreenTrack(null).catch(() => undefined);
    await this.viewerLinks.setScreenTrack(null);
    this.unmask?.();
    this.unmask = null;
    // Control of the page needs the page to be seen: it ends with the sharing.
    if (this.control.state.get().control?.mode === 'page') void this.control.revoke();
    if (this.state.get().sharing) {
      this.state.update({ sharing: false, screenStream: null, sharedSurface: null });
      await this.report(false);
    }
  }

  /** The page of messages before the oldest one shown (the session opens with the latest only). */
  async loadEarlier(): Promise<void> {
    const oldest = this.state.get().messages[0];
    if (!this.socket || !this.sessionId || !oldest) return;
    try {
      const { messages, earlier } = await request(this.socket, 'chat:history', { sessionId: this.sessionId, before: oldest.id });
      this.state.update((s) => ({ ...s, messages: mergeMessages(s.messages, messages), view: s.view ? { ...s.view, earlierMessages: earlier } : s.view }));
    } catch (error) {
      this.fail(error);
    }
  }

  /** Queues the message; it is delivered once, in order, even across a dropped connection. */
  send(text: string): void {
    this.outbox.send(text);
  }

  typing(typing: boolean): void {
    if (this.socket?.connected && this.sessionId) void request(this.socket, 'chat:typing', { sessionId: this.sessionId, typing }).catch(() => undefined);
  }

  async end(): Promise<void> {
    if (this.socket && this.sessionId) {
      await request(this.socket, 'session:end', { sessionId: this.sessionId }).catch(() => undefined);
    }
    this.finish('customer');
  }

  private connect(sessionId: string, joinToken: string): void {
    this.teardown();
    this.sessionId = sessionId;
    this.joinToken = joinToken;
    this.state.update({ phase: 'joining', error: null });
    const socket = connectSignaling({ role: 'customer', joinToken });
    this.socket = socket;

    socket.on('connect', () => {
      this.state.update({ reconnecting: false });
      request(socket, 'session:open', { sessionId })
        .then(({ view }) => {
          this.applyView(view);
          this.cobrowse.opened(sessionId);
          // A server that restarted knows nothing of a screen still shared over the connection: say it again.
          if (this.state.get().sharing) void this.report(true);
          return this.outbox.flush();
        })
        .catch((error: unknown) => this.fail(error));
    });
    socket.on('disconnect', () => {
      if (this.state.get().phase !== 'ended') this.state.update({ reconnecting: true });
    });
    socket.on('connect_error', (error: Error & { data?: { code?: ErrorCode } }) => {
      const code = error.data?.code;
      if (code === 'session_closed' || code === 'unauthorized') this.finish(null);
      else if (code === 'protocol_mismatch') this.state.update({ phase: 'enter-code', error: { code } });
    });
    socket.on('chat:message', (message) => this.addMessage(message));
    // Transferred, picked up from a queue, or the estimate changed: the page names whoever helps now.
    socket.on('session:assignment', ({ technicianNickname, technicianAvatarUrl, estimatedWaitMs, queuePosition, waitNotice, viewers, rights }) => {
      this.state.update((s) => (s.view ? { ...s, view: { ...s.view, technicianNickname, technicianAvatarUrl, estimatedWaitMs, queuePosition, waitNotice, viewers, rights } } : s));
      this.viewerLinks.reconcile(viewers);
      this.enforceRights();
    });
    socket.on('chat:typing', ({ from, typing }) => {
      if (from === 'technician') this.state.update({ technicianTyping: typing });
    });
    socket.on('peer:presence', ({ peer, present, consoleId }) => {
      if (peer !== 'technician') return;
      this.state.update({ technicianPresent: present });
      this.console = present ? (consoleId ?? null) : null;
      // A console that (re)appears gets connections of its own; none may go on reaching the one it replaced. The
      // same console back on a new socket (a drop, a server restart) keeps the connection that still works.
      if (present) {
        if (this.keepsPeer()) return;
        this.startPeer();
        this.pageInput.reopen();
      } else {
        this.stopPeer();
        this.pageInput.pause();
      }
    });
    socket.on('rtc:signal', ({ connectionId, signal, viewer }) => {
      if (viewer !== undefined) {
        this.viewerLinks.handleSignal(viewer, connectionId, signal);
        return;
      }
      // Answers meant for a connection we already replaced are dropped.
      if (this.peer?.connectionId === connectionId) void this.peer.handleSignal(signal);
    });
    socket.on('input:signal', ({ connectionId, signal }) => this.pageInput.handleSignal(connectionId, signal));
    socket.on('url:pushed', ({ pushed }) => this.state.update((s) => ({ ...s, pushedUrls: [...s.pushedUrls, pushed], idleClosesAt: null })));
    socket.on('recording:state', ({ recording }) => this.state.update({ recording }));
    socket.on('call:state', ({ state }) => void this.call.onState(state));
    socket.on('session:idle-warning', ({ closesAt }) => this.state.update({ idleClosesAt: closesAt }));
    socket.on('session:ended', ({ reason }) => this.finish(endedBy[reason]));
    socket.on('chat:state', ({ enabled }) => this.state.update((s) => (s.view ? { ...s, view: { ...s.view, chatEnabled: enabled } } : s)));
    socket.on('control:requested', ({ control, technicianName, helperDownload, preApproved }) => this.control.onRequested({ control, technicianName, helperDownload, preApproved }));
    socket.on('control:state', ({ control }) => this.control.onState(control));
    socket.on('cobrowse:requested', () => this.cobrowse.requested());
  }

  keepAlive(): void {
    this.state.update({ idleClosesAt: null });
    if (this.socket && this.sessionId) void request(this.socket, 'session:keep-alive', { sessionId: this.sessionId }).catch(() => undefined);
  }

  private applyView(view: SessionView): void {
    const merged = mergeMessages(this.state.get().messages, view.messages);
    this.state.update({
      view,
      pushedUrls: view.pushedUrls,
      recording: view.recording,
      messages: merged,
      technicianPresent: view.peerPresent,
      phase: view.consented ? 'in-session' : 'consent',
      error: null,
    });
    this.console = view.peerPresent ? view.peerConsoleId : null;
    if (view.consented && view.peerPresent && !this.keepsPeer()) this.startPeer();
    this.viewerLinks.reconcile(view.viewers);
    this.control.applyView(view.control);
    this.enforceRights();
  }

  /** The connection we have is to the console present now, and still up: nothing to rebuild. */
  private keepsPeer(): boolean {
    const connection = this.peer?.state.get().connection;
    return this.console !== null && this.console === this.peerConsole && (connection === 'connected' || connection === 'connecting');
  }

  /** The connection opens on consent (data channels and the screen transceiver), before anything is shared. */
  private startPeer(): void {
    const { view } = this.state.get();
    if (!view?.rtc || !this.socket || !this.sessionId) return;
    this.stopPeer();
    this.peerConsole = this.console;
    const socket = this.socket;
    const sessionId = this.sessionId;
    const connectionId = newConnectionId();
    const peer = new PeerLink({
      rtc: view.rtc,
      polite: false,
      initiator: true,
      connectionId,
      // The page shows the route only; the technician's side reads the figures every second.
      statsEveryMs: ROUTE_STATS_EVERY_MS,
      sendSignal: (signal) => void request(socket, 'rtc:signal', { sessionId, connectionId, signal }).catch(() => undefined),
      onDataChannel: (channel) => {
        if (channel.label === DataChannels.files.label) this.files.attach(channel);
        if (channel.label === DataChannels.annotations.label) this.annotations.attach(channel);
        if (channel.label === DataChannels.cobrowse.label) this.cobrowse.attach(channel);
      },
      // Only the session's technician's connection carries input; collaborators' connections are view-only.
      onInput: (message) => this.control.input(message),
      onScreenWanted: () => this.stillFilter?.refresh(),
    });
    this.peer = peer;
    this.unsubscribePeer = peer.state.subscribe(() => {
      const view = peerView(peer.state.get());
      if (!samePeerView(this.state.get().peer, view)) this.state.update({ peer: view });
      this.watchConnection(peer);
    });
    this.state.update({ peer: peerView(peer.state.get()) });
    const track = this.stillFilter?.track ?? this.screen?.getVideoTracks()[0];
    if (track) void peer.setScreenTrack(track);
  }

  /**
   * A network failure kills the connection (ICE 'failed', or 'disconnected' for long): the customer, who opens
   * connections, builds a new one. Screen and unfinished file transfers carry on over it.
   */
  private watchConnection(peer: PeerLink): void {
    const { connection } = peer.state.get();
    if (connection === 'connected' || connection === 'connecting') {
      clearTimeout(this.recoveryTimer);
      this.recoveryTimer = undefined;
      return;
    }
    if ((connection !== 'failed' && connection !== 'disconnected') || this.recoveryTimer) return;
    this.recoveryTimer = setTimeout(
      () => {
        this.recoveryTimer = undefined;
        if (this.peer === peer && peer.state.get().connection !== 'connected' && this.state.get().technicianPresent) this.startPeer();
      },
      connection === 'failed' ? 0 : DISCONNECTED_GRACE_MS,
    );
  }

  private stopPeer(): void {
    clearTimeout(this.recoveryTimer);
    this.recoveryTimer = undefined;
    // Unfinished transfers wait for the next connection and resume from what the receiver kept.
    this.files.detach();
    this.annotations.detach();
    this.unsubscribePeer?.();
    this.unsubscribePeer = null;
    this.peer?.close();
    this.peer = null;
    this.state.update({ peer: null });
  }

  private async startSharing(capture: Promise<MediaStream>, thisTab: boolean): Promise<void> {
    let screen: MediaStream;
    try {
      screen = await capture;
    } catch {
      this.state.update({ error: { code: 'share_denied' } });
      return;
    }
    // The rights may have changed while the browser's picker was open.
    if (!this.rights().screenView) {
      screen.getTracks().forEach((track) => track.stop());
      return this.refuseSharing();
    }
    this.screen?.getTracks().forEach((track) => track.stop());
    this.screen = screen;
    const track = screen.getVideoTracks()[0];
    // Whatever is shared may show this page: its password fields and private elements are blurred first.
    this.unmask ??= maskPrivateFields(document);
    const surface = (track.getSettings() as MediaTrackSettings & { displaySurface?: string }).displaySurface;
    const sharedSurface = surface === 'browser' ? (thisTab ? 'this-tab' : 'browser') : surface === 'window' ? 'window' : 'monitor';
    // The browser's own "Stop sharing" bar ends the track: treat it like our button.
    track.addEventListener('ended', () => {
      if (this.screen === screen) void this.stopSharing();
    });
    this.stillFilter?.stop();
    // A tab is captured only when it changes already; a screen or a window at the full capture rate.
    const filter =
      surface === 'browser'
        ? null
        : filterStillFrames(track, {
            onIdle: async (idle) => {
              // A filter replaced meanwhile (another screen shared) must not pause the new one's encoding.
              if (this.stillFilter !== filter) return;
              await Promise.all([this.peer?.setScreenPaused(idle), this.viewerLinks.setScreenPaused(idle)]);
            },
          });
    this.stillFilter = filter;
    const sent = this.stillFilter?.track ?? track;
    await this.peer?.setScreenTrack(sent);
    await this.viewerLinks.setScreenTrack(sent);
    this.state.update({ sharing: true, error: null, screenStream: screen, sharedSurface });
    // Control of the page maps points onto this tab: sharing anything else ends it.
    if (sharedSurface !== 'this-tab' && this.control.state.get().control?.mode === 'page') void this.control.revoke();
    await this.report(true);
  }

  private async report(sharing: boolean): Promise<void> {
    if (!this.socket || !this.sessionId) return;
    await request(this.socket, 'share:state', { sessionId: this.sessionId, sharing }).catch(() => undefined);
  }

  private addMessage(message: ChatMessage): void {
    this.state.update((current) => ({
      ...current,
      idleClosesAt: null,
      messages: mergeMessages(current.messages, [message]),
      technicianTyping: message.from === 'technician' ? false : current.technicianTyping,
    }));
  }

  private fail(error: unknown): void {
    const code = error instanceof RequestError ? error.code : 'network';
    if (code === 'session_closed' || code === 'unauthorized') this.finish(null);
    else this.state.update({ error: { code } });
  }

  private finish(endedBy: CustomerState['endedBy']): void {
    sessionStorage.removeItem(STORAGE_KEY);
    this.cobrowse.dispose();
    this.teardown();
    this.files.dispose();
    this.state.update({ phase: 'ended', endedBy: endedBy ?? this.state.get().endedBy, sharing: false, screenStream: null, sharedSurface: null, peer: null, reconnecting: false });
  }

  private teardown(): void {
    this.screen?.getTracks().forEach((track) => track.stop());
    this.screen = null;
    this.stillFilter?.stop();
    this.stillFilter = null;
    this.unmask?.();
    this.unmask = null;
    this.control.onState(null);
    this.stopPeer();
    this.viewerLinks.closeAll();
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }
}
