import type { Metadata } from 'next';
import { isDomainError } from '../../../../core/errors';
import { PageFrame } from '../../../components/PageFrame';
import { lifeline } from '../../../server/context';
import { auditEntries } from '../../../server/audit-view';
import { pageViewer, searchParamsOf } from '../../../server/viewer';
import { LoginForm } from '../../console/LoginForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Activity log · Lifeline' };

const actionLabels: Record<string, string> = {
  'organisation.setup': 'set up the organisation',
  'sign_in.succeeded': 'signed in',
  'sign_in.failed': 'failed to sign in',
  'sign_out': 'signed out',
  'group.created': 'created the group',
  'group.changed': 'changed the group',
  'group.moved': 'moved the group',
  'group.permissions_changed': 'changed the rights of',
  'group.security_changed': 'changed the sign-in security of',
  'settings.password_policy_changed': 'changed the',
  'two_factor.enrolled': 'set up two-step verification:',
  'two_factor.reset': 'reset two-step verification of',
  'password.changed': 'changed the password of',
  'person.changed': 'changed',
  'person.moved': 'moved',
  'person.enabled': 'enabled',
  'person.disabled': 'disabled',
  'invitation.sent': 'invited',
  'invitation.accepted': 'accepted the invitation:',
};

/** Every administrative and authentication action: who, what, target, address, when; filterable; CSV. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const { repo, organisation } = lifeline();
  const organisationName = (await repo.organisation.get())?.name ?? 'Lifeline';
  const search = searchParamsOf(await searchParams);
  let entries: Awaited<ReturnType<typeof auditEntries>>['entries'] = [];
  let problem: string | null = null;
  try {
    ({ entries, problem } = await auditEntries(viewer, search));
  } catch (error) {
    if (!isDomainError(error)) throw error;
    problem = error.message;
  }
  const snapshot = viewer.role === 'technician' ? null : await organisation.snapshot(viewer);
  const value = (key: string) => search.get(key) ?? '';
  return (
    <PageFrame organisationName={organisationName} user={viewer} current="audit">
      <div className="spread log-heading">
        <h1>Activity log</h1>
        <p className="muted">Administrative and sign-in actions. Times are in UTC.</p>
      </div>
      {snapshot && (
        <form className="card log-filters" method="get" aria-label="Filter the activity log">
          <div className="field">
            <label htmlFor="audit-actor">Person</label>
            <select id="audit-actor" name="actor" defaultValue={value('actor')} data-testid="audit-actor">
              <option value="">Everyone</option>
              {snapshot.people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-group">Group</label>
            <select id="audit-group" name="group" defaultValue={value('group')} data-testid="audit-group">
              <option value="">All groups</option>
              {snapshot.groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-from">From</label>
            <input id="audit-from" name="from" type="date" defaultValue={value('from')} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">To</label>
            <input id="audit-to" name="to" type="date" defaultValue={value('to')} />
          </div>
          <div className="log-filter-actions">
            <button type="submit" data-testid="audit-apply">Apply</button>
            <a className="button secondary" href={`/api/admin/audit.csv?${search.toString()}`} data-testid="audit-csv" download>Export CSV</a>
          </div>
        </form>
      )}
      {problem && <p className="error" role="alert">{problem}</p>}
      {!problem && entries.length === 0 && <p className="log-empty">No activity matches these filters.</p>}
      {entries.length > 0 && (
        <div className="log-table-wrap">
          <table className="log-table">
            <caption className="visually-hidden">Activity, newest first</caption>
            <thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Address</th></tr></thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="audit-log" data-action={e.action}>
                  <td><time dateTime={new Date(e.at).toISOString()}>{new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)}</time></td>
                  <td>{e.actorName}</td>
                  <td>{actionLabels[e.action] ?? e.action} <strong>{e.target}</strong></td>
                  <td><code>{e.address}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </PageFrame>
  );
}
