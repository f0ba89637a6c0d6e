'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import type { Person } from '../../../core/organisation/store';
import { ALL_PERMISSIONS, PERMISSIONS } from '../../../core/organisation/permissions';
import { Avatar } from '../../components/Avatar';
import { FieldProblem, fieldProblemProps, FormProblemText } from '../../components/FormErrors';
import { SaveRow, useSavedNote } from '../../components/SaveRow';
import { Tabs } from '../../components/Tabs';
import { type Act, adminActions, useActionProblem } from './admin-actions';
import type { AdminData } from './AdminCenter';

const PERSON_FIELDS = ['name', 'nickname', 'description', 'enabled', 'groupId'];
type PersonTab = 'general' | 'rights' | 'security';

/**
 * A person's page, in tabs: General (the fields of the Rescue guide, enabled or not, their group: the keyboard's
 * way to move them), Rights (what their group lets them do, read only: rights are set on groups), Security
 * (two-step verification, and the way back in for someone locked out). One Save per tab.
 */
export function PersonPanel({ person, data, act }: { person: Person; data: AdminData; act: Act }) {
  const t = useTranslations('personPanel');
  const tabs = useTranslations('adminTabs');
  const roles = useTranslations('admin.roles');
  const editable = data.viewer.role === 'master_admin' || (person.role === 'technician' && person.groupId !== null && data.manageable.includes(person.groupId));
  const [tab, setTab] = useState<PersonTab>('general');
  const [dirty, setDirty] = useState<Record<PersonTab, boolean>>({ general: false, rights: false, security: false });
  const mark = (which: PersonTab, value: boolean) => setDirty((d) => (d[which] === value ? d : { ...d, [which]: value }));
  return (
    <div className="admin-panels">
      <header className="panel-head person-head">
        <Avatar name={person.nickname || person.name} size={40} />
        <div>
          <h2 id="person-title">{person.name}</h2>
          <p className="muted">{roles(person.role)} · {person.email}</p>
        </div>
      </header>
      <Tabs
        idPrefix="person"
        label={person.name}
        selected={tab}
        onSelect={(id) => setTab(id as PersonTab)}
        unsavedLabel={tabs('unsaved')}
        tabs={[
          { id: 'general', label: tabs('general'), dirty: dirty.general, content: <PersonGeneral person={person} data={data} editable={editable} act={act} onDirty={(v) => mark('general', v)} /> },
          { id: 'rights', label: tabs('rights'), content: <PersonRights person={person} data={data} /> },
          { id: 'security', label: tabs('security'), dirty: dirty.security, content: <PersonSecurity person={person} data={data} editable={editable} act={act} onDirty={(v) => mark('security', v)} /> },
        ]}
      />
    </div>
  );
}

function PersonGeneral({ person, data, editable, act, onDirty }: { person: Person; data: AdminData; editable: boolean; act: Act; onDirty: (dirty: boolean) => void }) {
  const t = useTranslations('personPanel');
  const self = person.id === data.viewer.id;
  const [problem, settle] = useActionProblem();
  const [saved, showSaved] = useSavedNote();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    showSaved(null);
    const form = new FormData(event.currentTarget);
    const result = await act(() => adminActions.updatePerson(person.id, {
      name: String(form.get('name')),
      nickname: String(form.get('nickname')),
      description: String(form.get('description')),
      ...(self ? {} : { enabled: form.get('enabled') === 'on' }),
    }), null);
    if (!settle(result)) return;
    const groupId = form.get('group');
    if (typeof groupId === 'string' && groupId && groupId !== person.groupId && !settle(await act(() => adminActions.movePerson(person.id, groupId), null))) return;
    onDirty(false);
    showSaved(t('saved', { name: String(form.get('name')).trim() }));
  }

  return (
    <form className="card" onSubmit={submit} onInput={() => onDirty(true)} onChange={() => onDirty(true)} aria-label={t('generalTitle', { name: person.name })} noValidate>
      <div className="field">
        <label htmlFor="person-name">{t('name')}</label>
        <input id="person-name" name="name" defaultValue={person.name} required maxLength={80} disabled={!editable} {...fieldProblemProps(problem, 'name', 'person-name')} />
        <FieldProblem problem={problem} field="name" id="person-name" />
      </div>
      <div className="field">
        <label htmlFor="person-nickname">{t('nickname')}</label>
        <input id="person-nickname" name="nickname" defaultValue={person.nickname} required maxLength={80} disabled={!editable} {...fieldProblemProps(problem, 'nickname', 'person-nickname')} />
        <FieldProblem problem={problem} field="nickname" id="person-nickname" />
      </div>
      <div className="field">
        <label htmlFor="person-description">{t('description')}</label>
        <input id="person-description" name="description" defaultValue={person.description} maxLength={500} disabled={!editable} {...fieldProblemProps(problem, 'description', 'person-description')} />
        <FieldProblem problem={problem} field="description" id="person-description" />
      </div>
      {person.role !== 'master_admin' && (
        <div className="field">
          <label htmlFor="person-group">{t('memberOf')}</label>
          <select id="person-group" name="group" defaultValue={person.groupId ?? ''} disabled={!editable} data-testid="person-group" {...fieldProblemProps(problem, 'groupId', 'person-group')}>
            {data.groups.filter((g) => data.manageable.includes(g.id)).map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select>
          <FieldProblem problem={problem} field="groupId" id="person-group" />
        </div>
      )}
      <label className="checkbox field">
        <input type="checkbox" name="enabled" defaultChecked={person.enabled} disabled={!editable || self} data-testid="person-enabled" {...fieldProblemProps(problem, 'enabled', 'person-enabled')} /> {t('enabled')}
      </label>
      <FieldProblem problem={problem} field="enabled" id="person-enabled" />
      <FormProblemText problem={problem} fields={PERSON_FIELDS} />
      <SaveRow label={t('save')} note={saved} disabled={!editable} testId="person-save" />
    </form>
  );
}

