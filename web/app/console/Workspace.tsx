'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Permissions } from '../../../core/organisation/permissions';
import type { CannedReplyView, SessionSummary } from '../../../protocol';
import { CallPanel } from '../../components/CallPanel';
import { ChatPanel } from '../../components/ChatPanel';
import { CopyButton } from '../../components/CopyButton';
import { FileTransfersPanel } from '../../components/FileTransfersPanel';
import { IdleWarning } from '../../components/IdleWarning';
import type { EvidenceNote, TechnicianClient, WorkspaceState } from '../../../client/technician-client';
import { helperScreenShown } from '../../../client/technician-control';
import { ANNOTATION_COLOURS, AnnotationOverlay, AnnotationTools } from './AnnotationOverlay';
import { ClosedSummary } from './ClosedSummary';
import { CobrowseRequest, CobrowseView } from './CobrowseView';
import { CollaboratorsPanel, ViewingNotice } from './Collaborators';
import { ControlPanel, HelperPanel } from './ControlPanel';
import { CustomFieldsPanel } from './CustomFields';
import { EndSession } from './EndSession';
import { HandOver } from './HandOver';
import { type PanelTab, PanelTabs } from './PanelTabs';
import { RemoteScreen, type ViewMode } from './RemoteScreen';
import { ScreenToolbar } from './ScreenToolbar';
import { SessionTools } from './SessionTools';
import { useShortcuts } from './Shortcuts';
import { SystemInfoPanel } from './SystemInfoPanel';

type WorkspaceRights = Pick<Permissions, 'remoteControl' | 'systemInfo' | 'reboot' | 'chatToggle' | 'clipboardSync' | 'editCustomFields' | 'screenView' | 'sendFiles' | 'receiveFiles' | 'recordSessions'>;

/**
 * One session in front of the technician: a single toolbar row over the customer's screen, which takes the rest
 * of the height, and the session's panel beside it in tabs (Chat, Files, Notes, Details). A closed session shows
 * its summary where the screen was.
 */
