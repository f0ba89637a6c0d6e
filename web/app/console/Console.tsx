'use client';

import { useTranslations } from 'next-intl';
import type { Permissions } from '../../../core/organisation/permissions';
import type { CustomField } from '../../../core/channels/custom-fields';
import { type FormEvent, useEffect, useState, useSyncExternalStore } from 'react';
import { FieldProblem, fieldProblemProps, type FormProblem, FormProblemText, useErrorText, useFormProblem } from '../../components/FormErrors';
import { StaffTopbar } from '../../components/StaffTopbar';
import { AccountSound } from './AccountSound';
import type { Role } from '../../../core/model';
import type { SessionAlerts } from '../../../client/session-alerts';
import { type ConsoleNotice, TechnicianClient } from '../../../client/technician-client';
import { CannedRepliesManager } from './CannedRepliesManager';
import { Queue, QueueDetail } from './Queue';
import { Workspace } from './Workspace';
import { IconButton, Popover } from './Popover';
import { keyOf, ShortcutsSheet, useShortcuts } from './Shortcuts';
import { useSidebarRail } from './sidebar-rail';
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
  /** The person's picture (their account), or null for initials. */
  avatarUrl?: string | null;
  /** The alert sound as the person saved it (their account): the console's switch reads and writes the same. */
  sound?: boolean;
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

  const tw = useTranslations('workspace');
  const rail = useSidebarRail();
  const [sheet, setSheet] = useState(false);
  const [newOpen, setNewOpen] = useState(false);
  const openNewSession = (open: boolean) => {
    if (open) rail.set(false);
    setNewOpen(open);
  };
  const waiting = state.sessions.filter((s) => s.state === 'waiting' && s.assignee === null).length;
  useShortcuts((action) => {
    // While the technician controls a customer's screen, plain keys are the customer's; Alt+N is not a key
    // a remote computer gets from here either way.
    const controlled = state.selectedId ? client.controlFor(state.selectedId).state.get().control?.state === 'granted' : false;
    if (controlled && action !== 'newSession') return false;
    switch (action) {
      case 'help':
        setSheet(true);
        return true;
      case 'newSession':
        if (!rights.privateSessions) return false;
        openNewSession(true);
        return true;
      case 'nextTab':
      case 'previousTab': {
        const ids = state.openIds;
        if (ids.length < 2) return false;
        const at = Math.max(0, ids.indexOf(state.selectedId ?? ''));
        void client.select(ids[(at + (action === 'nextTab' ? 1 : -1) + ids.length) % ids.length]);
        return true;
      }
      default:
        return false;
    }
  });

  const selected = state.selectedId ? state.sessions.find((s) => s.id === state.selectedId) : undefined;
  const workspace = state.selectedId ? state.workspaces[state.selectedId] : undefined;

  return (
    <div className="console">
      <StaffTopbar
        organisationName={organisationName}
        user={{ name: user.name, nickname: user.nickname, role: user.role as Role }}
        avatarUrl={user.avatarUrl}
        current="sessions"
        notice={<span className="muted" aria-live="polite">{state.connected ? '' : t('connecting')}</span>}
        hiddenTitle={t('title')}
        status={<TechStatus client={client} status={state.status} />}
      />
      <AccountSound alerts={client.alerts} saved={user.sound} />
      <div className="console-body" data-rail={rail.collapsed}>
        <aside className="sidebar" aria-label={t('sessions')} data-collapsed={rail.collapsed}>
          <div className="sidebar-head">
            <IconButton
              icon={rail.collapsed ? 'expand' : 'collapse'}
              label={rail.collapsed ? tw('rail.expand') : tw('rail.collapse')}
              testId="sidebar-toggle"
              pressed={undefined}
              onClick={() => rail.set(!rail.collapsed)}
            />
            {rail.collapsed && waiting > 0 && <span className="badge waiting rail-count" aria-label={tw('rail.waiting', { count: waiting })}>{waiting}</span>}
            {rail.collapsed && <NewSession client={client} allowed={rights.privateSessions} fields={privateFields} open={false} onOpen={openNewSession} compact />}
            <Popover icon="settings" label={tw('settings')} testId="console-settings" align="start" className="settings-popover">
              <AlertSettingsPanel alerts={client.alerts} />
              <CannedRepliesManager client={client} replies={state.canned} canShare={user.role === 'master_admin'} />
            </Popover>
            <IconButton icon="keyboard" label={tw('shortcuts.title')} shortcut="?" testId="shortcuts-open" onClick={() => setSheet(true)} />
          </div>
          <div className="sidebar-body" hidden={rail.collapsed}>
            {!rail.collapsed && <NewSession client={client} allowed={rights.privateSessions} fields={privateFields} open={newOpen} onOpen={openNewSession} compact={false} />}
            {state.error && <p className="error" role="alert">{errorText(state.error)}</p>}
            {state.notice && (
              <p className="notice-line" role="status" data-testid="console-notice">
                <NoticeText notice={state.notice} />{' '}
                <button type="button" className="ghost small" onClick={() => client.dismissNotice()} aria-label={t('dismiss')}>✕</button>
              </p>
            )}
            <Queue client={client} sessions={state.sessions} selectedId={state.selectedId} canSeeAll={user.role === 'master_admin'} thresholds={waitThresholds} team={state.team} groupId={user.groupId} />
          </div>
        </aside>
        <ShortcutsSheet open={sheet} onClose={() => setSheet(false)} />
        <div className="workspace-area">
          {state.openIds.length > 0 && <SessionTabs client={client} state={state} />}
          {selected && workspace ? (
            <Workspace
              key={selected.id}
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
function NewSession({ client, allowed, fields, open, onOpen: setOpen, compact }: {
  client: TechnicianClient;
  allowed: boolean;
  fields: CustomField[];
  /** Open from the button or the Alt+N shortcut. */
  open: boolean;
  onOpen: (open: boolean) => void;
  /** The sidebar is a rail: only the "+" shows (it opens the sidebar with the form). */
  compact: boolean;
}) {
  const t = useTranslations('console');
  const tShared = useTranslations('shared');
  const problemOf = useFormProblem();
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

  if (compact) {
    return <IconButton icon="plus" label={t('newSession')} shortcut={keyOf('newSession')} testId="new-session" disabled={!allowed} onClick={() => setOpen(true)} />;
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
      <button type="button" data-testid="new-session" onClick={() => setOpen(true)} title={`${t('newSession')} (${keyOf('newSession')})`} aria-keyshortcuts={keyOf('newSession')}>
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
