'use client';

import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { GroupView } from '../../../core/organisation/organisation-tree';
import { PERMISSION_LABELS, PERMISSIONS, type Permission, ROOT_DEFAULTS } from '../../../core/organisation/permissions';
import { adminActions } from './admin-actions';
import type { AdminData, GroupIntent } from './AdminCenter';

type Act = (call: () => ReturnType<typeof adminActions.createGroup>, success: string) => Promise<boolean>;
type Choice = 'inherit' | 'on' | 'off';

/** A technician group's form: name, place in the tree, rights (set here or inherited), subgroups, invitations. */
export function GroupPanel({ group, data, intent, act }: { group: GroupView; data: AdminData; intent: GroupIntent; act: Act }) {
  const mine = data.manageable.includes(group.id);
  const isMaster = data.viewer.role === 'master_admin';
  const renameRef = useRef<HTMLInputElement>(null);
  const subgroupRef = useRef<HTMLInputElement>(null);
  const inviteRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ({ rename: renameRef, subgroup: subgroupRef, invite: inviteRef, none: null })[intent ?? 'none']?.current?.focus();
  }, [intent]);

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

  function submitDetails(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void act(() => adminActions.updateGroup(group.id, { name: String(form.get('name')), description: String(form.get('description')) }), 'Group saved.');
  }
  function submitMove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parent = String(new FormData(event.currentTarget).get('parent'));
    void act(() => adminActions.moveGroup(group.id, parent === '' ? null : parent), 'Group moved.');
  }
  function submitPermissions(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const changes = Object.fromEntries(PERMISSIONS.map((p) => [p, choices[p] === 'inherit' ? null : choices[p] === 'on']));
    void act(() => adminActions.setPermissions(group.id, changes, scope), scope === 'group' ? 'Rights saved to this group.' : scope === 'subgroups' ? 'Rights saved to this group and its subgroups.' : 'Rights saved to all groups.');
  }
  async function submitSubgroup(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name'));
    if (await act(() => adminActions.createGroup(name, group.id), `Group ${name} created.`)) form.reset();
  }
  async function submitInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    const email = String(fields.get('email'));
    const role = (fields.get('role') ?? 'technician') as 'technician' | 'admin';
    if (await act(() => adminActions.invite(email, group.id, role), `Invitation sent to ${email}.`)) form.reset();
  }

  const members = data.people.filter((p) => p.groupId === group.id);
  const pending = data.pending.filter((i) => i.groupId === group.id);
  return (
    <div className="admin-panels">
      <form className="card" onSubmit={submitDetails} aria-labelledby="group-title">
        <h2 id="group-title">Group: {group.name}</h2>
        <p className="muted">{parentName ? `Inside ${parentName}.` : 'Top-level group.'} {members.length} {members.length === 1 ? 'person' : 'people'}.</p>
        <div className="field">
          <label htmlFor="group-name">Name</label>
          <input id="group-name" name="name" defaultValue={group.name} required maxLength={80} disabled={!mine} ref={renameRef} data-testid="group-name" />
        </div>
        <div className="field">
          <label htmlFor="group-description">Description</label>
          <input id="group-description" name="description" defaultValue={group.description} maxLength={500} disabled={!mine} />
        </div>
        <button type="submit" disabled={!mine} data-testid="group-save">Save group</button>
      </form>

      <form className="card" onSubmit={submitMove} aria-labelledby="move-title">
        <h2 id="move-title">Place in the tree</h2>
        <div className="field">
          <label htmlFor="group-parent">Inside</label>
          <select id="group-parent" name="parent" defaultValue={group.parentId ?? ''} disabled={!mine} data-testid="group-parent">
            {isMaster && <option value="">Top level</option>}
            {parentChoices.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select>
        </div>
        <button type="submit" className="secondary" disabled={!mine}>Move group</button>
      </form>

      <form className="card" onSubmit={submitPermissions} aria-labelledby="rights-title">
        <h2 id="rights-title">Rights</h2>
        <p className="muted">Technicians in this group may do what is on. &quot;Inherit&quot; follows {parentName ?? 'the defaults'}.</p>
        <table className="rights-table">
          <thead><tr><th scope="col">Right</th><th scope="col">Setting</th><th scope="col">In effect</th></tr></thead>
          <tbody>
            {PERMISSIONS.map((p) => (
              <tr key={p}>
                <th scope="row"><label htmlFor={`permission-${p}`}>{PERMISSION_LABELS[p]}</label></th>
                <td>
                  <select id={`permission-${p}`} value={choices[p]} disabled={!mine} data-testid={`permission-${p}`}
                    onChange={(e) => setChoices((c) => ({ ...c, [p]: e.target.value as Choice }))}>
                    <option value="inherit">Inherit ({inherited(p) ? 'on' : 'off'})</option>
                    <option value="on">On</option>
                    <option value="off">Off</option>
                  </select>
                </td>
                <td>{group.effective[p] ? <span className="badge ok">on</span> : <span className="badge">off</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <fieldset className="scope">
          <legend>Save to</legend>
          {([['group', 'This group'], ['subgroups', 'This group and its subgroups'], ['all', 'All groups']] as const).map(([value, label]) => (
            <label key={value} className="checkbox">
              <input type="radio" name="scope" value={value} checked={scope === value} disabled={!mine || (value === 'all' && !isMaster)} onChange={() => setScope(value)} /> {label}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={!mine} data-testid="permissions-save">Save rights</button>
      </form>

      <GroupSecurity group={group} mine={mine} act={act} />

      <form className="card" onSubmit={submitSubgroup} aria-labelledby="subgroup-title">
        <h2 id="subgroup-title">New subgroup</h2>
        <div className="field">
          <label htmlFor="subgroup-name">Name</label>
          <input id="subgroup-name" name="name" required maxLength={80} disabled={!mine} ref={subgroupRef} data-testid="new-group-name" />
        </div>
        <button type="submit" disabled={!mine} data-testid="new-group-submit">Create subgroup</button>
      </form>

      <form className="card" onSubmit={submitInvite} aria-labelledby="invite-title">
        <h2 id="invite-title">Invite to {group.name}</h2>
        <div className="field">
          <label htmlFor="invite-email">E-mail</label>
          <input id="invite-email" name="email" type="email" required disabled={!mine} ref={inviteRef} data-testid="invite-email" />
        </div>
        {isMaster && (
          <div className="field">
            <label htmlFor="invite-role">Role</label>
            <select id="invite-role" name="role" defaultValue="technician" data-testid="invite-role">
              <option value="technician">Technician</option>
              <option value="admin">Administrator</option>
            </select>
          </div>
        )}
        <button type="submit" disabled={!mine} data-testid="invite-submit">Send invitation</button>
        {pending.length > 0 && (
          <>
            <h3 className="pending-title">Invited, not signed up yet</h3>
            <ul className="pending-list" data-testid="pending-invitations">
              {pending.map((i) => <li key={i.id}>{i.email} <span className="muted">(link expires {new Date(i.expiresAt).toISOString().slice(0, 10)})</span></li>)}
            </ul>
          </>
        )}
      </form>
    </div>
  );
}

/** Two-step verification and the addresses its technicians may sign in from. */
function GroupSecurity({ group, mine, act }: { group: GroupView; mine: boolean; act: Act }) {
  const [mode, setMode] = useState<string>(group.ipRules?.mode ?? 'inherit');
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const ranges = String(form.get('ranges') ?? '').split(/[\s,;]+/).map((r) => r.trim()).filter(Boolean);
    void act(
      () => adminActions.setGroupSecurity(group.id, {
        requireTwoFactor: form.get('requireTwoFactor') === 'on',
        ipRules: mode === 'inherit' ? null : { mode, ranges },
        scope: form.get('securityScope') === 'subgroups' ? 'subgroups' : 'group',
      }),
      'Sign-in security saved.',
    );
  }
  return (
    <form className="card" onSubmit={submit} aria-labelledby="security-title">
      <h2 id="security-title">Sign-in security</h2>
      <label className="checkbox field">
        <input type="checkbox" name="requireTwoFactor" defaultChecked={group.requireTwoFactor} disabled={!mine} data-testid="group-require-2fa" /> Require two-step verification (authenticator app or e-mail code)
      </label>
      <div className="field">
        <label htmlFor="ip-mode">Addresses its technicians may use</label>
        <select id="ip-mode" value={mode} onChange={(e) => setMode(e.target.value)} disabled={!mine} data-testid="group-ip-mode">
          <option value="inherit">As the parent group (or anywhere)</option>
          <option value="allow_all_except">Allow all, except these ranges</option>
          <option value="deny_all_except">Deny all, except these ranges</option>
        </select>
      </div>
      {mode !== 'inherit' && (
        <div className="field">
          <label htmlFor="ip-ranges">Ranges (IPv4 or IPv6, one per line)</label>
          <textarea id="ip-ranges" name="ranges" rows={3} defaultValue={group.ipRules?.ranges.join('\n') ?? ''} placeholder={'203.0.113.0/24\n2001:db8::/32'} disabled={!mine} data-testid="group-ip-ranges" />
        </div>
      )}
      <div className="field">
        <label htmlFor="security-scope">Save to</label>
        <select id="security-scope" name="securityScope" defaultValue="group" disabled={!mine}>
          <option value="group">This group</option>
          <option value="subgroups">This group and its subgroups</option>
        </select>
      </div>
      <button type="submit" disabled={!mine} data-testid="group-security-save">Save sign-in security</button>
    </form>
  );
}