export function Workspace({
  client,
  session,
  workspace,
  link,
  canned,
  canTransfer,
  canInvite,
  rights,
}: {
  client: TechnicianClient;
  session: SessionSummary;
  workspace: WorkspaceState;
  link?: string;
  canned: CannedReplyView[];
  canTransfer: boolean;
  canInvite: boolean;
  /** The group's rights for what happens inside the session (remote control and the helper's extras). */
  rights: WorkspaceRights;
}) {
  // A collaborator watches and chats; the tools that act on the session stay with its technician.
  const viewing = client.isViewing(session);
  const t = useTranslations('console');
  const tw = useTranslations('workspace');
  const tStates = useTranslations('sessionStates');
  const tChat = useTranslations('chat');
  const peer = workspace.peer;
  const live = session.state !== 'closed';
  const active = session.state === 'active';
  const control = client.controlFor(session.id);
  // The helper's own screen while it controls the desktop (sharper and quicker than the browser's share).
  const helperScreen = useSyncExternalStore(control.state.subscribe, () => helperScreenShown(control.state.get()), () => null);
  const stream = helperScreen ?? (workspace.customerSharing ? peer?.remoteStream : null);
  const cobrowse = workspace.view.cobrowse;
  const [mode, setMode] = useState<ViewMode>('fit');
  const frame = useRef<HTMLDivElement>(null);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  // A new element shows nothing of a still screen until it changes: ask the customer's side for a picture.
  useEffect(() => {
    if (video) client.requestScreenRefresh(session.id);
  }, [video, client, session.id, helperScreen]);
  const [drawing, setDrawing] = useState(false);
  const [colour, setColour] = useState<string>(ANNOTATION_COLOURS[0]);
  const [tab, setTab] = useState<PanelTab>('chat');
  const requestControl = useRef<(() => void) | null>(null);
  const controlling = useSyncExternalStore(control.state.subscribe, () => control.state.get().control?.state === 'granted', () => false);
  const canDraw = Boolean(stream) && !viewing;
  const canAct = active && !viewing;

  const screenshot = () => {
    if (video) void client.takeScreenshot(session.id, video);
  };
  const fullScreen = () => void frame.current?.requestFullscreen().catch(() => undefined);
  useEffect(() => {
    if (!canDraw) setDrawing(false);
  }, [canDraw]);
  // Escape leaves full screen, also where the browser leaves the key to the page (a kiosk, a headless browser).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !controlling && document.fullscreenElement && document.fullscreenElement === frame.current) void document.exitFullscreen().catch(() => undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controlling]);

  // A message from the customer while another tab is in front marks the Chat tab until it is looked at.
  const chatDot = useUnreadDot(workspace.messages.filter((m) => m.from === 'customer').length, tab === 'chat');
  const files = client.filesFor(session.id);
  const filesState = useSyncExternalStore(files.state.subscribe, files.state.get, files.state.get);
  const filesWaiting = filesState.transfers.some((x) => x.direction === 'incoming' && x.state === 'offered') || filesState.requests.some((r) => r.direction === 'incoming' && r.state === 'open');

  useShortcuts((action) => {
    // While the technician controls the customer's screen, their keys are the customer's.
    if (controlling) return false;
    switch (action) {
      case 'focusChat':
        setTab('chat');
        requestAnimationFrame(() => document.getElementById('chat-input-technician')?.focus());
        return true;
      case 'requestControl':
        if (!requestControl.current) return false;
        requestControl.current();
        return true;
      case 'screenshot':
        if (!stream || viewing) return false;
        screenshot();
        return true;
      case 'fullScreen':
        if (!live) return false;
        fullScreen();
        return true;
      case 'fit':
      case 'actualSize':
        setMode(action === 'fit' ? 'fit' : 'actual');
        return true;
      case 'draw':
        if (!canDraw) return false;
        setDrawing(!drawing);
        return true;
      default:
        return false;
    }
  });

  const finished = !live;
  return (
    <main className="workspace">
      <section className="screen-area" aria-label={t('customerScreen')}>
        <div className="ws-bar">
          <div className="ws-identity">
            <h2 className="ws-name" title={session.customerName}>{session.customerName}</h2>
            {/* While live, the tab's green dot says it: the words stay for screen readers only. */}
            <span className={`badge ${session.state}${session.state === 'active' ? ' visually-hidden' : ''}`} data-testid="session-status" data-state={session.state}>
              {tStates(session.state)}
            </span>
            {peer?.connection === 'connected' && peer.sas && !viewing && (
              <span className="badge sas" data-testid="sas-code" data-code={peer.sas.replace(' ', '')} title={t('sasHint', { customer: session.customerName })}>
                <span aria-hidden="true">{peer.sas}</span>
                <span className="visually-hidden">{t('sasCode', { code: peer.sas })}</span>
              </span>
            )}
          </div>
          {live && (
            <ScreenToolbar
              peer={peer}
              mode={mode}
              onMode={setMode}
              onFullScreen={fullScreen}
              onPreset={(preset) => client.setQuality(session.id, preset)}
              onOtherScreen={workspace.customerSharing && !viewing ? () => client.requestOtherScreen(session.id) : undefined}
              onScreenshot={stream && !viewing ? screenshot : undefined}
              onRecord={(stream || workspace.recording) && !viewing && rights.recordSessions ? () => void client.toggleRecording(session.id) : undefined}
              recording={workspace.recording}
              drawing={drawing}
              onDrawing={canDraw ? setDrawing : undefined}
            />
          )}
          {canAct && !cobrowse.active && (
            <CobrowseRequest client={client} sessionId={session.id} cobrowse={cobrowse} customerName={session.customerName} canRequest={rights.screenView} />
          )}
          {canAct && (
            <ControlPanel
              control={control}
              customerName={session.customerName}
              video={video}
              allowed={rights.remoteControl}
              surface={{ cobrowse: cobrowse.active || cobrowse.available, sharing: workspace.customerSharing }}
              requestRef={requestControl}
            />
          )}
          {live && !viewing && (
            <div className="ws-finish">
              <HandOver client={client} session={session} canTransfer={canTransfer} />
              <EndSession customerName={session.customerName} onEnd={() => client.end(session.id)} />
            </div>
          )}
        </div>
        {drawing && canDraw && (
          <AnnotationTools annotations={client.annotationsFor(session.id)} drawing={drawing} onDrawing={setDrawing} colour={colour} onColour={setColour} />
        )}
        {finished ? (
          <div className="summary-area">
            <ClosedSummary session={session} workspace={workspace} files={files} />
          </div>
        ) : (
          <div
            className={`screen-frame${mode === 'actual' ? ' scrollable' : ''}${controlling ? ' controlling' : ''}`}
            ref={frame}
            data-testid="screen-frame"
            data-controlling={controlling}
            data-keys="remote"
            tabIndex={-1}
          >
            {cobrowse.active && canAct ? (
              <CobrowseView client={client} sessionId={session.id} cobrowse={cobrowse} customerName={session.customerName} />
            ) : stream ? (
              <>
                <RemoteScreen stream={stream} source={helperScreen ? 'helper' : 'share'} customerName={session.customerName} mode={mode} onVideo={setVideo} />
                <AnnotationOverlay annotations={client.annotationsFor(session.id)} video={video} drawing={drawing} colour={colour} />
              </>
            ) : session.state === 'created' && !viewing ? (
              <Invite session={session} link={link} />
            ) : (
              <p className="screen-placeholder">{t(`placeholder.${placeholderOf(session, workspace)}`)}</p>
            )}
            {controlling && <span className="control-chip" aria-hidden="true">{tw('control.chip', { customer: session.customerName })}</span>}
            <EvidenceToast note={workspace.evidenceNote} />
          </div>
        )}
      </section>
      <aside className="side-panel" aria-label={t('sessionDetails')}>
        {viewing && <ViewingNotice client={client} session={session} me={client.ownerId} />}
        {live && workspace.idleClosesAt && <IdleWarning closesAt={workspace.idleClosesAt} onKeepAlive={() => client.keepAlive(session.id)} />}
        <PanelTabs
          label={t('sessionDetails')}
          selected={tab}
          onSelect={setTab}
          tabs={[
            { id: 'chat', label: tw('tabs.chat'), dot: chatDot ? tw('tabs.newMessage') : null },
            { id: 'files', label: tw('tabs.files'), dot: filesWaiting && tab !== 'files' ? tw('tabs.fileWaiting') : null },
            { id: 'notes', label: tw('tabs.notes') },
            { id: 'details', label: tw('tabs.details') },
          ]}
          panels={{
            chat: (
              <div className="chat-tab">
                {workspace.view.handoff && (
                  <section className="card notice handoff" aria-label={t('handoffLabel')} data-testid="handoff-note">
                    <p className="handoff-from">{t.rich('handoffFrom', { name: workspace.view.handoff.fromName, strong: (chunks) => <strong>{chunks}</strong> })}</p>
                    {workspace.view.handoff.note && <p className="handoff-text">{workspace.view.handoff.note}</p>}
                  </section>
                )}
                {active && workspace.customerPresent && !viewing && (
                  <CallPanel call={client.callFor(session.id)} remote={peer?.remoteCallStream ?? null} side="technician" peerName={session.customerName} />
                )}
                <ChatPanel
                  messages={workspace.messages}
                  pending={workspace.pendingMessages}
                  me="technician"
                  onSend={(text) => client.sendChat(session.id, text)}
                  onTyping={(typing) => client.typing(session.id, typing)}
                  otherTyping={workspace.customerTyping ? session.customerName : null}
                  canned={canned}
                  disabled={!live}
                  off={workspace.view.chatEnabled ? null : tChat('offTechnician', { customer: session.customerName })}
                  onEarlier={workspace.view.earlierMessages ? () => void client.loadEarlier(session.id) : undefined}
                  action={
                    live && !viewing && rights.chatToggle ? (
                      <button type="button" className="secondary small" data-testid="chat-toggle" aria-pressed={workspace.view.chatEnabled} onClick={() => void client.setChat(session.id, !workspace.view.chatEnabled)}>
                        {workspace.view.chatEnabled ? tChat('turnOff') : tChat('turnOn')}
                      </button>
                    ) : null
                  }
                />
              </div>
            ),
            files: canAct && (rights.sendFiles || rights.receiveFiles) ? (
              <FileTransfersPanel files={files} side="technician" peerName={session.customerName} allows={{ send: rights.sendFiles, receive: rights.receiveFiles }} />
            ) : (
              <p className="muted">{finished ? tw('filesInSummary') : viewing ? tw('filesViewing') : tw('filesLater', { customer: session.customerName })}</p>
            ),
            notes: viewing ? (
              <p className="muted">{tw('notesViewing')}</p>
            ) : (
              <SessionTools
                notes={workspace.notes}
                notesSavedAt={workspace.notesSavedAt}
                onNotes={(notes) => client.editNotes(session.id, notes)}
                pushedUrls={workspace.pushedUrls}
                onPushUrl={(url) => client.pushUrl(session.id, url)}
                canPush={active}
              />
            ),
            details: (
              <div className="details-tab">
                {!viewing && <CustomFieldsPanel client={client} session={session} canEdit={rights.editCustomFields} />}
                {canAct && <HelperPanel control={control} rights={{ systemInfo: rights.systemInfo, reboot: rights.reboot, clipboardSync: rights.clipboardSync }} />}
                {canAct && <SystemInfoPanel control={control} customerName={session.customerName} />}
                {live && !viewing && canInvite && <CollaboratorsPanel client={client} session={session} />}
                <SessionFacts session={session} />
              </div>
            ),
          }}
        />
      </aside>
    </main>
  );
}

