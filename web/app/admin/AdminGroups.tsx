'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useMemo } from 'react';
import type { AdministratorGroup } from '../../../core/organisation/administrator-groups';
import { FieldProblem, fieldProblemProps, FormProblemText } from '../../components/FormErrors';
import { type Act, adminActions, useActionProblem } from './admin-actions';
import type { AdminData } from './AdminCenter';

/** Administrator groups in tree order, each with its depth, for nested lists and indented options. */
function ordered(groups: AdministratorGroup[]): { group: AdministratorGroup; depth: number }[] {
  const out: { group: AdministratorGroup; depth: number }[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const group of groups.filter((g) => g.parentId === parentId)) {
      out.push({ group, depth });
      visit(group.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/** The group and every group below it: where it may not move. */
function subtreeOf(id: string, groups: AdministratorGroup[]): Set<string> {
  const found = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const g of groups) {
      if (g.parentId && found.has(g.parentId) && !found.has(g.id)) {
        found.add(g.id);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * The administrators' side of the tree (master administrators only): nested administrator groups, a
 * selected one opens its form; a new group is created under the selected one or at the top.
 */
export function AdminGroupList({ data, selectedId, onSelect, act }: { data: AdminData; selectedId: string | null; onSelect: (id: string) => void; act: Act }) {
  const t = useTranslations('adminGroups');
  const [problem, settle] = useActionProblem();
  const rows = useMemo(() => ordered(data.adminGroups), [data.adminGroups]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name')).trim();
    const parentId = String(new FormData(form).get('parent')) || null;
    if (settle(await act(() => adminActions.createAdminGroup(name, parentId), t('created', { name })))) form.reset();
  }

  return (
    <section aria-labelledby="admin-groups-title" data-testid="admin-groups">
      <h2 id="admin-groups-title">{t('title')}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <ul className="admin-group-list">
          {rows.map(({ group, depth }) => (
            <li key={group.id} style={{ paddingInlineStart: `${depth * 1.25}rem` }}>
              <button type="button" className={`linkish${group.id === selectedId ? ' selected' : ''}`} aria-current={group.id === selectedId ? 'true' : undefined} onClick={() => onSelect(group.id)} data-testid="admin-group-item">
                {group.name}
              </button>
              <span className="muted"> · {t('memberCount', { count: group.memberIds.length })}</span>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={create} noValidate className="admin-group-new">
        <div className="field">
          <label htmlFor="admin-group-new-name">{t('newName')}</label>
          <input id="admin-group-new-name" name="name" maxLength={80} required data-testid="admin-group-name" {...fieldProblemProps(problem, 'name', 'admin-group-new-name')} />
          <FieldProblem problem={problem} field="name" id="admin-group-new-name" />
        </div>
        <div className="field">
          <label htmlFor="admin-group-new-parent">{t('parent')}</label>
          <select id="admin-group-new-parent" name="parent" defaultValue={selectedId ?? ''}>
            <option value="">{t('topLevel')}</option>
            {rows.map(({ group, depth }) => <option key={group.id} value={group.id}>{'  '.repeat(depth) + group.name}</option>)}
          </select>
        </div>
        <FormProblemText problem={problem} fields={['name']} />
        <button type="submit" className="secondary" data-testid="admin-group-create">{t('create')}</button>
      </form>
    </section>
  );
}

/** One administrator group's form: name and place, the technician groups it manages, its administrators. */
export function AdminGroupPanel({ group, data, act, onRemoved }: { group: AdministratorGroup; data: AdminData; act: Act; onRemoved: () => void }) {
  const t = useTranslations('adminGroups');
  const [problem, settle] = useActionProblem();
  const [scopeProblem, settleScope] = useActionProblem();
  const [memberProblem, settleMember] = useActionProblem();
  const blocked = subtreeOf(group.id, data.adminGroups);
  const parents = ordered(data.adminGroups).filter(({ group: g }) => !blocked.has(g.id));
  const administrators = data.people.filter((p) => p.role === 'admin');
  const members = administrators.filter((p) => group.memberIds.includes(p.id));
  const others = administrators.filter((p) => !group.memberIds.includes(p.id));
  const groupOf = (personId: string) => data.adminGroups.find((g) => g.memberIds.includes(personId));
  const hasSubgroups = data.adminGroups.some((g) => g.parentId === group.id);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name')).trim();
    settle(await act(() => adminActions.updateAdminGroup(group.id, { name, description: String(form.get('description')), parentId: String(form.get('parentId')) || null }), t('saved', { name })));
  }

  async function saveScope(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const technicianGroupIds = new FormData(event.currentTarget).getAll('technicianGroup').map(String);
    settleScope(await act(() => adminActions.updateAdminGroup(group.id, { technicianGroupIds }), t('scopeSaved', { name: group.name })));
  }

  async function addMember(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const userId = String(new FormData(event.currentTarget).get('userId'));
    const person = administrators.find((p) => p.id === userId);
    if (!person) return;
    settleMember(await act(() => adminActions.setAdminGroupMembership(userId, group.id), t('memberAdded', { name: person.name, group: group.name })));
  }

  async function remove() {
    if (settle(await act(() => adminActions.removeAdminGroup(group.id), t('removed', { name: group.name })))) onRemoved();
  }

  return (
    <div className="admin-panels" data-testid="admin-group-panel">
      <form className="card" onSubmit={save} aria-labelledby="admin-group-title" noValidate>
        <h2 id="admin-group-title">{group.name}</h2>
        <p className="muted">{t('explain')}</p>
        <div className="field">
          <label htmlFor="admin-group-name">{t('name')}</label>
          <input id="admin-group-name" name="name" defaultValue={group.name} maxLength={80} required {...fieldProblemProps(problem, 'name', 'admin-group-name')} />
          <FieldProblem problem={problem} field="name" id="admin-group-name" />
        </div>
        <div className="field">
          <label htmlFor="admin-group-description">{t('description')}</label>
          <input id="admin-group-description" name="description" defaultValue={group.description} maxLength={500} {...fieldProblemProps(problem, 'description', 'admin-group-description')} />
          <FieldProblem problem={problem} field="description" id="admin-group-description" />
        </div>
        <div className="field">
          <label htmlFor="admin-group-parent">{t('parent')}</label>
          <select id="admin-group-parent" name="parentId" defaultValue={group.parentId ?? ''} data-testid="admin-group-parent" {...fieldProblemProps(problem, 'parentId', 'admin-group-parent')}>
            <option value="">{t('topLevel')}</option>
            {parents.map(({ group: g, depth }) => <option key={g.id} value={g.id}>{'  '.repeat(depth) + g.name}</option>)}
          </select>
          <FieldProblem problem={problem} field="parentId" id="admin-group-parent" />
        </div>
        <FormProblemText problem={problem} fields={['name', 'description', 'parentId']} />
        <div className="row">
          <button type="submit" data-testid="admin-group-save">{t('save')}</button>
          <button type="button" className="secondary" onClick={() => void remove()} disabled={members.length > 0 || hasSubgroups} aria-describedby="admin-group-remove-hint" data-testid="admin-group-remove">
            {t('remove')}
          </button>
        </div>
        {(members.length > 0 || hasSubgroups) && <p id="admin-group-remove-hint" className="field-hint">{t('removeHint')}</p>}
      </form>

      <form className="card" onSubmit={saveScope} aria-labelledby="admin-group-scope-title" noValidate>
        <h2 id="admin-group-scope-title">{t('scopeTitle')}</h2>
        <p className="muted">{t('scopeExplain')}</p>
        <fieldset className="admin-group-scope">
          <legend className="visually-hidden">{t('scopeTitle')}</legend>
          {data.groups.map((g) => (
            <label key={g.id} className="checkbox">
              <input type="checkbox" name="technicianGroup" value={g.id} defaultChecked={group.technicianGroupIds.includes(g.id)} data-testid="admin-group-scope" /> {g.name}
            </label>
          ))}
        </fieldset>
        <FormProblemText problem={scopeProblem} fields={[]} />
        <button type="submit" className="secondary" data-testid="admin-group-scope-save">{t('scopeSave')}</button>
      </form>

      <section className="card" aria-labelledby="admin-group-members-title">
        <h2 id="admin-group-members-title">{t('membersTitle')}</h2>
        {members.length === 0 ? (
          <p className="muted">{t('noMembers')}</p>
        ) : (
          <ul data-testid="admin-group-members">
            {members.map((p) => (
              <li key={p.id} className="spread">
                <span>{p.name} <span className="muted">· {p.email}</span></span>
                <button type="button" className="secondary" onClick={() => void act(() => adminActions.setAdminGroupMembership(p.id, null), t('memberRemoved', { name: p.name, group: group.name })).then(settleMember)}>
                  {t('removeMember', { name: p.name })}
                </button>
              </li>
            ))}
          </ul>
        )}
        {others.length > 0 && (
          <form onSubmit={addMember} noValidate className="row">
            <div className="field">
              <label htmlFor="admin-group-add">{t('addMember')}</label>
              <select id="admin-group-add" name="userId" data-testid="admin-group-add" {...fieldProblemProps(memberProblem, 'userId', 'admin-group-add')}>
                {others.map((p) => {
                  const current = groupOf(p.id);
                  return <option key={p.id} value={p.id}>{current ? t('adminInOtherGroup', { name: p.name, group: current.name }) : p.name}</option>;
                })}
              </select>
              <FieldProblem problem={memberProblem} field="userId" id="admin-group-add" />
            </div>
            <button type="submit" className="secondary" data-testid="admin-group-add-submit">{t('add')}</button>
          </form>
        )}
        <FormProblemText problem={memberProblem} fields={['userId']} />
      </section>
    </div>
  );
}
