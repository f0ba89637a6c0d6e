'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { GroupView } from '../../../core/organisation/organisation-tree';
import { PERMISSIONS, type Permission, ROOT_DEFAULTS } from '../../../core/organisation/permissions';
import { FieldProblem, fieldProblemProps, FormProblemText } from '../../components/FormErrors';
import { type Act, adminActions, useActionProblem } from './admin-actions';
import { GroupMaxSessions } from './GroupMaxSessions';
import type { AdminData, GroupIntent } from './AdminCenter';
import { GroupSecurity } from './GroupSecurity';

type Choice = 'inherit' | 'on' | 'off';

/** A technician group's form: name, place in the tree, rights (set here or inherited), subgroups, invitations. */
export function GroupPanel({ group, data, intent, act }: { group: GroupView; data: AdminData; intent: GroupIntent; act: Act }) {
  const t = useTranslations('groupPanel');
  const rights = useTranslations('rights');
  const format = useFormatter();
  const mine = data.manageable.includes(group.id);
  const isMaster = data.viewer.role === 'master_admin';
  const renameRef = useRef<HTMLInputElement>(null);
  const subgroupRef = useRef<HTMLInputElement>(null);
  const inviteRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ({ rename: renameRef, subgroup: subgroupRef, invite: inviteRef, none: null })[intent ?? 'none']?.current?.focus();
  }, [intent]);

  const [detailsProblem, settleDetails] = useActionProblem();
  const [moveProblem, settleMove] = useActionProblem();
  const [rightsProblem, settleRights] = useActionProblem();
  const [subgroupProblem, settleSubgroup] = useActionProblem();
  const invited = useRef('');
  // Taken addresses are refused as a conflict without a field: the form knows which field it was.
  const [inviteProblem, settleInvite] = useActionProblem((result) => (result.code === 'conflict' ? { field: 'email', text: t('alreadyHasAccount', { email: invited.current }) } : null));

  const parentOf = new Map(data.groups.map((g) => [g.id, g.parentId]));
  const isInside = (id: string) => {
    for (let at: string | null = id; at; at = parentOf.get(at) ?? null) if (at === group.id) return true;
    return false;
  };
  const parentChoices = data.groups.filter((g) => !isInside(g.id) && data.manageable.includes(g.id));

  const parent = data.groups.find((g) => g.id === group.parentId);
  const inherited = (p: Permission) => (parent ? parent.effective[p] : ROOT_DEFAULTS[p]);
  const parentName = parent?.name;

  const [choices, setChoices] = useState<Record<Permission, Choice>>(
    () => Object.fromEntries(PERMISSIONS.map((p) => [p, group.permissions[p] === undefined ? 'inherit' : group.permissions[p] ? 'on' : 'off'])) as Record<Permission, Choice>,
  );
  const [scope, setScope] = useState<'group' | 'subgroups' | 'all'>('group');

  async function submitDetails(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const priority = String(form.get('inputPriority'));
    settleDetails(await act(() => adminActions.updateGroup(group.id, {
      name: String(form.get('name')),
      description: String(form.get('description')),
      inputPriority: priority === 'technician' || priority === 'customer' ? priority : null,
    }), t('saved')));
  }
  async function submitMove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parent = String(new FormData(event.currentTarget).get('parent'));
    settleMove(await act(() => adminActions.moveGroup(group.id, parent === '' ? null : parent), t('moved')));
  }
  async function submitPermissions(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const changes = Object.fromEntries(PERMISSIONS.map((p) => [p, choices[p] === 'inherit' ? null : choices[p] === 'on']));
    settleRights(await act(() => adminActions.setPermissions(group.id, changes, scope), t('rightsSaved', { scope })));
  }
  async function submitSubgroup(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name'));
    if (settleSubgroup(await act(() => adminActions.createGroup(name, group.id), t('groupCreated', { name: name.trim() })))) form.reset();
  }
  async function submitInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    const email = String(fields.get('email'));
    const role = (fields.get('role') ?? 'technician') as 'technician' | 'admin';
    invited.current = email.trim();
    if (settleInvite(await act(() => adminActions.invite(email, group.id, role), t('invitationSent', { email: email.trim() })))) form.reset();
  }

  const members = data.people.filter((p) => p.groupId === group.id);
  const pending = data.pending.filter((i) => i.groupId === group.id);
  return (
    <div className="admin-panels">
      <form className="card" onSubmit={submitDetails} aria-labelledby="group-title" noValidate>
        <h2 id="group-title">{t('title', { name: group.name })}</h2>
        <p className="muted">{parentName ? t('inside', { parent: parentName }) : t('topLevelGroup')} {t('members', { count: members.length })}</p>
        <div className="field">
          <label htmlFor="group-name">{t('name')}</label>
          <input id="group-name" name="name" defaultValue={group.name} required maxLength={80} disabled={!mine} ref={renameRef} data-testid="group-name" {...fieldProblemProps(detailsProblem, 'name', 'group-name')} />
          <FieldProblem problem={detailsProblem} field="name" id="group-name" />
        </div>
        <div className="field">
          <label htmlFor="group-description">{t('description')}</label>
          <input id="group-description" name="description" defaultValue={group.description} maxLength={500} disabled={!mine} {...fieldProblemProps(detailsProblem, 'description', 'group-description')} />
          <FieldProblem problem={detailsProblem} field="description" id="group-description" />
        </div>
        <div className="field">
          <label htmlFor="group-input-priority">{t('inputPriority')}</label>
          <select id="group-input-priority" name="inputPriority" defaultValue={group.inputPriority ?? ''} disabled={!mine} aria-describedby="group-input-priority-hint" data-testid="group-input-priority">
            <option value="">{t('inputPriorityInherit')}</option>
            <option value="technician">{t('inputPriorityTechnician')}</option>
            <option value="customer">{t('inputPriorityCustomer')}</option>
          </select>
          <p className="field-hint" id="group-input-priority-hint">{t('inputPriorityHint')}</p>
        </div>
        <FormProblemText problem={detailsProblem} fields={['name', 'description']} />
        <button type="submit" disabled={!mine} data-testid="group-save">{t('save')}</button>
      </form>

      <form className="card" onSubmit={submitMove} aria-labelledby="move-title" noValidate>
        <h2 id="move-title">{t('placeTitle')}</h2>
        <div className="field">
          <label htmlFor="group-parent">{t('insideLabel')}</label>
          <select id="group-parent" name="parent" defaultValue={group.parentId ?? ''} disabled={!mine} data-testid="group-parent" {...fieldProblemProps(moveProblem, 'parentId', 'group-parent')}>
            {isMaster && <option value="">{t('topLevel')}</option>}
            {parentChoices.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select>
          <FieldProblem problem={moveProblem} field="parentId" id="group-parent" />
        </div>
        <FormProblemText problem={moveProblem} fields={['parentId']} />
        <button type="submit" className="secondary" disabled={!mine}>{t('move')}</button>
      </form>

      <form className="card" onSubmit={submitPermissions} aria-labelledby="rights-title" noValidate>
        <h2 id="rights-title">{t('rightsTitle')}</h2>
        <p className="muted">{parentName ? t('rightsIntroParent', { parent: parentName }) : t('rightsIntroDefaults')}</p>
        <table className="rights-table">
          <thead><tr><th scope="col">{t('right')}</th><th scope="col">{t('setting')}</th><th scope="col">{t('inEffect')}</th></tr></thead>
          <tbody>
            {PERMISSIONS.map((p) => (
              <tr key={p}>
                <th scope="row">
                  <label htmlFor={`permission-${p}`}>{rights(`${p}.name`)}</label>
                  <div className="field-hint" id={`permission-${p}-hint`}>{rights(`${p}.description`)}</div>
                </th>
                <td>
                  <select id={`permission-${p}`} value={choices[p]} disabled={!mine} data-testid={`permission-${p}`} aria-describedby={`permission-${p}-hint`}
                    onChange={(e) => setChoices((c) => ({ ...c, [p]: e.target.value as Choice }))}>
                    <option value="inherit">{t('inherit', { value: inherited(p) ? 'on' : 'off' })}</option>
                    <option value="on">{t('on')}</option>
                    <option value="off">{t('off')}</option>
                  </select>
                </td>
                <td>{group.effective[p] ? <span className="badge ok">{t('badgeOn')}</span> : <span className="badge">{t('badgeOff')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <fieldset className="scope">
          <legend>{t('saveTo')}</legend>
          {([['group', t('scopeGroup')], ['subgroups', t('scopeSubgroups')], ['all', t('scopeAll')]] as const).map(([value, label]) => (
            <label key={value} className="checkbox">
              <input type="radio" name="scope" value={value} checked={scope === value} disabled={!mine || (value === 'all' && !isMaster)} onChange={() => setScope(value)} /> {label}
            </label>
          ))}
        </fieldset>
        <FormProblemText problem={rightsProblem} fields={[]} />
        <button type="submit" disabled={!mine} data-testid="permissions-save">{t('saveRights')}</button>
      </form>

      <GroupSecurity group={group} mine={mine} act={act} />
      <GroupMaxSessions group={group} mine={mine} act={act} />

      <form className="card" onSubmit={submitSubgroup} aria-labelledby="subgroup-title" noValidate>
        <h2 id="subgroup-title">{t('subgroupTitle')}</h2>
        <div className="field">
          <label htmlFor="subgroup-name">{t('name')}</label>
          <input id="subgroup-name" name="name" required maxLength={80} disabled={!mine} ref={subgroupRef} data-testid="new-group-name" {...fieldProblemProps(subgroupProblem, 'name', 'subgroup-name')} />
          <FieldProblem problem={subgroupProblem} field="name" id="subgroup-name" />
        </div>
        <FormProblemText problem={subgroupProblem} fields={['name']} />
        <button type="submit" disabled={!mine} data-testid="new-group-submit">{t('createSubgroup')}</button>
      </form>

      <form className="card" onSubmit={submitInvite} aria-labelledby="invite-title" noValidate>
        <h2 id="invite-title">{t('inviteTitle', { group: group.name })}</h2>
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
        <button type="submit" disabled={!mine} data-testid="invite-submit">{t('sendInvitation')}</button>
        {pending.length > 0 && (
          <>
            <h3 className="pending-title">{t('pendingTitle')}</h3>
            <ul className="pending-list" data-testid="pending-invitations">
              {pending.map((i) => (
                <li key={i.id}>
                  {i.email} <span className="muted">{t('expires', { date: format.dateTime(i.expiresAt, { dateStyle: 'medium' }) })}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </form>
    </div>
  );
}
