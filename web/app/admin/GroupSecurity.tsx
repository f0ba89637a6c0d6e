'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useRef, useState } from 'react';
import type { GroupView } from '../../../core/organisation/organisation-tree';
import { FieldProblem, fieldProblemProps, FormProblemText, useErrorText } from '../../components/FormErrors';
import { SaveRow, useSavedNote } from '../../components/SaveRow';
import { type Act, adminActions, useActionProblem } from './admin-actions';

/** Two-step verification and the addresses its technicians may sign in from. */
export function GroupSecurity({ group, mine, act, onDirty }: { group: GroupView; mine: boolean; act: Act; onDirty: (dirty: boolean) => void }) {
  const t = useTranslations('groupSecurity');
  const errorText = useErrorText();
  const [mode, setMode] = useState<string>(group.ipRules?.mode ?? 'inherit');
  const sent = useRef<string[]>([]);
  const [saved, showSaved] = useSavedNote();
  // The server names a refused range by its place in the list ("ipRules.ranges.2"): say which one, next to the list.
  const [problem, settle] = useActionProblem((result) => {
    const index = /^ipRules\.ranges\.(\d+)$/.exec(result.field ?? '')?.[1];
    if (index === undefined) return result.field?.startsWith('ipRules') ? { field: 'ranges', text: errorText(result) } : null;
    const range = sent.current[Number(index)] ?? '';
    const invalid = result.reasons?.length === 1 && result.reasons[0].key === 'invalid';
    return { field: 'ranges', text: invalid ? t('rangeInvalid', { range }) : t('rangeProblem', { range, problem: errorText(result) }) };
  });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const ranges = String(form.get('ranges') ?? '').split(/[\s,;]+/).map((r) => r.trim()).filter(Boolean);
    sent.current = ranges;
    showSaved(null);
    const ok = settle(await act(
      () => adminActions.setGroupSecurity(group.id, {
        requireTwoFactor: form.get('requireTwoFactor') === 'on',
        ipRules: mode === 'inherit' ? null : { mode, ranges },
        scope: form.get('securityScope') === 'subgroups' ? 'subgroups' : 'group',
      }),
      null,
    ));
    if (ok) {
      onDirty(false);
      showSaved(t('saved'));
    }
  }
  return (
    <form className="card" onSubmit={submit} onInput={() => onDirty(true)} onChange={() => onDirty(true)} aria-label={t('title')} noValidate>
      <label className="checkbox field">
        <input type="checkbox" name="requireTwoFactor" defaultChecked={group.requireTwoFactor} disabled={!mine} data-testid="group-require-2fa" /> {t('requireTwoFactor')}
      </label>
      <div className="field">
        <label htmlFor="ip-mode">{t('ipMode')}</label>
        <select id="ip-mode" value={mode} onChange={(e) => setMode(e.target.value)} disabled={!mine} data-testid="group-ip-mode">
          <option value="inherit">{t('inherit')}</option>
          <option value="allow_all_except">{t('allowAllExcept')}</option>
          <option value="deny_all_except">{t('denyAllExcept')}</option>
        </select>
      </div>
      {mode !== 'inherit' && (
        <div className="field">
          <label htmlFor="ip-ranges">{t('ranges')}</label>
          <textarea id="ip-ranges" name="ranges" rows={3} defaultValue={group.ipRules?.ranges.join('\n') ?? ''} placeholder={'203.0.113.0/24\n2001:db8::/32'} disabled={!mine} data-testid="group-ip-ranges"
            {...fieldProblemProps(problem, 'ranges', 'ip-ranges')} />
          <FieldProblem problem={problem} field="ranges" id="ip-ranges" />
        </div>
      )}
      <div className="field">
        <label htmlFor="security-scope">{t('saveTo')}</label>
        <select id="security-scope" name="securityScope" defaultValue="group" disabled={!mine}>
          <option value="group">{t('scopeGroup')}</option>
          <option value="subgroups">{t('scopeSubgroups')}</option>
        </select>
      </div>
      <FormProblemText problem={problem} fields={mode === 'inherit' ? [] : ['ranges']} />
      <SaveRow label={t('save')} note={saved} disabled={!mine} testId="group-security-save" />
    </form>
  );
}
