import type { Reason } from '../core/errors';
import { type CannedReplyView, type ChatMessage, DataChannels, type OwnStatus, type PushedUrl, type QualityPreset, type RtcConfig, type SessionSummary, type SessionView, type TeamMember, type TechStatusName, type TransferTargets } from '../protocol';
import { ConsoleToasts } from './console-toasts';
import type { FileTransfers } from './files/file-transfers';
import type { FileDirections } from './files/types';
import { Annotations } from './annotations';
import { VideoCall } from './video-call';
import { sessionFiles } from './files/session-files';
import { SessionAlerts } from './session-alerts';
import { captureFrame, SessionRecorder } from './session-recorder';
import { mergeMessages } from './chat-log';
import { ChatOutbox, type PendingMessage } from './chat-outbox';
import { newConnectionId, PeerLink, type PeerState } from './peer-link';
import { encodingPresets } from './quality-presets';
import { connectSignaling, request, RequestError, type SignalingSocket } from './signaling-client';
import { Store } from './store';
import { TechnicianControl } from './technician-control';
import { TechnicianCobrowse } from './technician-cobrowse';

export interface WorkspaceState {
  view: SessionView;
  messages: ChatMessage[];
  pendingMessages: PendingMessage[];
  customerTyping: boolean;
  notes: string;
  notesSavedAt: number | null;
  pushedUrls: PushedUrl[];
  /** Set when the server warned that the idle session will close at this time. */
  idleClosesAt: number | null;
  /** A recording of this session is running (as the server says). */
  recording: boolean;
  /** What the technician last did with evidence, for the status line (the page words it). */
  evidenceNote: EvidenceNote | null;
  /** What this console saved to the session's log, for the closed session's summary. */
  evidence: { screenshots: number; recordings: number };
  /** The note the session was resolved with from this console (the log keeps it for everyone). */
  resolution: string | null;
  customerPresent: boolean;
  customerSharing: boolean;
  rtc: RtcConfig | null;
  peer: PeerState | null;
}

const NOTES_SAVE_DELAY_MS = 600;
/** A closed session's tab stays this long (dimmed) before it closes by itself, unless it is the one in front. */
export const CLOSED_TAB_MS = 2 * 60_000;
/** Input in the console is reported at most this often: enough for an Away counted in minutes. */
const ACTIVITY_EVERY_MS = 20_000;

/** A refused request as the page shows it: a code, and the field and reasons when the server names them. */
export interface Refusal {
  code: string;
  retryAfterMs?: number;
  field?: string;
  reasons?: Reason[];
}

/** How a form's request ended: the same shape as a refused POST (web/lib/post-json.ts), so forms show both alike. */
export type Outcome = { ok: true } | ({ ok: false } & Refusal);

/** What happened with a screenshot or a recording; the console says it in the technician's language. */
export type EvidenceNote =
  | { kind: 'screenshotSaved'; width: number; height: number }
  | { kind: 'screenshotFailed' }
  | { kind: 'recording' }
  | { kind: 'recordingSaved' }
  | { kind: 'recordingFailed' };

/** Why a session left this console, for the status line; the console says it in the technician's language. */
export type ConsoleNotice =
  | { kind: 'invited'; from: string; customer: string }
  | { kind: 'stoppedWatching'; customer: string }
  | { kind: 'handedOver'; customer: string; to: string }
  | { kind: 'backInQueue'; customer: string; group: string };

export interface TechnicianState {
  connected: boolean;
  /** The technician's canned replies and the organisation's, by keyword. */
  canned: CannedReplyView[];
  sessions: SessionSummary[];
  selectedId: string | null;
  /** Sessions open in tabs, in the order they were opened. */
  openIds: string[];
  /** Customer messages not yet seen, per session (those not in the front tab). */
  unread: Record<string, number>;
  /** Links are shown once, at creation: only their hash is stored on the server. */
  links: Record<string, string>;
  workspaces: Record<string, WorkspaceState>;
  /** What happened to a session that left this console (transferred away), for the status line. */
  notice: ConsoleNotice | null;
  /** The last request that failed outside a form (forms show their own). */
  error: Refusal | null;
  /** This technician's status as the server keeps it (null until it said). */
  status: OwnStatus | null;
  /** Colleagues with a console open, and how they show. */
  team: TeamMember[];
  /** When each closed session's tab closes by itself (it is dimmed until then). */
  closingTabs: Record<string, number>;
  /** The server ended this sign-in, and why: the page goes to the sign-in form, which says it. */
  signedOut: 'inactive' | null;
}

