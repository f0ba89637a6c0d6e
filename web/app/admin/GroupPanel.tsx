'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { GroupView } from '../../../core/organisation/organisation-tree';
import { PERMISSIONS, type Permission, ROOT_DEFAULTS } from '../../../core/organisation/permissions';
import { FieldProblem, fieldProblemProps, FormProblemText } from '../../components/FormErrors';
import { SaveRow, useSavedNote } from '../../components/SaveRow';
import { Tabs } from '../../components/Tabs';
import { type Act, adminActions, useActionProblem } from './admin-actions';
import { GroupMaxSessionsField } from './GroupMaxSessions';
import type { AdminData, GroupIntent } from './AdminCenter';
import { GroupMembers } from './GroupMembers';
import { GroupSecurity } from './GroupSecurity';

type Choice = 'inherit' | 'on' | 'off';
export type GroupTab = 'general' | 'rights' | 'security' | 'members';

/**
 * A technician group's page, in tabs as in the Rescue admin center: General (name, place in the tree, input
 * priority, subgroups), Rights, Security, Members and invitations. One Save per tab; its success is said beside
 * it. Every tab stays mounted, so changes typed in one survive a look at another, and the tab says it has some.
 */
export function GroupPanel({ group, data, intent, act }: { group: GroupView; data: AdminData; intent: GroupIntent; act: Act }) {
  const t = useTranslations('groupPanel');
  const tabs = useTranslations('adminTabs');
  const mine = data.manageable.includes(group.id);
  const [tab, setTab] = useState<GroupTab>(intent === 'invite' ? 'members' : 'general');
  const [dirty, setDirty] = useState<Record<GroupTab, boolean>>({ general: false, rights: false, security: false, members: false });
  const mark = (which: GroupTab, value: boolean) => setDirty((d) => (d[which] === value ? d : { ...d, [which]: value }));
  useEffect(() => {
    if (intent === 'invite') setTab('members');
    else if (intent) setTab('general');
  }, [intent]);

  const members = data.people.filter((p) => p.groupId === group.id);
  const parentName = data.groups.find((g) => g.id === group.parentId)?.name;
  return (
    <div className="admin-panels">
      <header className="panel-head">
        <h2 id="group-title">{t('title', { name: group.name })}</h2>
        <p className="muted">{parentName ? t('inside', { parent: parentName }) : t('topLevelGroup')} {t('members', { count: members.length })}</p>
      </header>
      <Tabs
        idPrefix="group"
        label={t('title', { name: group.name })}
        selected={tab}
        onSelect={(id) => setTab(id as GroupTab)}
        unsavedLabel={tabs('unsaved')}
        tabs={[
          { id: 'general', label: tabs('general'), dirty: dirty.general, content: <GroupGeneral group={group} data={data} mine={mine} intent={intent} act={act} onDirty={(v) => mark('general', v)} /> },
          { id: 'rights', label: tabs('rights'), dirty: dirty.rights, content: <GroupRights group={group} data={data} mine={mine} act={act} onDirty={(v) => mark('rights', v)} /> },
          { id: 'security', label: tabs('security'), dirty: dirty.security, content: <GroupSecurity group={group} mine={mine} act={act} onDirty={(v) => mark('security', v)} /> },
          { id: 'members', label: tabs('members'), dirty: dirty.members, content: <GroupMembers group={group} data={data} mine={mine} focusInvite={intent === 'invite'} act={act} onDirty={(v) => mark('members', v)} /> },
        ]}
      />
    </div>
  );
}

