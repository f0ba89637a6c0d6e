'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { GroupView } from '../../../core/organisation/organisation-tree';
import { Avatar } from '../../components/Avatar';
import { CopyButton } from '../../components/CopyButton';
import { FieldProblem, fieldProblemProps, FormProblemText, useErrorText } from '../../components/FormErrors';
import { SaveRow, useSavedNote } from '../../components/SaveRow';
import { type Act, adminActions, useActionProblem } from './admin-actions';
import type { AdminData } from './AdminCenter';

/**
 * Who is in the group, inviting someone, and the invitations not accepted yet: resend (a fresh link, the old one
 * stops working), revoke, and copy the link. The server keeps only a hash of each link's token, so a link can
 * be copied only when it was just made (an invitation or a resend on this page): that is also the way to invite
 * when the server has no SMTP to mail it.
 */
export function GroupMembers({ group, data, mine, focusInvite, act, onDirty }: { group: GroupView; data: AdminData; mine: boolean; focusInvite: boolean; act: Act; onDirty: (dirty: boolean) => void }) {
  const t = useTranslations('groupPanel');
  const roles = useTranslations('admin.roles');
  const isMaster = data.viewer.role === 'master_admin';
  const inviteRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusInvite) inviteRef.current?.focus();
  }, [focusInvite]);
  const invited = useRef('');
  // Taken addresses are refused as a conflict without a field: the form knows which field it was.
  const [inviteProblem, settleInvite] = useActionProblem((result) => (result.code === 'conflict' ? { field: 'email', text: t('alreadyHasAccount', { email: invited.current }) } : null));
  const [sent, showSent] = useSavedNote();
  /** Links made on this page, by invitation: shown once, to copy. */
  const [links, setLinks] = useState<Record<string, string>>({});

  async function submitInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    showSent(null);
    const form = event.currentTarget;
    const fields = new FormData(form);
    const email = String(fields.get('email'));
    const role = (fields.get('role') ?? 'technician') as 'technician' | 'admin';
    invited.current = email.trim();
    const result = await act(() => adminActions.invite(email, group.id, role), null);
    if (!settleInvite(result)) return;
    form.reset();
    onDirty(false);
    const id = (result as { invitation?: { id: string } }).invitation?.id;
    if (id && result.link) setLinks((l) => ({ ...l, [id]: result.link! }));
    showSent(t('invitationSent', { email: email.trim() }));
  }

  const members = data.people.filter((p) => p.groupId === group.id);
  const pending = data.pending.filter((i) => i.groupId === group.id);
  return (
    <>
      <section className="card" aria-labelledby="members-title">
        <h3 id="members-title">{t('membersTitle')}</h3>
        {members.length === 0 ? (
          <p className="muted">{t('noMembers')}</p>
        ) : (
          <ul className="member-list" data-testid="group-members">
            {members.map((p) => (
              <li key={p.id}>
                <Avatar name={p.nickname || p.name} size={28} />
                <span>{p.name}</span>
                <span className="muted">{roles(p.role)}{p.enabled ? '' : ` · ${t('disabled')}`}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <form className="card" onSubmit={submitInvite} onInput={() => onDirty(true)} aria-labelledby="invite-title" noValidate>
        <h3 id="invite-title">{t('inviteTitle', { group: group.name })}</h3>
        <div className="field">
          <label htmlFor="invite-email">{t('email')}</label>
          <input id="invite-email" name="email" type="email" required disabled={!mine} ref={inviteRef} data-testid="invite-email" {...fieldProblemProps(inviteProblem, 'email', 'invite-email')} />
          <FieldProblem problem={inviteProblem} field="email" id="invite-email" />
        </div>
        {isMaster && (
          <div className="field">
            <label htmlFor="invite-role">{t('role')}</label>
            <select id="invite-role" name="role" defaultValue="technician" data-testid="invite-role" {...fieldProblemProps(inviteProblem, 'role', 'invite-role')}>
              <option value="technician">{t('technician')}</option>
              <option value="admin">{t('administrator')}</option>
            </select>
            <FieldProblem problem={inviteProblem} field="role" id="invite-role" />
          </div>
        )}
        <FormProblemText problem={inviteProblem} fields={isMaster ? ['email', 'role'] : ['email']} />
        <SaveRow label={t('sendInvitation')} note={sent} disabled={!mine} testId="invite-submit" />
      </form>

      <section className="card" aria-labelledby="pending-title">
        <h3 id="pending-title">{t('pendingTitle')}</h3>
        {pending.length === 0 ? (
          <p className="muted">{t('noPending')}</p>
        ) : (
          <ul className="invitation-list" data-testid="pending-invitations">
            {pending.map((i) => (
              <InvitationRow key={i.id} invitation={i} link={links[i.id] ?? null} mine={mine} act={act} onLink={(link) => setLinks((l) => ({ ...l, [i.id]: link }))} />
            ))}
          </ul>
        )}
        <p className="field-hint">{t('linkOnce')}</p>
      </section>
    </>
  );
}

function InvitationRow({ invitation, link, mine, act, onLink }: {
  invitation: AdminData['pending'][number];
  link: string | null;
  mine: boolean;
  act: Act;
  onLink: (link: string) => void;
}) {
  const t = useTranslations('groupPanel');
  const format = useFormatter();
  const errorText = useErrorText();
  const [confirming, setConfirming] = useState(false);
  const [note, showNote] = useSavedNote();
  const [problem, setProblem] = useState<string | null>(null);

  async function resend() {
    showNote(null);
    const result = await act(() => adminActions.resendInvitation(invitation.id), null);
    setProblem(result.ok ? null : errorText(result));
    if (!result.ok) return;
    if (result.link) onLink(result.link);
    showNote(t('invitationResent', { email: invitation.email }));
  }
  async function revoke() {
    const result = await act(() => adminActions.revokeInvitation(invitation.id), t('invitationRevoked', { email: invitation.email }));
    setProblem(result.ok ? null : errorText(result));
    setConfirming(false);
  }
  const linkId = `invitation-link-${invitation.id}`;
  return (
    <li className="invitation-row" data-testid="invitation-row" data-email={invitation.email}>
      <div className="invitation-who">
        <strong>{invitation.email}</strong>
        {invitation.role === 'admin' && <span className="badge">{t('administrator')}</span>}
        <span className="muted">{t('expires', { date: format.dateTime(invitation.expiresAt, { dateStyle: 'medium' }) })}</span>
      </div>
      {link && (
        <div className="invitation-link">
          <label htmlFor={linkId} className="visually-hidden">{t('linkFor', { email: invitation.email })}</label>
          <input id={linkId} readOnly value={link} data-testid="invitation-link" onFocus={(e) => e.currentTarget.select()} />
          <CopyButton value={link} label={t('copyLinkFor', { email: invitation.email })} testId="invitation-copy" />
        </div>
      )}
      <div className="invitation-actions">
        {confirming ? (
          <>
            <span>{t('revokeQuestion', { email: invitation.email })}</span>
            <button type="button" className="danger small" onClick={() => void revoke()} data-testid="invitation-revoke-confirm">{t('revoke')}</button>
            <button type="button" className="secondary small" onClick={() => setConfirming(false)}>{t('keep')}</button>
          </>
        ) : (
          <>
            <button type="button" className="secondary small" disabled={!mine} onClick={() => void resend()} data-testid="invitation-resend" aria-label={t('resendFor', { email: invitation.email })}>
              {t('resend')}
            </button>
            <button type="button" className="secondary small" disabled={!mine} onClick={() => setConfirming(true)} data-testid="invitation-revoke" aria-label={t('revokeFor', { email: invitation.email })}>
              {t('revoke')}
            </button>
          </>
        )}
        <span className="save-note" role="status" aria-live="polite" data-testid="save-status">{note ? <span className="save-note-text">✓ {note}</span> : problem ? <span className="error">{problem}</span> : null}</span>
      </div>
    </li>
  );
}