/** Who the console belongs to: it decides which sessions are theirs to work and which only to see. */
export interface ConsoleOwner {
  id: string;
  role: string;
  /** Their group when the console loaded: its queue's unassigned sessions are theirs to see. */
  groupId: string | null;
  /**
   * The file directions their group allowed when the console loaded. This side refuses the others too, though
   * the side that binds is the customer's page (it hears the rights from the server, fresh).
   */
  files: FileDirections;
}

/**
 * The technician console's session logic: the live session list, opened sessions with their chat, and one
 * peer connection per opened session (polite side of perfect negotiation; the customer opens it).
 */
export class TechnicianClient {
  readonly state = new Store<TechnicianState>({
    connected: false,
    canned: [],
    sessions: [],
    selectedId: null,
    openIds: [],
    unread: {},
    links: {},
    workspaces: {},
    notice: null,
    error: null,
    status: null,
    team: [],
    closingTabs: {},
    signedOut: null,
  });

  /** What happened in the sessions not in front: joins, ends, messages, files. */
  readonly toasts = new ConsoleToasts();
  private lastActivityAt = -Infinity;
  private readonly closingTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly owner: ConsoleOwner) {}

  /** A session this console works on (opens, chats, connects); the others it only lists. */
  isMine(session: SessionSummary): boolean {
    return session.assignee?.id === this.owner.id;
  }

  /** A session this console was invited to watch: it opens it, sees the screen and chats, nothing more. */
  isViewing(session: SessionSummary): boolean {
    return !this.isMine(session) && session.collaborators.some((c) => c.id === this.owner.id);
  }

  get ownerId(): string {
    return this.owner.id;
  }

  /** Colleagues who could watch with you (the same list as transfer targets, without needing the transfer right). */
  collaboratorTargets(): Promise<TransferTargets | null> {
    return this.attempt(() => request(this.socket, 'collab:targets', {}));
  }

  async inviteCollaborator(sessionId: string, technicianId: string): Promise<Outcome> {
    return this.submit(async () => this.upsert((await request(this.socket, 'collab:invite', { sessionId, technicianId })).session));
  }

  /** Removes a collaborator (the session's technician), or stops watching (a collaborator, with their own id). */
  async removeCollaborator(sessionId: string, technicianId: string): Promise<void> {
    await this.changeSession(() => request(this.socket, 'collab:remove', { sessionId, technicianId }));
  }

  private socket!: SignalingSocket;
  private readonly peers = new Map<string, { link: PeerLink; unsubscribe: () => void }>();
  private readonly outboxes = new Map<string, ChatOutbox>();
  private readonly files = new Map<string, FileTransfers>();
  private readonly notesTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly recorders = new Map<string, SessionRecorder>();
  private readonly annotations = new Map<string, Annotations>();
  private readonly calls = new Map<string, VideoCall>();
  private readonly controls = new Map<string, TechnicianControl>();
  private readonly cobrowses = new Map<string, TechnicianCobrowse>();
  /** Desktop notification and sound when a customer joins one of this technician's sessions. */
  readonly alerts = new SessionAlerts();

  /** This console, for as long as the page lives (see `session:open`). */
  private readonly consoleId = newConnectionId();

  /** Connects signaling; idempotent, so React may call it from an effect that runs twice. */
  start(): void {
    if (this.socket) return;
    this.alerts.load();
    this.socket = connectSignaling({ role: 'technician' });
    const socket = this.socket;
    socket.on('connect', () => void this.onConnect());
    // Signaling dropped (a network blip, a server restart): the peer connections are the browsers' own and go on
    // carrying the screen; this console says it is the same one when it opens its sessions again (consoleId).
    socket.on('disconnect', (reason) => {
      this.state.update({ connected: false });
      // Sent away by the server (signed out, its sign-in ended): what this console saw ends with it.
      if (reason === 'io server disconnect') for (const id of [...this.peers.keys()]) this.closePeer(id);
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string; retryAfterMs?: number } }) => {
      if (error.data?.code) this.state.update({ error: { code: error.data.code, retryAfterMs: error.data.retryAfterMs } });
    });
    socket.on('session:updated', (session) => this.upsert(session));
    socket.on('tech:status', (status) => this.onStatus(status));
    socket.on('team:status', ({ team }) => this.state.update({ team }));
    socket.on('tech:signed-out', ({ reason }) => this.state.update({ signedOut: reason }));
    socket.on('collab:invited', ({ session, fromName }) => {
      this.upsert(session);
      this.state.update({ notice: { kind: 'invited', from: fromName, customer: session.customerName } });
      this.alerts.invitedToWatch(session.customerName, fromName, () => void this.select(session.id));
    });
    socket.on('chat:message', (message) => this.addMessage(message));
    socket.on('chat:typing', ({ sessionId, from, typing }) => {
      if (from === 'customer') this.patchWorkspace(sessionId, () => ({ customerTyping: typing }));
    });
    socket.on('peer:presence', ({ sessionId, peer, present }) => {
      if (peer !== 'customer') return;
      this.patchWorkspace(sessionId, (w) => ({ customerPresent: present, customerSharing: present && w.customerSharing }));
      if (!present) this.closePeer(sessionId);
    });
    socket.on('session:consented', ({ sessionId, rtc }) => this.patchWorkspace(sessionId, () => ({ rtc })));
    socket.on('share:state', ({ sessionId, sharing }) => this.patchWorkspace(sessionId, () => ({ customerSharing: sharing })));
    socket.on('cobrowse:state', ({ sessionId, cobrowse }) => this.patchWorkspace(sessionId, (w) => ({ view: { ...w.view, cobrowse } })));
    socket.on('rtc:signal', ({ sessionId, connectionId, signal }) => void this.peerFor(sessionId, connectionId)?.handleSignal(signal));
    socket.on('recording:state', ({ sessionId, recording }) => this.patchWorkspace(sessionId, () => ({ recording })));
    socket.on('call:state', ({ sessionId, state }) => void this.callFor(sessionId).onState(state));
    socket.on('session:idle-warning', ({ sessionId, closesAt }) => this.patchWorkspace(sessionId, () => ({ idleClosesAt: closesAt })));
    socket.on('chat:state', ({ sessionId, enabled }) => this.patchWorkspace(sessionId, (w) => ({ view: { ...w.view, chatEnabled: enabled } })));
    socket.on('control:state', ({ sessionId, control, change, problem }) => this.controls.get(sessionId)?.onState(control, change, problem));
    socket.on('helper:state', ({ sessionId, helper }) => this.controls.get(sessionId)?.onHelper(helper));
    socket.on('helper:signal', ({ sessionId, connectionId, signal }) => this.controls.get(sessionId)?.onHelperSignal(connectionId, signal));
    socket.on('input:signal', ({ sessionId, connectionId, signal }) => this.controls.get(sessionId)?.onPageInputSignal(connectionId, signal));
    socket.on('session:ended', ({ sessionId }) => {
      this.controls.get(sessionId)?.onState(null);
      this.controls.get(sessionId)?.onHelper(null);
      this.recorders.get(sessionId)?.abandon();
      this.closePeer(sessionId);
      this.patchWorkspace(sessionId, () => ({ customerPresent: false, customerSharing: false }));
    });
  }

  async createSession(customerName: string, values: Record<string, string> = {}): Promise<Outcome> {
    return this.submit(async () => {
      const { session, link } = await request(this.socket, 'session:create', { customerName, values });
      this.upsert(session);
      this.state.update((s) => ({ ...s, links: { ...s.links, [session.id]: link }, error: null }));
      await this.select(session.id);
    });
  }

  async select(sessionId: string): Promise<void> {
    const session = this.state.get().sessions.find((x) => x.id === sessionId);
    if (session && !this.isMine(session) && !this.isViewing(session)) {
      // Someone else's, or waiting unassigned: shown with "Assign to me", not opened.
      this.state.update({ selectedId: sessionId });
      return;
    }
    const previous = this.state.get().selectedId;
    this.state.update((s) => ({
      ...s,
      selectedId: sessionId,
      openIds: s.openIds.includes(sessionId) ? s.openIds : [...s.openIds, sessionId],
      unread: { ...s.unread, [sessionId]: 0 },
    }));
    this.toasts.dismissSession(sessionId);
    // A closed tab that was in front when its time came closes once the technician looks elsewhere.
    if (previous && previous !== sessionId && (this.state.get().closingTabs[previous] ?? Infinity) <= Date.now()) this.closeTab(previous);
    await this.open(sessionId);
  }

  /** Available, Busy or Away, as the technician says. */
  async setStatus(status: TechStatusName): Promise<void> {
    const answer = await this.attempt(() => request(this.socket, 'tech:status', { status }));
    if (answer) {
      this.state.update({ team: answer.team });
      this.onStatus(answer.status);
    }
  }

  /** Input in the console (a key, a click): keeps the technician from turning Away, and brings them back from it. */
  noteActivity(): void {
    const now = Date.now();
    if (!this.socket?.connected || now - this.lastActivityAt < ACTIVITY_EVERY_MS) return;
    this.lastActivityAt = now;
    void request(this.socket, 'tech:activity', {}).then(({ status }) => this.onStatus(status), () => undefined);
  }

  /** Back to Available (chosen, or at the next input after an automatic Away): the channels' waiting customers are offered again. */
  private onStatus(status: OwnStatus): void {
    const was = this.state.get().status?.status;
    this.state.update({ status });
    if (was && was !== 'available' && status.status === 'available') void this.refreshList();
  }

  private async refreshList(): Promise<void> {
    const answer = await this.attempt(() => request(this.socket, 'session:list', {}));
    if (answer) for (const session of answer.sessions) this.upsert(session);
  }

  /** Takes a session out of the tab strip; it stays in the list and keeps running. */
  closeTab(sessionId: string): void {
    clearTimeout(this.closingTimers.get(sessionId));
    this.closingTimers.delete(sessionId);
    this.state.update((s) => {
      const { [sessionId]: _closing, ...closingTabs } = s.closingTabs;
      s = { ...s, closingTabs };
      const openIds = s.openIds.filter((id) => id !== sessionId);
      const selectedId = s.selectedId === sessionId ? (openIds.at(-1) ?? null) : s.selectedId;
      return { ...s, openIds, selectedId };
    });
  }

  /** The page of messages before the oldest one shown in a session (it opens with the latest only). */
  async loadEarlier(sessionId: string): Promise<void> {
    const oldest = this.state.get().workspaces[sessionId]?.messages[0];
    if (!oldest) return;
    try {
      const { messages, earlier } = await request(this.socket, 'chat:history', { sessionId, before: oldest.id });
      this.patchWorkspace(sessionId, (w) => ({ messages: mergeMessages(w.messages, messages), view: { ...w.view, earlierMessages: earlier } }));
    } catch (error) {
      this.fail(error);
    }
  }

  /** Queues the message; it is delivered once, in order, even across a dropped connection. */
  sendChat(sessionId: string, text: string): void {
    this.outboxFor(sessionId).send(text);
  }

  async saveCanned(input: { keyword: string; text: string; shared: boolean }): Promise<Outcome> {
    return this.submit(async () => {
      const { reply } = await request(this.socket, 'canned:save', input);
      this.state.update((s) => ({ ...s, canned: [...s.canned, reply].sort((a, b) => a.keyword.localeCompare(b.keyword)), error: null }));
    });
  }

  async deleteCanned(id: string): Promise<void> {
    try {
      await request(this.socket, 'canned:delete', { id });
      this.state.update((s) => ({ ...s, canned: s.canned.filter((r) => r.id !== id) }));
    } catch (error) {
      this.fail(error);
    }
  }

  /** Saves the frame on screen as a PNG in the session's log. */
  async takeScreenshot(sessionId: string, video: HTMLVideoElement): Promise<void> {
    try {
      const png = await captureFrame(video);
      const response = await fetch(`/api/sessions/${sessionId}/screenshots`, { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: png });
      const body = (await response.json().catch(() => ({}))) as { width?: number; height?: number };
      const note: EvidenceNote = response.ok ? { kind: 'screenshotSaved', width: body.width ?? 0, height: body.height ?? 0 } : { kind: 'screenshotFailed' };
      this.patchWorkspace(sessionId, (w) => ({ evidenceNote: note, evidence: { ...w.evidence, screenshots: w.evidence.screenshots + (response.ok ? 1 : 0) } }));
    } catch {
      this.patchWorkspace(sessionId, () => ({ evidenceNote: { kind: 'screenshotFailed' } }));
    }
  }

  /** Starts or stops recording what the technician sees; the customer is told while it runs. */
  async toggleRecording(sessionId: string): Promise<void> {
    let recorder = this.recorders.get(sessionId);
    if (recorder?.state.get().recording) {
      await recorder.stop();
      this.patchWorkspace(sessionId, (w) => ({ evidenceNote: { kind: 'recordingSaved' }, evidence: { ...w.evidence, recordings: w.evidence.recordings + 1 } }));
      return;
    }
    const stream = this.state.get().workspaces[sessionId]?.peer?.remoteStream;
    if (!stream) return;
    recorder = new SessionRecorder(sessionId);
    this.recorders.set(sessionId, recorder);
    const started = await recorder.start(stream);
    this.patchWorkspace(sessionId, () => ({ evidenceNote: { kind: started ? 'recording' : 'recordingFailed' } }));
  }

  /** Keeps the notes as typed and saves them shortly after the last keystroke. */
  editNotes(sessionId: string, notes: string): void {
    this.patchWorkspace(sessionId, () => ({ notes }));
    clearTimeout(this.notesTimers.get(sessionId));
    this.notesTimers.set(
      sessionId,
      setTimeout(async () => {
        try {
          const { savedAt } = await request(this.socket, 'session:notes', { sessionId, notes });
          this.patchWorkspace(sessionId, () => ({ notesSavedAt: savedAt }));
        } catch (error) {
          this.fail(error);
        }
      }, NOTES_SAVE_DELAY_MS),
    );
  }

  async pushUrl(sessionId: string, url: string): Promise<Outcome> {
    return this.submit(async () => {
      const { pushed } = await request(this.socket, 'url:push', { sessionId, url });
      this.patchWorkspace(sessionId, (w) => ({ pushedUrls: [...w.pushedUrls, pushed], idleClosesAt: null }));
    });
  }

  keepAlive(sessionId: string): void {
    this.patchWorkspace(sessionId, () => ({ idleClosesAt: null }));
    void request(this.socket, 'session:keep-alive', { sessionId }).catch((error: unknown) => this.fail(error));
  }

  /** Asks the customer's browser to encode the screen with another preset (no new capture). */
  setQuality(sessionId: string, preset: QualityPreset): boolean {
    const { maxBitrate, maxFramerate } = encodingPresets[preset];
    this.controlFor(sessionId).setScreenQuality({ maxBitrate, maxFramerate });
    return this.peers.get(sessionId)?.link.requestPreset(preset) ?? false;
  }

  /**
   * Asks the customer's browser, and the helper while the console shows its screen, for a picture now: a video
   * element was just mounted or got another stream (another session's tab came back, a view changed), and a still
   * screen sends no frame until it changes (client/still-frames.ts, helper/screen-stream.ts).
   */
  requestScreenRefresh(sessionId: string): boolean {
    const helper = this.controls.get(sessionId)?.refreshHelperScreen() ?? false;
    const share = this.peers.get(sessionId)?.link.requestScreenRefresh() ?? false;
    return helper || share;
  }

  /** Asks the customer to share another screen; they choose it, the stream switches without renegotiation. */
  requestOtherScreen(sessionId: string): boolean {
    return this.peers.get(sessionId)?.link.requestOtherScreen() ?? false;
  }

  /** Turns chat on or off in the session, for both sides (the group's "chatToggle" right). */
  async setChat(sessionId: string, enabled: boolean): Promise<void> {
    await this.attempt(() => request(this.socket, 'chat:toggle', { sessionId, enabled }));
  }

  typing(sessionId: string, typing: boolean): void {
    if (this.socket.connected) void request(this.socket, 'chat:typing', { sessionId, typing }).catch(() => undefined);
  }

  async end(sessionId: string): Promise<void> {
    try {
      const { session } = await request(this.socket, 'session:end', { sessionId });
      this.upsert(session);
    } catch (error) {
      this.fail(error);
    }
    this.closePeer(sessionId);
  }

  /** "Assign to me": picks the session up from the queue and opens it. */
  async assignToMe(sessionId: string): Promise<boolean> {
    const done = await this.changeSession(() => request(this.socket, 'session:assign', { sessionId }));
    if (done) await this.select(sessionId);
    return done;
  }

  /** Changes custom field answers (fields the channel lets technicians edit, with the "edit custom fields" right). */
  editCustomFields(sessionId: string, values: Record<string, string>): Promise<Outcome> {
    return this.submit(async () => {
      this.upsert((await request(this.socket, 'session:custom-fields', { sessionId, values })).session);
    });
  }

  transferTargets(): Promise<TransferTargets | null> {
    return this.attempt(() => request(this.socket, 'transfer:targets', {}));
  }

  /** Hands the session over with a note; it leaves this console when the server confirms. */
  async transfer(sessionId: string, to: { kind: 'technician' | 'group'; id: string }, note: string): Promise<Outcome> {
    return this.submit(async () => {
      await this.outboxes.get(sessionId)?.flush();
      this.upsert((await request(this.socket, 'session:transfer', { sessionId, to, note })).session);
    });
  }

  async resolve(sessionId: string, note: string): Promise<Outcome> {
    const outcome = await this.submit(async () => this.upsert((await request(this.socket, 'session:resolve', { sessionId, note })).session));
    if (outcome.ok) {
      this.patchWorkspace(sessionId, () => ({ resolution: note.trim() || null }));
      this.closePeer(sessionId);
    }
    return outcome;
  }

  /** A form's request: its refusal goes back to the form, which shows it beside the field it is about. */
  private async submit(run: () => Promise<void>): Promise<Outcome> {
    try {
      await run();
      return { ok: true };
    } catch (error) {
      return { ok: false, ...refusalOf(error) };
    }
  }

  /** A request whose failure is shown in the console's error line; null when it failed. */
  private async attempt<T>(run: () => Promise<T>): Promise<T | null> {
    try {
      return await run();
    } catch (error) {
      this.fail(error);
      return null;
    }
  }

  /** A request that answers with the changed session, which the list and tabs take in; false when it failed. */
  private async changeSession(run: () => Promise<{ session: SessionSummary }>): Promise<boolean> {
    const answer = await this.attempt(run);
    if (answer) this.upsert(answer.session);
    return answer !== null;
  }

  dismissNotice(): void {
    this.state.update({ notice: null });
  }

  private async onConnect(): Promise<void> {
    this.state.update({ connected: true, error: null });
    // Connecting is not input (a laptop waking, a network blip): only keys and clicks report activity. The status
    // comes back through the team's update the server sends every console that connects.

    try {
      const [{ sessions }, { replies }] = await Promise.all([request(this.socket, 'session:list', {}), request(this.socket, 'canned:list', {})]);
      this.state.update({ sessions, canned: replies });
      // After a reconnect, take our place in the sessions we had open again (those still ours).
      for (const id of Object.keys(this.state.get().workspaces)) {
        const session = sessions.find((x) => x.id === id);
        if (session && (this.isMine(session) || this.isViewing(session))) await this.open(id);
        else this.letGo(id, null);
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private async open(sessionId: string): Promise<void> {
    try {
      const { view } = await request(this.socket, 'session:open', { sessionId, consoleId: this.consoleId });
      this.upsert(view.session);
      this.state.update((s) => {
        const previous = s.workspaces[sessionId];
        const workspace: WorkspaceState = {
          view,
          messages: mergeMessages(previous?.messages ?? [], view.messages),
          pendingMessages: previous?.pendingMessages ?? [],
          customerTyping: false,
          // Local edits not yet saved win over the server's copy.
          notes: previous?.notes ?? view.notes ?? '',
          notesSavedAt: previous?.notesSavedAt ?? null,
          pushedUrls: view.pushedUrls,
          idleClosesAt: previous?.idleClosesAt ?? null,
          recording: view.recording,
          evidenceNote: previous?.evidenceNote ?? null,
          evidence: previous?.evidence ?? { screenshots: 0, recordings: 0 },
          resolution: previous?.resolution ?? null,
          customerPresent: view.peerPresent,
          customerSharing: view.customerSharing,
          rtc: view.rtc,
          peer: previous?.peer ?? null,
        };
        return { ...s, workspaces: { ...s.workspaces, [sessionId]: workspace } };
      });
      const control = this.controlFor(sessionId);
      control.onState(view.control);
      if (view.helper && !control.state.get().helper) control.onHelper(view.helper);
      await this.outboxes.get(sessionId)?.flush();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Remote control of one session: asking the customer, the input the video sends, the helper for the desktop. */
  controlFor(sessionId: string): TechnicianControl {
    let control = this.controls.get(sessionId);
    if (!control) {
      control = new TechnicianControl({
        request: async (mode) => (await request(this.socket, 'control:request', { sessionId, mode })).control,
        stop: async () => {
          await request(this.socket, 'control:stop', { sessionId });
        },
        pageLink: () => this.peers.get(sessionId)?.link ?? null,
        rtc: () => this.state.get().workspaces[sessionId]?.rtc ?? null,
        sendHelperSignal: (connectionId, signal) => void request(this.socket, 'helper:signal', { sessionId, connectionId, signal }).catch(() => undefined),
        sendPageInputSignal: (connectionId, signal) => void request(this.socket, 'input:signal', { sessionId, connectionId, signal }).catch(() => undefined),
        coverScreen: (covered) => this.peers.get(sessionId)?.link.setScreenCovered(covered) ?? false,
      });
      this.controls.set(sessionId, control);
    }
    return control;
  }

  private outboxFor(sessionId: string): ChatOutbox {
    let outbox = this.outboxes.get(sessionId);
    if (!outbox) {
      outbox = new ChatOutbox(
        async ({ clientId, text }) => {
          if (!this.socket.connected) throw new RequestError('disconnected', 'Not connected');
          return (await request(this.socket, 'chat:send', { sessionId, text, clientId })).message;
        },
        {
          changed: (pendingMessages) => this.patchWorkspace(sessionId, () => ({ pendingMessages })),
          delivered: (message) => this.addMessage(message),
          failed: (error) => this.fail(error),
        },
      );
      this.outboxes.set(sessionId, outbox);
    }
    return outbox;
  }

  private addMessage(message: ChatMessage): void {
    const { selectedId, workspaces } = this.state.get();
    const known = workspaces[message.sessionId]?.messages.some((m) => m.id === message.id);
    if (message.from === 'customer' && message.sessionId !== selectedId && !known) {
      this.state.update((s) => ({ ...s, unread: { ...s.unread, [message.sessionId]: (s.unread[message.sessionId] ?? 0) + 1 } }));
      this.toastFor(message.sessionId, 'message', message.text);
    }
    this.patchWorkspace(message.sessionId, (w) => ({
      messages: mergeMessages(w.messages, [message]),
      idleClosesAt: null,
      customerTyping: message.from === 'customer' ? false : w.customerTyping,
    }));
  }

  /**
   * The customer's offer creates our side of the connection; a signal naming a new connection means the
   * customer rebuilt it (after a network failure), so ours is replaced rather than renegotiated.
   */
  private peerFor(sessionId: string, connectionId: string): PeerLink | null {
    const existing = this.peers.get(sessionId);
    if (existing?.link.connectionId === connectionId) return existing.link;
    if (existing) this.closePeer(sessionId);
    const rtc = this.state.get().workspaces[sessionId]?.rtc;
    if (!rtc) return null;
    const link = new PeerLink({
      rtc,
      polite: true,
      initiator: false,
      connectionId,
      sendSignal: (signal) => void request(this.socket, 'rtc:signal', { sessionId, connectionId, signal }).catch(() => undefined),
      onDataChannel: (channel) => {
        if (channel.label === DataChannels.files.label) this.filesFor(sessionId).attach(channel);
        if (channel.label === DataChannels.annotations.label) this.annotationsFor(sessionId).attach(channel);
        if (channel.label === DataChannels.cobrowse.label) this.cobrowseFor(sessionId).attach(channel);
      },
      onInputReport: (report) => this.controls.get(sessionId)?.onReport(report),
    });
    const unsubscribe = link.state.subscribe(() => this.patchWorkspace(sessionId, () => ({ peer: link.state.get() })));
    this.peers.set(sessionId, { link, unsubscribe });
    this.patchWorkspace(sessionId, () => ({ peer: link.state.get() }));
    return link;
  }

  /** The video call of one session (proposed by the technician). */
  callFor(sessionId: string): VideoCall {
    let call = this.calls.get(sessionId);
    if (!call) {
      call = new VideoCall({
        peer: () => this.peers.get(sessionId)?.link ?? null,
        propose: async () => {
          await request(this.socket, 'call:propose', { sessionId });
        },
        answer: async () => undefined,
        hangUp: async () => {
          await request(this.socket, 'call:end', { sessionId });
        },
      });
      this.calls.set(sessionId, call);
    }
    return call;
  }

  /** DOM co-browse of the page the customer's widget is on, in one session. */
  cobrowseFor(sessionId: string): TechnicianCobrowse {
    let cobrowse = this.cobrowses.get(sessionId);
    if (!cobrowse) {
      cobrowse = new TechnicianCobrowse({
        request: async () => {
          await request(this.socket, 'cobrowse:request', { sessionId });
        },
        control: () => this.controls.get(sessionId)?.state.get().control ?? null,
      });
      this.cobrowses.set(sessionId, cobrowse);
    }
    return cobrowse;
  }

  /** Asks the customer to let the technician co-browse their page; a refusal shows in the console's error line. */
  async requestCobrowse(sessionId: string): Promise<void> {
    await this.attempt(() => this.cobrowseFor(sessionId).request());
  }

  /** What the technician draws over the customer's screen in one session. */
  annotationsFor(sessionId: string): Annotations {
    let board = this.annotations.get(sessionId);
    if (!board) {
      board = new Annotations();
      this.annotations.set(sessionId, board);
    }
    return board;
  }

  /** File transfers of one session; they outlive its peer connections and resume on the next one. */
  filesFor(sessionId: string): FileTransfers {
    let files = this.files.get(sessionId);
    if (!files) {
      files = sessionFiles({ socket: () => this.socket, sessionId: () => sessionId, acceptRequestedFiles: true, allows: () => this.owner.files });
      this.files.set(sessionId, files);
      // A file the customer sends while another session is in front: a toast says so.
      const seen = new Set<string>();
      const store = files.state;
      store.subscribe(() => {
        for (const transfer of store.get().transfers) {
          if (transfer.direction !== 'incoming' || seen.has(transfer.id)) continue;
          seen.add(transfer.id);
          this.toastFor(sessionId, 'file', transfer.name);
        }
      });
    }
    return files;
  }

  private closePeer(sessionId: string): void {
    this.files.get(sessionId)?.detach();
    this.annotations.get(sessionId)?.detach();
    const entry = this.peers.get(sessionId);
    if (!entry) return;
    this.peers.delete(sessionId);
    entry.unsubscribe();
    entry.link.close();
    this.patchWorkspace(sessionId, () => ({ peer: null }));
  }

  /** A toast for a session of this console's that is not in front. */
  private toastFor(sessionId: string, kind: 'joined' | 'ended' | 'message' | 'file', detail: string | null = null): void {
    const { selectedId, sessions } = this.state.get();
    if (sessionId === selectedId) return;
    const session = sessions.find((s) => s.id === sessionId);
    if (!session || !(this.isMine(session) || this.isViewing(session))) return;
    this.toasts.push({ kind, sessionId, customer: session.customerName, detail });
  }

  /** A closed session's tab dims, and closes by itself after a while (not while it is the one in front). */
  private closeTabLater(sessionId: string): void {
    if (this.closingTimers.has(sessionId) || !this.state.get().openIds.includes(sessionId)) return;
    this.state.update((s) => ({ ...s, closingTabs: { ...s.closingTabs, [sessionId]: Date.now() + CLOSED_TAB_MS } }));
    this.closingTimers.set(sessionId, setTimeout(() => {
      this.closingTimers.delete(sessionId);
      if (this.state.get().selectedId !== sessionId) this.closeTab(sessionId);
    }, CLOSED_TAB_MS));
  }

  private upsert(session: SessionSummary): void {
    const before = this.state.get().sessions.find((x) => x.id === session.id);
    const mine = this.isMine(session);
    const viewing = this.isViewing(session);
    if (!mine && !viewing && this.state.get().workspaces[session.id]) {
      const wasViewing = before?.collaborators.some((c) => c.id === this.owner.id) && before.assignee?.id !== this.owner.id;
      const customer = session.customerName;
      this.letGo(
        session.id,
        wasViewing
          ? { kind: 'stoppedWatching', customer }
          : session.assignee
            ? { kind: 'handedOver', customer, to: session.assignee.name }
            : { kind: 'backInQueue', customer, group: session.group?.name ?? '' },
      );
    }
    // Only what this console may see stays listed: a master administrator sees everything live.
    const inMyQueue = session.assignee === null && session.group?.id === this.owner.groupId;
    const listed = mine || (viewing && session.state !== 'closed') || (session.state !== 'closed' && (inMyQueue || this.owner.role === 'master_admin'));
    if (!listed) {
      this.state.update((s) => ({ ...s, sessions: s.sessions.filter((x) => x.id !== session.id), selectedId: s.selectedId === session.id ? null : s.selectedId }));
      return;
    }
    // Watched until now and handed to this console: take the technician's place in it (its room and the customer's
    // connection), which watching did not.
    const wasWatching = before !== undefined && before.assignee?.id !== this.owner.id && before.collaborators.some((c) => c.id === this.owner.id);
    if (mine && wasWatching && this.state.get().workspaces[session.id]) void this.open(session.id);
    const newlyWaiting = session.state === 'waiting' && (before?.state === 'created' || (!before && session.assignee === null) || (before && before.assignee !== null && session.assignee === null));
    if (newlyWaiting && (mine || session.assignee === null)) {
      this.alerts.customerWaiting(session.customerName, () => void this.select(session.id));
    }
    const closedNow = session.state === 'closed' && before !== undefined && before.state !== 'closed';
    this.state.update((s) => {
      const others = s.sessions.filter((x) => x.id !== session.id);
      const sessions = [session, ...others].sort((a, b) => b.createdAt - a.createdAt);
      const workspace = s.workspaces[session.id];
      const workspaces = workspace ? { ...s.workspaces, [session.id]: { ...workspace, view: { ...workspace.view, session } } } : s.workspaces;
      return { ...s, sessions, workspaces };
    });
    if (before?.state === 'created' && session.state === 'waiting' && mine) this.toastFor(session.id, 'joined');
    if (closedNow && (mine || viewing)) {
      this.toastFor(session.id, 'ended');
      this.closeTabLater(session.id);
    }
  }

  /** A session this console worked on is no longer its own: its connection, recorder and tab go. */
  private letGo(sessionId: string, notice: ConsoleNotice | null): void {
    this.recorders.get(sessionId)?.abandon();
    this.recorders.delete(sessionId);
    void this.calls.get(sessionId)?.onState('ended');
    this.controls.get(sessionId)?.dispose();
    this.controls.delete(sessionId);
    this.cobrowses.get(sessionId)?.unmount();
    this.cobrowses.delete(sessionId);
    this.closePeer(sessionId);
    this.state.update((s) => {
      const { [sessionId]: _gone, ...workspaces } = s.workspaces;
      const openIds = s.openIds.filter((id) => id !== sessionId);
      return { ...s, workspaces, openIds, selectedId: s.selectedId === sessionId ? null : s.selectedId, notice: notice ?? s.notice };
    });
  }

  private patchWorkspace(sessionId: string, change: (workspace: WorkspaceState) => Partial<WorkspaceState>): void {
    this.state.update((s) => {
      const workspace = s.workspaces[sessionId];
      if (!workspace) return s;
      return { ...s, workspaces: { ...s.workspaces, [sessionId]: { ...workspace, ...change(workspace) } } };
    });
  }

  private fail(error: unknown): void {
    if (!(error instanceof RequestError)) console.warn('Lifeline: a console request failed', error);
    this.state.update({ error: refusalOf(error) });
  }
}

function refusalOf(error: unknown): Refusal {
  if (!(error instanceof RequestError)) return { code: 'internal' };
  const { code, retryAfterMs, field, reasons } = error;
  return { code, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), ...(field ? { field } : {}), ...(reasons?.length ? { reasons } : {}) };
}