/** True once `count` grew while `seen` was false, until `seen` turns true. */
function useUnreadDot(count: number, seen: boolean): boolean {
  const [dot, setDot] = useState(false);
  const last = useRef(count);
  useEffect(() => {
    if (seen) setDot(false);
    else if (count > last.current) setDot(true);
    last.current = count;
  }, [count, seen]);
  return dot && !seen;
}

/** The session's plain facts, for the Details tab. */
function SessionFacts({ session }: { session: SessionSummary }) {
  const t = useTranslations('workspace.details');
  return (
    <dl className="custom-fields session-facts">
      {session.channel && <div><dt>{t('channel')}</dt><dd>{session.channel.name}</dd></div>}
      {session.group && <div><dt>{t('group')}</dt><dd>{session.group.name}</dd></div>}
      {session.assignee && <div><dt>{t('technician')}</dt><dd>{session.assignee.name}</dd></div>}
      <div><dt>{t('log')}</dt><dd><a href={`/console/log/${session.id}`}>{t('openLog')}</a></dd></div>
    </dl>
  );
}

function Invite({ session, link }: { session: SessionSummary; link?: string }) {
  const t = useTranslations('console.invite');
  const minutes = Math.max(0, Math.round((session.codeExpiresAt - Date.now()) / 60000));
  return (
    <section className="invite card" aria-label={t('label')}>
      <h2>{t('title', { customer: session.customerName })}</h2>
      <p className="muted" style={{ margin: 0 }}>{t('help', { minutes })}</p>
      <div className="spread">
        <span className="invite-code" data-testid="session-code">{session.code}</span>
        {session.code && <CopyButton value={session.code} label={t('copyCode')} testId="copy-code" />}
      </div>
      {link && (
        <div className="spread">
          <code className="invite-link" data-testid="session-link">{link}</code>
          <CopyButton value={link} label={t('copyLink')} testId="copy-link" />
        </div>
      )}
    </section>
  );
}

