'use client';

import { useTranslations } from 'next-intl';
import type { FormEvent } from 'react';
import type { GroupView } from '../../../core/organisation/organisation-tree';
import { MAX_CONCURRENT_SESSIONS } from '../../../core/support/technician-status';
import { FieldProblem, fieldProblemProps, FormProblemText } from '../../components/FormErrors';
import { type Act, adminActions, useActionProblem } from './admin-actions';

/**
 * The most sessions a technician of the group works at once (Rescue's "maximum concurrent sessions"): at it they
 * show as Busy and the server refuses them more. Empty: as the parent group says, or no maximum.
 */
export function GroupMaxSessions({ group, mine, act }: { group: GroupView; mine: boolean; act: Act }) {
  const t = useTranslations('groupMaxSessions');
  const [problem, settle] = useActionProblem();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('maxSessions') ?? '').trim();
    settle(await act(() => adminActions.updateGroup(group.id, { maxSessions: value === '' ? null : Number(value) }), t('saved')));
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="max-sessions-title" noValidate>
      <h2 id="max-sessions-title">{t('title')}</h2>
      <div className="field">
        <label htmlFor="group-max-sessions">{t('label')}</label>
        <input id="group-max-sessions" name="maxSessions" type="number" inputMode="numeric" min={1} max={MAX_CONCURRENT_SESSIONS} defaultValue={group.maxSessions ?? ''} disabled={!mine}
          data-testid="group-max-sessions" aria-invalid={fieldProblemProps(problem, 'maxSessions', 'group-max-sessions')['aria-invalid']}
          aria-describedby={problem?.field === 'maxSessions' ? 'group-max-sessions-hint group-max-sessions-problem' : 'group-max-sessions-hint'} />
        <p className="field-hint" id="group-max-sessions-hint">{t('hint')}</p>
        <FieldProblem problem={problem} field="maxSessions" id="group-max-sessions" />
      </div>
      <FormProblemText problem={problem} fields={['maxSessions']} />
      <button type="submit" disabled={!mine} data-testid="group-max-sessions-save">{t('save')}</button>
    </form>
  );
}
