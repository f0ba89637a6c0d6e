'use client';

import { useTranslations } from 'next-intl';
import type { Permissions } from '../../../core/organisation/permissions';
import type { CustomField } from '../../../core/channels/custom-fields';
import { type FormEvent, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { CannedReplyView, SessionSummary } from '../../../protocol';
import { Brand } from '../../components/Brand';
import { CallPanel } from '../../components/CallPanel';
import { ChatPanel } from '../../components/ChatPanel';
import { CopyButton } from '../../components/CopyButton';
import { FileTransfersPanel } from '../../components/FileTransfersPanel';
import { FieldProblem, fieldProblemProps, type FormProblem, FormProblemText, useErrorText, useFormProblem } from '../../components/FormErrors';
import { IdleWarning } from '../../components/IdleWarning';
import { LanguageSelect } from '../../components/LanguageSelect';
import { SignOutButton } from '../../components/SignOutButton';
import { ThemeToggle } from '../../components/ThemeToggle';
import type { SessionAlerts } from '../../../client/session-alerts';
import { type ConsoleNotice, type EvidenceNote, TechnicianClient, type WorkspaceState } from '../../../client/technician-client';
import { ANNOTATION_COLOURS, AnnotationOverlay, AnnotationTools } from './AnnotationOverlay';
import { CannedRepliesManager } from './CannedRepliesManager';
import { ControlPanel } from './ControlPanel';
import { SystemInfoPanel } from './SystemInfoPanel';
import { RemoteScreen, type ViewMode } from './RemoteScreen';
import { ScreenToolbar } from './ScreenToolbar';
import { CollaboratorsPanel, ViewingNotice } from './Collaborators';
import { HandOver } from './HandOver';
import { Queue, QueueDetail } from './Queue';
import { CustomFieldsPanel } from './CustomFields';
import { CobrowseView } from './CobrowseView';
import { SessionTools } from './SessionTools';
import { SessionTabs } from './SessionTabs';
import { TechStatus } from './TechStatus';
import { ToastStack } from './ToastStack';
import { useAttention } from './useAttention';
import type { WaitThresholds } from './Queue';

interface ConsoleUser {
  id: string;
  role: string;
  groupId: string | null;
  name: string;
  nickname: string;
  email: string;
}

export function Console({ user, organisationName, rights, privateFields, waitThresholds }: { user: ConsoleUser; organisationName: string; rights: Permissions; privateFields: CustomField[]; waitThresholds: WaitThresholds }) {
  const [client] = useState(() => new TechnicianClient({ id: user.id, role: user.role, groupId: user.groupId, files: { send: rights.sendFiles, receive: rights.receiveFiles } }));
  const state = useSyncExternalStore(client.state.subscribe, client.state.get, client.state.get);
  const t = useTranslations('console');
  const tAlerts = useTranslations('alerts');
  const errorText = useErrorText();
  useAttention(client, state);
  useEffect(() => {
    // Desktop notifications are not React: they get their words from here, in the technician's language.
    client.alerts.setWords({
      customerWaiting: (customer) => ({ title: tAlerts('waitingTitle', { customer }), body: tAlerts('waitingBody') }),
      invitedToWatch: (customer, from) => ({ title: tAlerts('invitedTitle', { customer }), body: tAlerts('invitedBody', { from, customer }) }),
    });
    client.start();
  }, [client, tAlerts]);

  const selected = state.selectedId ? state.sessions.find((s) => s.id === state.selectedId) : undefined;
  const workspace = state.selectedId ? state.workspaces[state.selectedId] : undefined;

  return (
    <div className="console">
      <header className="topbar">
        <h1 className="visually-hidden">{t('title')}</h1>
        <Brand name={organisationName} />
        <div className="row">
          <span className="muted" aria-live="polite">{state.connected ? '' : t('connecting')}</span>
          <a href="/console/log" className="topbar-link" data-testid="session-log-link">{t('sessionLog')}</a>
          {user.role !== 'technician' && <a href="/admin" className="topbar-link" data-testid="admin-link">{t('adminCenter')}</a>}
          <a href="/account" className="topbar-link" data-testid="account-link">{t('account')}</a>
          <span>{user.name}</span>
          <TechStatus client={client} status={state.status} />
          <LanguageSelect />
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      <div className="console-body">
        <aside className="sidebar" aria-label={t('sessions')}>
          <NewSession client={client} allowed={rights.privateSessions} fields={privateFields} />
          <AlertSettingsPanel alerts={client.alerts} />
          <CannedRepliesManager client={client} replies={state.canned} canShare={user.role === 'master_admin'} />
          {state.error && <p className="error" role="alert">{errorText(state.error)}</p>}
          {state.notice && (
            <p className="notice-line" role="status" data-testid="console-notice">
              <NoticeText notice={state.notice} />{' '}
              <button type="button" className="ghost small" onClick={() => client.dismissNotice()} aria-label={t('dismiss')}>✕</button>
            </p>
          )}
          <Queue client={client} sessions={state.sessions} selectedId={state.selectedId} canSeeAll={user.role === 'master_admin'} thresholds={waitThresholds} team={state.team} groupId={user.groupId} />
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
              rights={rights}
            />
          ) : selected && !client.isMine(selected) && !client.isViewing(selected) ? (
            <QueueDetail client={client} session={selected} canTakeOver={user.role === 'master_admin'} canEditFields={rights.editCustomFields} />
          ) : (
            <main className="empty">{t('nothingSelected')}</main>
          )}
        </div>
      </div>
      <ToastStack client={client} />
    </div>
  );
}

