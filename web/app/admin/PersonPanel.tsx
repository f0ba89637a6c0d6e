'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import type { Person } from '../../../core/organisation/store';
import { FieldProblem, fieldProblemProps, FormProblemText } from '../../components/FormErrors';
import { type Act, adminActions, useActionProblem } from './admin-actions';
import type { AdminData } from './AdminCenter';

const PERSON_FIELDS = ['name', 'nickname', 'description', 'enabled', 'twoFactorRequired'];

/** A person's form: the fields of the Rescue guide, enabled or not, and their group (the keyboard's way to move them). */
export function PersonPanel({ person, data, act }: { person: Person; data: AdminData; act: Act }) {
  const t = useTranslations('personPanel');
  const roles = useTranslations('admin.roles');
  const editable = data.viewer.role === 'master_admin' || (person.role === 'technician' && person.groupId !== null && data.manageable.includes(person.groupId));
  const self = person.id === data.viewer.id;
  const [temporary, setTemporary] = useState<string | null>(null);
  const [problem, settle] = useActionProblem();
  const [securityProblem, settleSecurity] = useActionProblem();
  const [moveProblem, settleMove] = useActionProblem();

  async function resetPassword() {
    const result = (await adminActions.resetPassword(person.id)) as Awaited<ReturnType<typeof adminActions.resetPassword>> & { temporaryPassword?: string };
    if (result.ok && result.temporaryPassword) setTemporary(result.temporaryPassword);
    settleSecurity(await act(async () => result, t('passwordReset', { name: person.name })));
  }

  async function resetTwoFactor() {
    settleSecurity(await act(() => adminActions.resetTwoFactor(person.id), t('twoFactorReset', { name: person.name })));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    settle(await act(() => adminActions.updatePerson(person.id, {
      name: String(form.get('name')),
      nickname: String(form.get('nickname')),
      description: String(form.get('description')),
      ...(self ? {} : { enabled: form.get('enabled') === 'on' }),
      twoFactorRequired: form.get('twoFactorRequired') === 'on',
    }), t('saved', { name: String(form.get('name')).trim() })));
  }
  async function submitMove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const groupId = String(new FormData(event.currentTarget).get('group'));
    const name = data.groups.find((g) => g.id === groupId)?.name ?? '';
    settleMove(await act(() => adminActions.movePerson(person.id, groupId), t('moved', { name: person.name, group: name })));
  }

  return (
    <div className="admin-panels">
      <form className="card" onSubmit={submit} aria-labelledby="person-title" noValidate>
        <h2 id="person-title">{person.name}</h2>
        <p className="muted">{roles(person.role)} · {person.email}</p>
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
        <label className="checkbox field">
          <input type="checkbox" name="enabled" defaultChecked={person.enabled} disabled={!editable || self} data-testid="person-enabled" {...fieldProblemProps(problem, 'enabled', 'person-enabled')} /> {t('enabled')}
        </label>
        <FieldProblem problem={problem} field="enabled" id="person-enabled" />
        <label className="checkbox field">
          <input type="checkbox" name="twoFactorRequired" defaultChecked={person.twoFactorRequired} disabled={!editable} data-testid="person-require-2fa" {...fieldProblemProps(problem, 'twoFactorRequired', 'person-2fa')} /> {t('requireTwoFactor')}
        </label>
        <FieldProblem problem={problem} field="twoFactorRequired" id="person-2fa" />
        <FormProblemText problem={problem} fields={PERSON_FIELDS} />
        <button type="submit" disabled={!editable} data-testid="person-save">{t('save')}</button>
      </form>
      {editable && !self && (
        <section className="card" aria-labelledby="person-security-title">
          <h2 id="person-security-title">{t('lockedOutTitle')}</h2>
          <p className="muted">{t('lockedOutIntro', { name: person.name })}</p>
          <div className="row">
            <button type="button" className="secondary" onClick={() => void resetPassword()} data-testid="person-reset-password">{t('resetPassword')}</button>
            <button type="button" className="secondary" onClick={() => void resetTwoFactor()} data-testid="person-reset-2fa">
              {t('resetTwoFactor')}
            </button>
          </div>
          <FormProblemText problem={securityProblem} fields={[]} />
          {temporary && (
            <p role="status" data-testid="person-temporary-password">
              {t.rich('temporaryPassword', { password: temporary, name: person.name, code: (chunks) => <code>{chunks}</code> })}
            </p>
          )}
        </section>
      )}
      {person.role !== 'master_admin' && (
        <form className="card" onSubmit={submitMove} aria-labelledby="person-group-title" noValidate>
          <h2 id="person-group-title">{t('groupTitle')}</h2>
          <div className="field">
            <label htmlFor="person-group">{t('memberOf')}</label>
            <select id="person-group" name="group" defaultValue={person.groupId ?? ''} disabled={!editable} data-testid="person-group" {...fieldProblemProps(moveProblem, 'groupId', 'person-group')}>
              {data.groups.filter((g) => data.manageable.includes(g.id)).map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
            <FieldProblem problem={moveProblem} field="groupId" id="person-group" />
          </div>
          <FormProblemText problem={moveProblem} fields={['groupId']} />
          <button type="submit" className="secondary" disabled={!editable} data-testid="person-move">{t('move')}</button>
        </form>
      )}
    </div>
  );
}