/** Rights are set on groups: here, what this person's group lets them do, and where to change it. */
function PersonRights({ person, data }: { person: Person; data: AdminData }) {
  const t = useTranslations('personPanel');
  const rights = useTranslations('rights');
  const group = data.groups.find((g) => g.id === person.groupId);
  const effective = person.role === 'master_admin' ? ALL_PERMISSIONS : group?.effective;
  return (
    <section className="card" aria-labelledby="person-rights-intro">
      <p className="muted" id="person-rights-intro">{person.role === 'master_admin' ? t('rightsMaster') : group ? t('rightsFromGroup', { group: group.name }) : t('rightsNoGroup')}</p>
      {effective && (
        <ul className="rights-summary" data-testid="person-rights">
          {PERMISSIONS.map((p) => (
            <li key={p}>
              {effective[p] ? <span className="badge ok">{t('rightOn')}</span> : <span className="badge">{t('rightOff')}</span>} {rights(`${p}.name`)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PersonSecurity({ person, data, editable, act, onDirty }: { person: Person; data: AdminData; editable: boolean; act: Act; onDirty: (dirty: boolean) => void }) {
  const t = useTranslations('personPanel');
  const self = person.id === data.viewer.id;
  const [temporary, setTemporary] = useState<string | null>(null);
  const [problem, settle] = useActionProblem();
  const [securityProblem, settleSecurity] = useActionProblem();
  const [saved, showSaved] = useSavedNote();
  const [resetNote, showResetNote] = useSavedNote(15_000);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    showSaved(null);
    const form = new FormData(event.currentTarget);
    if (settle(await act(() => adminActions.updatePerson(person.id, { twoFactorRequired: form.get('twoFactorRequired') === 'on' }), null))) {
      onDirty(false);
      showSaved(t('securitySaved'));
    }
  }
  async function resetPassword() {
    showResetNote(null);
    const result = await act(() => adminActions.resetPassword(person.id) as Promise<Awaited<ReturnType<typeof adminActions.resetPassword>> & { temporaryPassword?: string }>, null);
    if (result.ok && result.temporaryPassword) setTemporary(result.temporaryPassword);
    if (settleSecurity(result)) showResetNote(t('passwordReset', { name: person.name }));
  }
  async function resetTwoFactor() {
    showResetNote(null);
    if (settleSecurity(await act(() => adminActions.resetTwoFactor(person.id), null))) showResetNote(t('twoFactorReset', { name: person.name }));
  }

  return (
    <>
      <form className="card" onSubmit={submit} onChange={() => onDirty(true)} aria-label={t('securityTitle')} noValidate>
        <label className="checkbox field">
          <input type="checkbox" name="twoFactorRequired" defaultChecked={person.twoFactorRequired} disabled={!editable} data-testid="person-require-2fa" {...fieldProblemProps(problem, 'twoFactorRequired', 'person-2fa')} /> {t('requireTwoFactor')}
        </label>
        <FieldProblem problem={problem} field="twoFactorRequired" id="person-2fa" />
        <FormProblemText problem={problem} fields={['twoFactorRequired']} />
        <SaveRow label={t('save')} note={saved} disabled={!editable} testId="person-security-save" />
      </form>
      {editable && !self && (
        <section className="card" aria-labelledby="person-security-title">
          <h3 id="person-security-title">{t('lockedOutTitle')}</h3>
          <p className="muted">{t('lockedOutIntro', { name: person.name })}</p>
          <div className="save-row">
            <button type="button" className="secondary" onClick={() => void resetPassword()} data-testid="person-reset-password">{t('resetPassword')}</button>
            <button type="button" className="secondary" onClick={() => void resetTwoFactor()} data-testid="person-reset-2fa">{t('resetTwoFactor')}</button>
            <span className="save-note" role="status" aria-live="polite">{resetNote ? <span className="save-note-text">✓ {resetNote}</span> : null}</span>
          </div>
          <FormProblemText problem={securityProblem} fields={[]} />
          {temporary && (
            <p role="status" data-testid="person-temporary-password">
              {t.rich('temporaryPassword', { password: temporary, name: person.name, code: (chunks) => <code>{chunks}</code> })}
            </p>
          )}
        </section>
      )}
    </>
  );
}