/** Why a session left this console, in the technician's words. */
function NoticeText({ notice }: { notice: ConsoleNotice }) {
  const t = useTranslations('console.notices');
  switch (notice.kind) {
    case 'invited':
      return t('invited', { from: notice.from, customer: notice.customer });
    case 'stoppedWatching':
      return t('stoppedWatching', { customer: notice.customer });
    case 'handedOver':
      return t('handedOver', { customer: notice.customer, to: notice.to });
    case 'backInQueue':
      return notice.group ? t('backInQueue', { customer: notice.customer, group: notice.group }) : t('backInTheQueue', { customer: notice.customer });
  }
}

function AlertSettingsPanel({ alerts }: { alerts: SessionAlerts }) {
  const settings = useSyncExternalStore(alerts.settings.subscribe, alerts.settings.get, alerts.settings.get);
  const t = useTranslations('alerts');
  return (
    <div className="alert-settings">
      <label className="row checkbox">
        <input type="checkbox" checked={settings.sound} onChange={(event) => alerts.setSound(event.target.checked)} data-testid="alert-sound" />
        <span>{t('sound')}</span>
      </label>
      {settings.permission === 'default' && (
        <button type="button" className="secondary small" onClick={() => void alerts.enableNotifications()} data-testid="alert-enable">
          {t('enable')}
        </button>
      )}
      {settings.permission === 'denied' && <p className="muted field-hint">{t('blocked')}</p>}
    </div>
  );
}

