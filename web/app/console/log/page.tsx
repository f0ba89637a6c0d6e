import type { Metadata } from 'next';
import { isDomainError } from '../../../../core/errors';
import type { SessionLogEntry } from '../../../../core/support/session-log';
import { stateLabels } from '../../../lib/messages';
import { endReasonLabels, formatDuration, formatUtc, isoUtc, logViewLabels } from '../../../lib/session-log-format';
import { lifeline } from '../../../server/context';
import { logQuery, parseLogParams } from '../../../server/session-log';
import { pageViewer, searchParamsOf } from '../../../server/viewer';
import { LoginForm } from '../LoginForm';
import { PageFrame } from '../../../components/PageFrame';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Session log · Lifeline' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The technician's session log: sessions in progress ("remote access") or ended ("resolved"), filtered by
 * technician and period. Filters are a plain GET form, so a filtered log is a link and works without script.
 */
export default async function SessionLogPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const { supportSessions, repo } = lifeline();
  const parsed = parseLogParams(searchParamsOf(await searchParams));
  const params = parsed.params;
  const seesAll = supportSessions.seesAllSessions(viewer);
  const technicians = seesAll ? await supportSessions.logTechnicians(viewer) : [];

  let entries: SessionLogEntry[] = [];
  let problem = parsed.ok ? null : parsed.message;
  if (parsed.ok) {
    try {
      entries = await supportSessions.log(viewer, parsed.filter);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      problem = error.message;
    }
  }
  const view = params.view === 'closed' ? 'closed' : 'active';
  const limit = parsed.ok ? parsed.filter.limit : 0;
  const organisation = await repo.organisation.get();

  return (
    <PageFrame organisationName={organisation?.name ?? 'Lifeline'} user={viewer} current="log">
      <div className="spread log-heading">
        <h1>Session log</h1>
        <p className="muted">Times are in UTC.</p>
      </div>

      <form method="get" action="/console/log" className="card log-filters" aria-label="Filter the session log">
        <div className="field">
          <label htmlFor="log-view">Sessions</label>
          <select id="log-view" name="view" data-testid="log-view" defaultValue={view}>
            <option value="active">{logViewLabels.active}</option>
            <option value="closed">{logViewLabels.closed}</option>
          </select>
        </div>
        {seesAll && (
          <div className="field">
            <label htmlFor="log-technician">Technician</label>
            <select id="log-technician" name="technician" data-testid="log-technician" defaultValue={params.technician ?? ''}>
              <option value="">All technicians</option>
              {technicians.map((t) => (
                <option key={t.id} value={t.id}>{t.name}</option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="log-from">Created from</label>
          <input id="log-from" name="from" type="date" data-testid="log-from" defaultValue={params.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="log-to">Created until</label>
          <input id="log-to" name="to" type="date" data-testid="log-to" defaultValue={params.to ?? ''} />
        </div>
        <div className="log-filter-actions">
          <button type="submit" data-testid="log-apply">Apply filters</button>
          <a className="button secondary" href={`/api/log.csv${logQuery(params)}`} data-testid="log-csv" download>
            Download CSV
          </a>
        </div>
      </form>

      {problem && <p className="error" role="alert" data-testid="log-error">{problem}</p>}

      {!problem && entries.length === 0 && (
        <p className="card log-empty" data-testid="log-empty">
          {view === 'closed' ? 'No ended sessions match these filters.' : 'No sessions in progress match these filters.'}
        </p>
      )}

      {entries.length > 0 && (
        <>
          <p className="muted log-count" role="status">
            {entries.length === limit ? `The newest ${limit} sessions.` : `${entries.length} session${entries.length === 1 ? '' : 's'}.`}
          </p>
          <div className="log-table-wrap" role="region" aria-label={`${logViewLabels[view]} sessions`} tabIndex={0}>
            <table className="log-table" data-testid="log-table">
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  {seesAll && <th scope="col">Technician</th>}
                  <th scope="col">State</th>
                  <th scope="col">Created</th>
                  {view === 'closed' && <th scope="col">Ended</th>}
                  <th scope="col">Duration</th>
                  {view === 'closed' && <th scope="col">End reason</th>}
                  <th scope="col" className="numeric">Chat</th>
                  <th scope="col" className="numeric">Files</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id} data-testid="log-row" data-session-id={entry.id}>
                    <th scope="row">
                      <a href={`/console/log/${entry.id}${logQuery(params)}`} data-testid="log-open">{entry.customerName}</a>
                    </th>
                    {seesAll && <td>{entry.technicianName ?? 'Unassigned'}</td>}
                    <td>
                      <span className={`badge ${entry.state}`}>{stateLabels[entry.state]}</span>
                    </td>
                    <td><time dateTime={isoUtc(entry.createdAt)!}>{formatUtc(entry.createdAt, false)}</time></td>
                    {view === 'closed' && (
                      <td>{entry.closedAt !== null && <time dateTime={isoUtc(entry.closedAt)!}>{formatUtc(entry.closedAt, false)}</time>}</td>
                    )}
                    <td>{formatDuration(entry.durationMs)}</td>
                    {view === 'closed' && <td>{entry.endReason ? endReasonLabels[entry.endReason] : '–'}</td>}
                    <td className="numeric">{entry.chatMessages}</td>
                    <td className="numeric">{entry.files}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </PageFrame>
  );
}