/** The last evidence note over the screen for a few seconds (a recording in progress stays). */
function EvidenceToast({ note }: { note: EvidenceNote | null }) {
  const [shown, setShown] = useState<EvidenceNote | null>(note);
  useEffect(() => {
    setShown(note);
    if (!note || note.kind === 'recording') return;
    const timer = setTimeout(() => setShown(null), 5000);
    return () => clearTimeout(timer);
  }, [note]);
  return (
    <p className="frame-toast" role="status" data-testid="evidence-status" hidden={!shown}>
      {shown && <EvidenceText note={shown} />}
    </p>
  );
}

/** What the technician last did with evidence, in their words. */
function EvidenceText({ note }: { note: EvidenceNote }) {
  const t = useTranslations('console.evidence');
  // Pixel sizes are written without grouping ("1920×1080"), as every screen setting shows them.
  return note.kind === 'screenshotSaved' ? t('screenshotSaved', { width: String(note.width), height: String(note.height) }) : t(note.kind);
}

/** Which sentence stands in for the screen while there is none to show. */
function placeholderOf(session: SessionSummary, workspace: WorkspaceState): string {
  switch (session.state) {
    case 'created':
      return 'created';
    case 'waiting':
      return 'waiting';
    case 'closed':
      return 'closed';
    case 'active':
      if (!workspace.customerPresent) return 'away';
      return workspace.peer?.connection === 'connected' ? 'connected' : 'connecting';
  }
}