/** A private session: the customer's name and the fields switched on for private sessions. */
function NewSession({ client, allowed, fields }: { client: TechnicianClient; allowed: boolean; fields: CustomField[] }) {
  const t = useTranslations('console');
  const tShared = useTranslations('shared');
  const problemOf = useFormProblem();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const outcome = await client.createSession(name, values);
    setBusy(false);
    if (!outcome.ok) {
      setProblem(problemOf(outcome));
      return;
    }
    setProblem(null);
    setName('');
    setValues({});
    setOpen(false);
  }

  if (!allowed) {
    return (
      <div>
        <button type="button" data-testid="new-session" disabled aria-describedby="new-session-why">{t('newSession')}</button>
        <p id="new-session-why" className="field-hint" data-testid="new-session-why">{t('noPrivateSessions')}</p>
      </div>
    );
  }
  if (!open) {
    return (
      <button type="button" data-testid="new-session" onClick={() => setOpen(true)}>
        {t('newSession')}
      </button>
    );
  }
  return (
    <form onSubmit={submit} className="card" aria-label={t('newSessionForm')} noValidate>
      <div className="field">
        <label htmlFor="customer-name">{t('customerName')}</label>
        <input id="customer-name" data-testid="customer-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} autoFocus
          {...fieldProblemProps(problem, 'customerName', 'customer-name')} />
        <FieldProblem problem={problem} field="customerName" id="customer-name" />
      </div>
      {fields.map((f) => {
        const id = `new-session-field-${f.id}`;
        return (
          <div className="field" key={f.id}>
            <label htmlFor={id}>{f.label}</label>
            {f.type === 'choice' ? (
              <select id={id} value={values[f.id] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [f.id]: e.target.value }))} data-testid="new-session-field" data-label={f.label}
                {...fieldProblemProps(problem, `field:${f.id}`, id)}>
                <option value="">–</option>
                {f.choices.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            ) : (
              <input id={id} value={values[f.id] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [f.id]: e.target.value }))} required={f.required} data-testid="new-session-field" data-label={f.label}
                type={f.type === 'email' ? 'email' : f.type === 'phone' ? 'tel' : 'text'} {...fieldProblemProps(problem, `field:${f.id}`, id)} />
            )}
            <FieldProblem problem={problem} field={`field:${f.id}`} id={id} />
          </div>
        );
      })}
      <FormProblemText problem={problem} fields={['customerName', ...fields.map((f) => `field:${f.id}`)]} />
      <div className="row">
        <button type="submit" data-testid="create-session" disabled={busy || !name.trim()}>
          {t('create')}
        </button>
        <button type="button" className="secondary" onClick={() => { setOpen(false); setProblem(null); }}>
          {tShared('cancel')}
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
  rights: Pick<Permissions, 'remoteControl' | 'systemInfo' | 'reboot' | 'chatToggle' | 'clipboardSync' | 'editCustomFields' | 'screenView' | 'sendFiles' | 'receiveFiles' | 'recordSessions'>;
}) {
  // A collaborator watches and chats; the tools that act on the session stay with its technician.
  const viewing = client.isViewing(session);
  const t = useTranslations('console');
  const tStates = useTranslations('sessionStates');
  const tChat = useTranslations('chat');
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
      <section className="screen-area" aria-label={t('customerScreen')}>
        <div className="spread">
          <h2 style={{ margin: 0 }}>{session.customerName}</h2>
          <div className="row">
            <span className={`badge ${session.state}`} data-testid="session-status" data-state={session.state}>
              {tStates(session.state)}
            </span>
            {peer?.route && (
              <span className="badge" data-testid="connection-route" data-route={peer.route} data-local-type={peer.localCandidateType ?? ''}>
                {t('route', { route: peer.route })}
              </span>
            )}
            {peer?.connection === 'connected' && peer.sas && !viewing && (
              <span className="badge sas" data-testid="sas-code" data-code={peer.sas.replace(' ', '')} title={t('sasHint', { customer: session.customerName })}>
                {t('sasCode', { code: peer.sas })}
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
            onRecord={(stream || workspace.recording) && !viewing && rights.recordSessions ? () => void client.toggleRecording(session.id) : undefined}
            recording={workspace.recording}
          />
        )}
        {session.state === 'active' && !viewing && (
          <ControlPanel
            control={client.controlFor(session.id)}
            customerName={session.customerName}
            video={video}
            allowed={rights.remoteControl}
            customerSharing={workspace.customerSharing || workspace.view.cobrowse.active}
            helperRights={{ systemInfo: rights.systemInfo, reboot: rights.reboot, clipboardSync: rights.clipboardSync }}
          />
        )}
        {session.state === 'active' && !viewing && (
          <CobrowseView client={client} sessionId={session.id} cobrowse={workspace.view.cobrowse} customerName={session.customerName} canRequest={live && rights.screenView} />
        )}
        {stream && !viewing && (
          <AnnotationTools annotations={client.annotationsFor(session.id)} drawing={drawing} onDrawing={setDrawing} colour={colour} onColour={setColour} />
        )}
        {live && workspace.evidenceNote && (
          <p className="muted evidence-note" role="status" data-testid="evidence-status"><EvidenceText note={workspace.evidenceNote} /></p>
        )}
        <div className={`screen-frame${mode === 'actual' ? ' scrollable' : ''}`} ref={frame}>
          {stream ? (
            <>
              <RemoteScreen stream={stream} customerName={session.customerName} mode={mode} onVideo={setVideo} />
              <AnnotationOverlay annotations={client.annotationsFor(session.id)} video={video} drawing={drawing} colour={colour} />
            </>
          ) : (
            <p className="screen-placeholder">{t(`placeholder.${placeholderOf(session, workspace)}`)}</p>
          )}
        </div>
      </section>
      <aside className="side-panel" aria-label={t('sessionDetails')}>
        {viewing && <ViewingNotice client={client} session={session} me={client.ownerId} />}
        {session.state === 'created' && !viewing && <Invite session={session} link={link} />}
        {workspace.view.handoff && (
          <section className="card notice handoff" aria-label={t('handoffLabel')} data-testid="handoff-note">
            <p className="handoff-from">{t.rich('handoffFrom', { name: workspace.view.handoff.fromName, strong: (chunks) => <strong>{chunks}</strong> })}</p>
            {workspace.view.handoff.note && <p className="handoff-text">{workspace.view.handoff.note}</p>}
          </section>
        )}
        {!viewing && <CustomFieldsPanel client={client} session={session} canEdit={rights.editCustomFields} />}
        {session.state === 'active' && !viewing && <SystemInfoPanel control={client.controlFor(session.id)} customerName={session.customerName} />}
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
        {session.state === 'active' && workspace.customerPresent && !viewing && (
          <CallPanel call={client.callFor(session.id)} remote={peer?.remoteCallStream ?? null} side="technician" peerName={session.customerName} />
        )}
        {session.state === 'active' && !viewing && (rights.sendFiles || rights.receiveFiles) && (
          <FileTransfersPanel files={client.filesFor(session.id)} side="technician" peerName={session.customerName} allows={{ send: rights.sendFiles, receive: rights.receiveFiles }} />
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
            {t('endSession')}
          </button>
        )}
      </aside>
    </main>
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

