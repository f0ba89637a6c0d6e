'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { Person } from '../../../core/organisation/store';
import type { GroupView } from '../../../core/organisation/organisation-tree';
import type { Role } from '../../../core/model';
import { adminActions, problemOf } from './admin-actions';
import { CsvImport } from './CsvImport';
import { GroupPanel } from './GroupPanel';
import { OrgTree, type TreeSelection } from './OrgTree';
import { PersonPanel } from './PersonPanel';

export interface AdminData {
  viewer: { id: string; role: Role };
  groups: GroupView[];
  people: Person[];
  manageable: string[];
  pending: { id: string; email: string; groupId: string; role: string; expiresAt: number }[];
}

/** What a context-menu choice asks the group form to open. */
export type GroupIntent = 'rename' | 'subgroup' | 'invite' | null;

/** Two panes, as in the Rescue admin center: the organisation tree on the left, the selected node's form on the right. */
export function AdminCenter({ data }: { data: AdminData }) {
  const router = useRouter();
  const [selection, setSelection] = useState<TreeSelection | null>(() => (data.groups[0] ? { kind: 'group', id: data.groups[0].id } : null));
  const [intent, setIntent] = useState<GroupIntent>(null);
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  /** Runs an API call, then re-reads the server's view: the tree always shows what is stored. */
  async function act(call: () => ReturnType<typeof adminActions.createGroup>, success: string): Promise<boolean> {
    const result = await call();
    const problem = problemOf(result);
    setStatus(problem ? { tone: 'error', text: problem } : { tone: 'ok', text: success });
    if (!problem) router.refresh();
    return !problem;
  }

  const group = selection?.kind === 'group' ? data.groups.find((g) => g.id === selection.id) : undefined;
  const person = selection?.kind === 'person' ? data.people.find((p) => p.id === selection.id) : undefined;
  const nameOf = (groupId: string | null) => data.groups.find((g) => g.id === groupId)?.name ?? 'no group';

  return (
    <div className="admin">
      <aside className="admin-tree card" aria-labelledby="org-title">
        <h1 id="org-title">Organisation</h1>
        <OrgTree
          data={data}
          selection={selection}
          onSelect={(next, nextIntent = null) => {
            setSelection(next);
            setIntent(nextIntent);
            setStatus(null);
          }}
          onMovePerson={(personId, groupId) =>
            void act(() => adminActions.movePerson(personId, groupId), `${data.people.find((p) => p.id === personId)?.name ?? 'Technician'} moved to ${nameOf(groupId)}.`)}
          onMoveGroup={(groupId, parentId) =>
            void act(() => adminActions.moveGroup(groupId, parentId), `${nameOf(groupId)} moved under ${parentId ? nameOf(parentId) : 'the top level'}.`)}
        />
      </aside>
      <section className="admin-workspace" aria-label="Selected item">
        <p className={status?.tone === 'error' ? 'error' : 'admin-status'} role="status" data-testid="admin-status">{status?.text ?? ''}</p>
        {group && <GroupPanel key={group.id} group={group} data={data} intent={intent} act={act} />}
        {person && <PersonPanel key={person.id} person={person} data={data} act={act} />}
        {!group && !person && <p className="muted">Select a group or a person in the tree.</p>}
        <CsvImport
          onImported={(count) => {
            setStatus({ tone: 'ok', text: `${count} invitations sent.` });
            router.refresh();
          }}
        />
      </section>
    </div>
  );
}
