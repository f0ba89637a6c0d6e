'use client';

import type { Permissions } from '../../../core/organisation/permissions';
import { type FormEvent, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { CannedReplyView, SessionSummary } from '../../../signaling/protocol';
import { Brand } from '../../components/Brand';
import { CallPanel } from '../../components/CallPanel';
import { ChatPanel } from '../../components/ChatPanel';
import { CopyButton } from '../../components/CopyButton';
import { FileTransfersPanel } from '../../components/FileTransfersPanel';
import { IdleWarning } from '../../components/IdleWarning';
import { SignOutButton } from '../../components/SignOutButton';
import { ThemeToggle } from '../../components/ThemeToggle';
import { describeError, stateLabels } from '../../lib/messages';
import type { SessionAlerts } from '../../rtc/session-alerts';
import { TechnicianClient, type TechnicianState, type WorkspaceState } from '../../rtc/technician-client';
import { ANNOTATION_COLOURS, AnnotationOverlay, AnnotationTools } from './AnnotationOverlay';
import { CannedRepliesManager } from './CannedRepliesManager';
import { RemoteScreen, type ViewMode } from './RemoteScreen';
import { ScreenToolbar } from './ScreenToolbar';
import { CollaboratorsPanel, ViewingNotice } from './Collaborators';
import { HandOver } from './HandOver';
import { Queue, QueueDetail } from './Queue';
import { SessionTools } from './SessionTools';

interface ConsoleUser {
  id: string;
  role: string;
  groupId: string | null;
  name: string;
  nickname: string;
  email: string;
}

export function Console({ user, organisationName, rights }: { user: ConsoleUser; organisationName: string; rights: Permissions }) {
  const [client] = useState(() => new TechnicianClient({ id: user.id, role: user.role, groupId: user.groupId }));
  const state = useSyncExternalStore(client.state.subscribe, client.state.get, client.state.get);
  useEffect(() => client.start(), [client]);

  const selected = state.selectedId ? state.sessions.find((s) => s.id === state.selectedId) : undefined;
  const workspace = state.selectedId ? state.workspaces[state.selectedId] : undefined;

  return (
    <div className="console">
      <header className="topbar">
        <h1 className="visually-hidden">Technician console</h1>
        <Brand name={organisationName} />
        <div className="row">
          <span className="muted" aria-live="polite">{state.connected ? '' : 'Connecting to the server…'}</span>
          <a href="/console/log" className="topbar-link" data-testid="session-log-link">Session log</a>
          {user.role !== 'technician' && <a href="/admin" className="topbar-link" data-testid="admin-link">Admin center</a>}
          <a href="/account" className="topbar-link" data-testid="account-link">Account</a>
          <span>{user.name}</span>
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      <div className="console-body">
        <aside className="sidebar" aria-label="Sessions">
          <NewSession client={client} allowed={rights.privateSessions} />
          <AlertSettingsPanel alerts={client.alerts} />
          <CannedRepliesManager client={client} replies={state.canned} canShare={user.role === 'master_admin'} />
          {state.error && <p className="error" role="alert">{describeError(state.error.code)}</p>}
          {state.notice && (
            <p className="notice-line" role="status" data-testid="console-notice">
              {state.notice}{' '}
              <button type="button" className="ghost small" onClick={() => client.dismissNotice()} aria-label="Dismiss">✕</button>
            </p>
          )}
          <Queue client={client} sessions={state.sessions} selectedId={state.selectedId} canSeeAll={user.role === 'master_admin'} />
        </aside>
        <div className="workspace-area">
          {state.openIds.length > 0 && <SessionTabs client={client} state={state} />}
          {selected && workspace ? (
            <Workspace
              client={client}
              session={selected}
              workspace={workspace}
              link={state.links[selected.id]}
              canned={state.canned}
              canTransfer={rights.transferSessions}
              canInvite={rights.inviteCollaborators}
            />
          ) : selected && !client.isMine(selected) && !client.isViewing(selected) ? (
            <QueueDetail client={client} session={selected} canTakeOver={user.role === 'master_admin'} />
          ) : (
            <main className="empty">Select a session, or create a new one.</main>
          )}
        </div>
      </div>
    </div>
  );
}

/** The sessions the technician works on at once; each keeps its connection, chat and files when not in front. */
function SessionTabs({ client, state }: { client: TechnicianClient; state: TechnicianState }) {
  return (
    <nav className="session-tabs" aria-label="Open sessions">
      {state.openIds.map((id) => {
        const session = state.sessions.find((s) => s.id === id);
        if (!session) return null;
        const unread = state.unread[id] ?? 0;
        return (
          <div key={id} className="session-tab" data-active={id === state.selectedId}>
            <button
              type="button"
              className="tab"
              aria-current={id === state.selectedId ? 'true' : undefined}
              data-testid="session-tab"
              data-session-id={id}
              onClick={() => void client.select(id)}
            >
              <span className={`dot${session.state === 'active' ? ' ok' : ''}`} aria-hidden="true" /> {session.customerName}
              {unread > 0 && (
                <span className="badge unread" data-testid="tab-unread" aria-label={`${unread} new messages`}>
                  {unread}
                </span>
              )}
            </button>
            <button type="button" className="ghost small tab-close" aria-label={`Close the tab of ${session.customerName}`} onClick={() => client.closeTab(id)}>
              ✕
            </button>
          </div>
        );
      })}
    </nav>
  );
}

function AlertSettingsPanel({ alerts }: { alerts: SessionAlerts }) {
  const settings = useSyncExternalStore(alerts.settings.subscribe, alerts.settings.get, alerts.settings.get);
  return (
    <div className="alert-settings">
      <label className="row checkbox">
        <input type="checkbox" checked={settings.sound} onChange={(event) => alerts.setSound(event.target.checked)} data-testid="alert-sound" />
        <span>Sound when a customer joins</span>
      </label>
      {settings.permission === 'default' && (
        <button type="button" className="secondary small" onClick={() => void alerts.enableNotifications()} data-testid="alert-enable">
          Turn on desktop notifications
        </button>
      )}
      {settings.permission === 'denied' && <p className="muted field-hint">Desktop notifications are blocked in this browser's site settings.</p>}
    </div>
  );
}

function NewSession({ client, allowed }: { client: TechnicianClient; allowed: boolean }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const session = await client.createSession(name);
    setBusy(false);
    if (session) {
      setName('');
      setOpen(false);
    }
  }

  if (!allowed) {
    return (
      <div>
        <button type="button" data-testid="new-session" disabled aria-describedby="new-session-why">+ New session</button>
        <p id="new-session-why" className="field-hint" data-testid="new-session-why">Your group does not allow private sessions. Pick up sessions from the queue, or ask your administrator.</p>
      </div>
    );
  }
  if (!open) {
    return (
      <button type="button" data-testid="new-session" onClick={() => setOpen(true)}>
        + New session
      </button>
    );
  }
  return (
    <form onSubmit={submit} className="card" aria-label="New session">
      <div className="field">
        <label htmlFor="customer-name">Customer name</label>
        <input id="customer-name" data-testid="customer-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} autoFocus />
      </div>
      <div className="row">
        <button type="submit" data-testid="create-session" disabled={busy || !name.trim()}>
          Create
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Workspace({
  client,
  session,
  workspace,
  link,
  canned,
  canTransfer,
  canInvite,
}: {
  client: TechnicianClient;
  session: SessionSummary;
  workspace: WorkspaceState;
  link?: string;
  canned: CannedReplyView[];
  canTransfer: boolean;
  canInvite: boolean;
}) {
  // A collaborator watches and chats; the tools that act on the session stay with its technician.
  const viewing = client.isViewing(session);
  const peer = workspace.peer;
  const live = session.state !== 'closed';
  const stream = workspace.customerSharing ? peer?.remoteStream : null;
  const [mode, setMode] = useState<ViewMode>('fit');
  const frame = useRef<HTMLDivElement>(null);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [colour, setColour] = useState<string>(ANNOTATION_COLOURS[0]);
  const screenshot = () => {
    if (video) void client.takeScreenshot(session.id, video);
  };
  return (
    <main className="workspace">
      <section className="screen-area" aria-label="Customer screen">
        <div className="spread">
          <h2 style={{ margin: 0 }}>{session.customerName}</h2>
          <div className="row">
            <span className={`badge ${session.state}`} data-testid="session-status" data-state={session.state}>
              {stateLabels[session.state]}
            </span>
            {peer?.route && (
              <span className="badge" data-testid="connection-route" data-route={peer.route} data-local-type={peer.localCandidateType ?? ''}>
                {peer.route === 'relay' ? 'Relayed' : 'Direct'}
              </span>
            )}
          </div>
        </div>
        {live && (
          <ScreenToolbar
            peer={peer}
            mode={mode}
            onMode={setMode}
            onFullScreen={() => void frame.current?.requestFullscreen().catch(() => undefined)}
            onPreset={(preset) => client.setQuality(session.id, preset)}
            onOtherScreen={workspace.customerSharing && !viewing ? () => client.requestOtherScreen(session.id) : undefined}
            onScreenshot={stream && !viewing ? screenshot : undefined}
            onRecord={(stream || workspace.recording) && !viewing ? () => void client.toggleRecording(session.id) : undefined}
            recording={workspace.recording}
          />
        )}
        {stream && !viewing && (
          <AnnotationTools annotations={client.annotationsFor(session.id)} drawing={drawing} onDrawing={setDrawing} colour={colour} onColour={setColour} />
        )}
        {live && workspace.evidenceNote && (
          <p className="muted evidence-note" role="status" data-testid="evidence-status">{workspace.evidenceNote}</p>
        )}
        <div className={`screen-frame${mode === 'actual' ? ' scrollable' : ''}`} ref={frame}>
          {stream ? (
            <>
              <RemoteScreen stream={stream} customerName={session.customerName} mode={mode} onVideo={setVideo} />
              <AnnotationOverlay annotations={client.annotationsFor(session.id)} video={video} drawing={drawing} colour={colour} />
            </>
          ) : (
            <p className="screen-placeholder">{placeholderText(session, workspace)}</p>
          )}
        </div>
      </section>
      <aside className="side-panel" aria-label="Session details">
        {viewing && <ViewingNotice client={client} session={session} me={client.ownerId} />}
        {session.state === 'created' && !viewing && <Invite session={session} link={link} />}
        {workspace.view.handoff && (
          <section className="card notice handoff" aria-label="Transfer note" data-testid="handoff-note">
            <p className="handoff-from"><strong>{workspace.view.handoff.fromName}</strong> transferred this session to you.</p>
            {workspace.view.handoff.note && <p className="handoff-text">{workspace.view.handoff.note}</p>}
          </section>
        )}
        {live && workspace.idleClosesAt && <IdleWarning closesAt={workspace.idleClosesAt} onKeepAlive={() => client.keepAlive(session.id)} />}
        <div className="chat-wrap">
          <ChatPanel
            messages={workspace.messages}
            pending={workspace.pendingMessages}
            me="technician"
            onSend={(text) => client.sendChat(session.id, text)}
            onTyping={(typing) => client.typing(session.id, typing)}
            otherTyping={workspace.customerTyping ? session.customerName : null}
            canned={canned}
            disabled={!live}
          />
        </div>
        {session.state === 'active' && workspace.customerPresent && !viewing && (
          <CallPanel call={client.callFor(session.id)} remote={peer?.remoteCallStream ?? null} side="technician" peerName={session.customerName} />
        )}
        {session.state === 'active' && !viewing && (
          <FileTransfersPanel files={client.filesFor(session.id)} side="technician" peerName={session.customerName} />
        )}
        {live && !viewing && canInvite && <CollaboratorsPanel client={client} session={session} />}
        {!viewing && <SessionTools
          notes={workspace.notes}
          notesSavedAt={workspace.notesSavedAt}
          onNotes={(notes) => client.editNotes(session.id, notes)}
          pushedUrls={workspace.pushedUrls}
          onPushUrl={(url) => client.pushUrl(session.id, url)}
          canPush={session.state === 'active'}
        />}
        {live && !viewing && <HandOver client={client} session={session} canTransfer={canTransfer} />}
        {live && !viewing && (
          <button type="button" className="danger" data-testid="end-session" onClick={() => void client.end(session.id)}>
            End session
          </button>
        )}
      </aside>
    </main>
  );
}

function Invite({ session, link }: { session: SessionSummary; link?: string }) {
  const minutes = Math.max(0, Math.round((session.codeExpiresAt - Date.now()) / 60000));
  return (
    <section className="invite card" aria-label="Invite the customer">
      <h2>Invite {session.customerName}</h2>
      <p className="muted" style={{ margin: 0 }}>Read the code out or send the link. Valid for about {minutes} minutes, once.</p>
      <div className="spread">
        <span className="invite-code" data-testid="session-code">{session.code}</span>
        {session.code && <CopyButton value={session.code} label="Copy code" testId="copy-code" />}
      </div>
      {link && (
        <div className="spread">
          <code className="invite-link" data-testid="session-link">{link}</code>
          <CopyButton value={link} label="Copy link" testId="copy-link" />
        </div>
      )}
    </section>
  );
}

function placeholderText(session: SessionSummary, workspace: WorkspaceState): string {
  switch (session.state) {
    case 'created':
      return 'Waiting for the customer to enter the code or open the link.';
    case 'waiting':
      return 'The customer joined and is reading the consent request.';
    case 'closed':
      return 'This session has ended.';
    case 'active':
      if (!workspace.customerPresent) return 'The customer is not connected right now.';
      return workspace.peer?.connection === 'connected'
        ? 'Connected. Ask the customer to press "Share my screen".'
        : 'Connecting to the customer…';
  }
}

