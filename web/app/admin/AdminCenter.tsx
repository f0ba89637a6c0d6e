'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { AdministratorGroup } from '../../../core/organisation/administrator-groups';
import type { Person } from '../../../core/organisation/store';
import type { GroupView } from '../../../core/organisation/organisation-tree';
import type { Role } from '../../../core/model';
import { useErrorText } from '../../components/FormErrors';
import { type Act, adminActions } from './admin-actions';
import { AdminGroupList, AdminGroupPanel } from './AdminGroups';
import { CsvImport } from './CsvImport';
import { GroupPanel } from './GroupPanel';
import { OrgTree, type TreeSelection } from './OrgTree';
import { PersonPanel } from './PersonPanel';

export interface AdminData {
  viewer: { id: string; role: Role };
  groups: GroupView[];
  people: Person[];
  manageable: string[];
  /** Administrator groups: every one for a master administrator, their own for an administrator. */
  adminGroups: AdministratorGroup[];
  pending: { id: string; email: string; groupId: string; role: string; expiresAt: number }[];
  /** The most rows one CSV import takes. */
  csvMaxRows: number;
}

/** What a context-menu choice asks the group form to open. */
export type GroupIntent = 'rename' | 'subgroup' | 'invite' | null;

/** Two panes, as in the Rescue admin center: the organisation tree on the left, the selected node's form on the right. */
export function AdminCenter({ data }: { data: AdminData }) {
  const t = useTranslations('admin');
  const errorText = useErrorText();
  const router = useRouter();
  const [selection, setSelection] = useState<TreeSelection | { kind: 'adminGroup'; id: string } | null>(() => (data.groups[0] ? { kind: 'group', id: data.groups[0].id } : null));
  const [intent, setIntent] = useState<GroupIntent>(null);
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(null), 8000);
    return () => clearTimeout(timer);
  }, [status]);

  /**
   * Runs an API call, then re-reads the server's view: the tree always shows what is stored. A success with
   * words is said in a toast; forms with a Save say theirs beside it (SaveRow). A refusal is the form's to show.
   */
  const act: Act = async (call, success) => {
    const result = await call();
    if (result.ok && success) setStatus({ tone: 'ok', text: success });
    else if (!result.ok) setStatus(null);
    if (result.ok) router.refresh();
    return result;
  };

  /** A drag and drop has no form: its refusal shows where its success would. */
  async function move(call: () => ReturnType<typeof adminActions.moveGroup>, success: string) {
    const result = await act(call, success);
    if (!result.ok) setStatus({ tone: 'error', text: errorText(result) });
  }

  const group = selection?.kind === 'group' ? data.groups.find((g) => g.id === selection.id) : undefined;
  const person = selection?.kind === 'person' ? data.people.find((p) => p.id === selection.id) : undefined;
  const adminGroup = selection?.kind === 'adminGroup' ? data.adminGroups.find((g) => g.id === selection.id) : undefined;
  const shapesAdminGroups = data.viewer.role === 'master_admin';
  const nameOf = (groupId: string | null) => data.groups.find((g) => g.id === groupId)?.name ?? '';

  return (
    <div className="admin">
      <aside className="admin-tree card" aria-labelledby="org-title">
        <h1 id="org-title">{t('organisation')}</h1>
        <OrgTree
          data={data}
          selection={selection?.kind === 'adminGroup' ? null : selection}
          onSelect={(next, nextIntent = null) => {
            setSelection(next);
            setIntent(nextIntent);
            setStatus(null);
          }}
          onMovePerson={(personId, groupId) =>
            void move(() => adminActions.movePerson(personId, groupId), t('personMoved', { name: data.people.find((p) => p.id === personId)?.name ?? t('someone'), group: nameOf(groupId) }))}
          onMoveGroup={(groupId, parentId) =>
            void move(() => adminActions.moveGroup(groupId, parentId), parentId ? t('groupMoved', { group: nameOf(groupId), parent: nameOf(parentId) }) : t('groupMovedToTop', { group: nameOf(groupId) }))}
        />
        {shapesAdminGroups && (
          <AdminGroupList
            data={data}
            selectedId={adminGroup?.id ?? null}
            act={act}
            onSelect={(id) => {
              setSelection({ kind: 'adminGroup', id });
              setStatus(null);
            }}
          />
        )}
      </aside>
      <section className="admin-workspace" aria-label={t('selectedItem')}>
        {group && <GroupPanel key={group.id} group={group} data={data} intent={intent} act={act} />}
        {person && <PersonPanel key={person.id} person={person} data={data} act={act} />}
        {adminGroup && <AdminGroupPanel key={adminGroup.id} group={adminGroup} data={data} act={act} onRemoved={() => setSelection(null)} />}
        {!group && !person && !adminGroup && <p className="muted">{t('selectPrompt')}</p>}
        <CsvImport
          maxRows={data.csvMaxRows}
          onImported={(count) => {
            setStatus({ tone: 'ok', text: t('invitationsSent', { count }) });
            router.refresh();
          }}
        />
      </section>
      {/* Moves by drag and drop, imports and removals have no Save to speak beside: a toast over the page, which moves nothing. */}
      <div className="toast-region" role="status" aria-live="polite" data-testid="admin-status">
        {status?.text ? <p className={`toast ${status.tone === 'error' ? 'toast-error' : ''}`}>{status.text}</p> : null}
      </div>
    </div>
  );
}
