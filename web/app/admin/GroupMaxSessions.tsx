'use client';

import { useTranslations } from 'next-intl';
import type { GroupView } from '../../../core/organisation/organisation-tree';
import { MAX_CONCURRENT_SESSIONS } from '../../../core/support/technician-status';
import { FieldProblem, fieldProblemProps, type FormProblem } from '../../components/FormErrors';

/**
 * The most sessions a technician of the group works at once (Rescue's "maximum concurrent sessions"): at it they
 * show as Busy and the server refuses them more. Empty: as the parent group says, or no maximum. A field of the
 * group's General tab, saved with it.
 */
export function GroupMaxSessionsField({ group, mine, problem }: { group: GroupView; mine: boolean; problem: FormProblem | null }) {
  const t = useTranslations('groupMaxSessions');
  return (
    <div className="field">
      <label htmlFor="group-max-sessions">{t('label')}</label>
      <input id="group-max-sessions" name="maxSessions" type="number" inputMode="numeric" min={1} max={MAX_CONCURRENT_SESSIONS} defaultValue={group.maxSessions ?? ''} disabled={!mine}
        data-testid="group-max-sessions" aria-invalid={fieldProblemProps(problem, 'maxSessions', 'group-max-sessions')['aria-invalid']}
        aria-describedby={problem?.field === 'maxSessions' ? 'group-max-sessions-hint group-max-sessions-problem' : 'group-max-sessions-hint'} />
      <p className="field-hint" id="group-max-sessions-hint">{t('hint')}</p>
      <FieldProblem problem={problem} field="maxSessions" id="group-max-sessions" />
    </div>
  );
}