/** Name, description, input priority and place in the tree: one form, one Save. Then a subgroup to add. */
function GroupGeneral({ group, data, mine, intent, act, onDirty }: { group: GroupView; data: AdminData; mine: boolean; intent: GroupIntent; act: Act; onDirty: (dirty: boolean) => void }) {
  const t = useTranslations('groupPanel');
  const isMaster = data.viewer.role === 'master_admin';
  const renameRef = useRef<HTMLInputElement>(null);
  const subgroupRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (intent === 'rename') renameRef.current?.focus();
    if (intent === 'subgroup') subgroupRef.current?.focus();
  }, [intent]);
  const [detailsProblem, settleDetails] = useActionProblem();
  const [subgroupProblem, settleSubgroup] = useActionProblem();
  const [saved, showSaved] = useSavedNote();
  const [created, showCreated] = useSavedNote();

  const parentOf = new Map(data.groups.map((g) => [g.id, g.parentId]));
  const isInside = (id: string) => {
    for (let at: string | null = id; at; at = parentOf.get(at) ?? null) if (at === group.id) return true;
    return false;
  };
  const parentChoices = data.groups.filter((g) => !isInside(g.id) && data.manageable.includes(g.id));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    showSaved(null);
    const form = new FormData(event.currentTarget);
    const priority = String(form.get('inputPriority'));
    const parentId = String(form.get('parent') ?? '') || null;
    const maxSessions = String(form.get('maxSessions') ?? '').trim();
    const details = await act(() => adminActions.updateGroup(group.id, {
      name: String(form.get('name')),
      description: String(form.get('description')),
      inputPriority: priority === 'technician' || priority === 'customer' ? priority : null,
      maxSessions: maxSessions === '' ? null : Number(maxSessions),
    }), null);
    if (!settleDetails(details)) return;
    // A move is refused on its own (a group cannot go inside itself): the field says so, the rest stays saved.
    if (parentId !== group.parentId && !settleDetails(await act(() => adminActions.moveGroup(group.id, parentId), null))) return;
    onDirty(false);
    showSaved(t('saved'));
  }
  async function submitSubgroup(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name'));
    if (settleSubgroup(await act(() => adminActions.createGroup(name, group.id), null))) {
      form.reset();
      showCreated(t('groupCreated', { name: name.trim() }));
    }
  }

  return (
    <>
      <form className="card" onSubmit={submit} onInput={() => onDirty(true)} onChange={() => onDirty(true)} aria-label={t('generalTitle')} noValidate>
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
          <label htmlFor="group-parent">{t('insideLabel')}</label>
          <select id="group-parent" name="parent" defaultValue={group.parentId ?? ''} disabled={!mine} data-testid="group-parent" {...fieldProblemProps(detailsProblem, 'parentId', 'group-parent')}>
            {isMaster && <option value="">{t('topLevel')}</option>}
            {parentChoices.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select>
          <FieldProblem problem={detailsProblem} field="parentId" id="group-parent" />
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
        <GroupMaxSessionsField group={group} mine={mine} problem={detailsProblem} />
        <FormProblemText problem={detailsProblem} fields={['name', 'description', 'parentId', 'maxSessions']} />
        <SaveRow label={t('save')} note={saved} disabled={!mine} testId="group-save" />
      </form>

      <form className="card" onSubmit={submitSubgroup} aria-labelledby="subgroup-title" noValidate>
        <h3 id="subgroup-title">{t('subgroupTitle')}</h3>
        <div className="field">
          <label htmlFor="subgroup-name">{t('name')}</label>
          <input id="subgroup-name" name="name" required maxLength={80} disabled={!mine} ref={subgroupRef} data-testid="new-group-name" {...fieldProblemProps(subgroupProblem, 'name', 'subgroup-name')} />
          <FieldProblem problem={subgroupProblem} field="name" id="subgroup-name" />
        </div>
        <FormProblemText problem={subgroupProblem} fields={['name']} />
        <SaveRow label={t('createSubgroup')} note={created} disabled={!mine} testId="new-group-submit" secondary />
      </form>
    </>
  );
}

/**
 * The rights this group sets or inherits. Only rights whose feature exists are listed (PERMISSIONS says so):
 * a switch for something that does not exist would promise what nothing checks.
 */
function GroupRights({ group, data, mine, act, onDirty }: { group: GroupView; data: AdminData; mine: boolean; act: Act; onDirty: (dirty: boolean) => void }) {
  const t = useTranslations('groupPanel');
  const rights = useTranslations('rights');
  const isMaster = data.viewer.role === 'master_admin';
  const parent = data.groups.find((g) => g.id === group.parentId);
  const inherited = (p: Permission) => (parent ? parent.effective[p] : ROOT_DEFAULTS[p]);
  const [choices, setChoices] = useState<Record<Permission, Choice>>(
    () => Object.fromEntries(PERMISSIONS.map((p) => [p, group.permissions[p] === undefined ? 'inherit' : group.permissions[p] ? 'on' : 'off'])) as Record<Permission, Choice>,
  );
  const [scope, setScope] = useState<'group' | 'subgroups' | 'all'>('group');
  const [problem, settle] = useActionProblem();
  const [saved, showSaved] = useSavedNote();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    showSaved(null);
    const changes = Object.fromEntries(PERMISSIONS.map((p) => [p, choices[p] === 'inherit' ? null : choices[p] === 'on']));
    if (settle(await act(() => adminActions.setPermissions(group.id, changes, scope), null))) {
      onDirty(false);
      showSaved(t('rightsSaved', { scope }));
    }
  }
  return (
    <form className="card" onSubmit={submit} onChange={() => onDirty(true)} aria-labelledby="rights-intro" noValidate>
      <p className="muted" id="rights-intro">{parent ? t('rightsIntroParent', { parent: parent.name }) : t('rightsIntroDefaults')}</p>
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
      <FormProblemText problem={problem} fields={[]} />
      <SaveRow label={t('saveRights')} note={saved} disabled={!mine} testId="permissions-save" />
    </form>
  );
}
