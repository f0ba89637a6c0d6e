'use client';

import { type FormEvent, useState } from 'react';
import type { Person } from '../../../core/organisation/store';
import { adminActions } from './admin-actions';
import type { AdminData } from './AdminCenter';

type Act = (call: () => ReturnType<typeof adminActions.createGroup>, success: string) => Promise<boolean>;

const roleLabels = { master_admin: 'Master administrator', admin: 'Administrator', technician: 'Technician' } as const;

/** A person's form: the fields of the Rescue guide, enabled or not, and their group (the keyboard's way to move them). */
export function PersonPanel({ person, data, act }: { person: Person; data: AdminData; act: Act }) {
  const editable = data.viewer.role === 'master_admin' || (person.role === 'technician' && person.groupId !== null && data.manageable.includes(person.groupId));
  const self = person.id === data.viewer.id;
  const [temporary, setTemporary] = useState<string | null>(null);

  async function resetPassword() {
    const result = (await adminActions.resetPassword(person.id)) as Awaited<ReturnType<typeof adminActions.resetPassword>> & { temporaryPassword?: string };
    if (result.ok && result.temporaryPassword) setTemporary(result.temporaryPassword);
    await act(async () => result, `${person.name}'s password was reset; their sign-ins ended.`);
  }

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
      {editable && !self && (
        <section className="card" aria-labelledby="person-security-title">
          <h2 id="person-security-title">Locked out?</h2>
          <p className="muted">Both end {person.name}&apos;s sign-ins.</p>
          <div className="row">
            <button type="button" className="secondary" onClick={() => void resetPassword()} data-testid="person-reset-password">Reset password</button>
            <button type="button" className="secondary" onClick={() => void act(() => adminActions.resetTwoFactor(person.id), `${person.name}'s two-step verification was reset.`)} data-testid="person-reset-2fa">
              Reset two-step verification
            </button>
          </div>
          {temporary && (
            <p role="status" data-testid="person-temporary-password">
              Temporary password, shown once: <code>{temporary}</code>. {person.name} chooses a new one at the next sign-in.
            </p>
          )}
        </section>
      )}
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
