'use client';

import type { FormEvent } from 'react';
import type { Person } from '../../../core/organisation/store';
import { adminActions } from './admin-actions';
import type { AdminData } from './AdminCenter';

type Act = (call: () => ReturnType<typeof adminActions.createGroup>, success: string) => Promise<boolean>;

const roleLabels = { master_admin: 'Master administrator', admin: 'Administrator', technician: 'Technician' } as const;

/** A person's form: the fields of the Rescue guide, enabled or not, and their group (the keyboard's way to move them). */
export function PersonPanel({ person, data, act }: { person: Person; data: AdminData; act: Act }) {
  const editable = data.viewer.role === 'master_admin' || (person.role === 'technician' && person.groupId !== null && data.manageable.includes(person.groupId));
  const self = person.id === data.viewer.id;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void act(() => adminActions.updatePerson(person.id, {
      name: String(form.get('name')),
      nickname: String(form.get('nickname')),
      description: String(form.get('description')),
      ...(self ? {} : { enabled: form.get('enabled') === 'on' }),
      twoFactorRequired: form.get('twoFactorRequired') === 'on',
    }), `${String(form.get('name'))} saved.`);
  }
  function submitMove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const groupId = String(new FormData(event.currentTarget).get('group'));
    const name = data.groups.find((g) => g.id === groupId)?.name ?? 'the group';
    void act(() => adminActions.movePerson(person.id, groupId), `${person.name} moved to ${name}.`);
  }

  return (
    <div className="admin-panels">
      <form className="card" onSubmit={submit} aria-labelledby="person-title">
        <h2 id="person-title">{person.name}</h2>
        <p className="muted">{roleLabels[person.role]} · {person.email}</p>
        <div className="field">
          <label htmlFor="person-name">Name</label>
          <input id="person-name" name="name" defaultValue={person.name} required maxLength={80} disabled={!editable} />
        </div>
        <div className="field">
          <label htmlFor="person-nickname">Nickname (what customers see)</label>
          <input id="person-nickname" name="nickname" defaultValue={person.nickname} required maxLength={80} disabled={!editable} />
        </div>
        <div className="field">
          <label htmlFor="person-description">Description</label>
          <input id="person-description" name="description" defaultValue={person.description} maxLength={500} disabled={!editable} />
        </div>
        <label className="checkbox field">
          <input type="checkbox" name="enabled" defaultChecked={person.enabled} disabled={!editable || self} data-testid="person-enabled" /> Enabled (may sign in)
        </label>
        <label className="checkbox field">
          <input type="checkbox" name="twoFactorRequired" defaultChecked={person.twoFactorRequired} disabled={!editable} data-testid="person-require-2fa" /> Require two-step verification
        </label>
        <button type="submit" disabled={!editable} data-testid="person-save">Save</button>
      </form>
      {person.role !== 'master_admin' && (
        <form className="card" onSubmit={submitMove} aria-labelledby="person-group-title">
          <h2 id="person-group-title">Group</h2>
          <div className="field">
            <label htmlFor="person-group">Member of</label>
            <select id="person-group" name="group" defaultValue={person.groupId ?? ''} disabled={!editable} data-testid="person-group">
              {data.groups.filter((g) => data.manageable.includes(g.id)).map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          </div>
          <button type="submit" className="secondary" disabled={!editable} data-testid="person-move">Move</button>
        </form>
      )}
    </div>
  );
}
