import type { Metadata } from 'next';
import { isDomainError } from '../../../../core/errors';
import type { ReportLine } from '../../../../core/support/reports';
import { PageFrame } from '../../../components/PageFrame';
import { formatDuration } from '../../../lib/session-log-format';
import { lifeline } from '../../../server/context';
import { pageViewer, searchParamsOf } from '../../../server/viewer';
import { LoginForm } from '../../console/LoginForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Reports · Lifeline' };

const DAY = 24 * 60 * 60 * 1000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayStart = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : null);
const minutes = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));

/** Bars a manager reads at a glance: one per line, scaled to the largest value, the number written beside it. */
function BarChart({ title, lines, value, format, testId }: { title: string; lines: ReportLine[]; value: (l: ReportLine) => number | null; format: (v: number | null) => string; testId: string }) {
  const max = Math.max(1, ...lines.map((l) => value(l) ?? 0));
  return (
    <figure className="card chart" data-testid={testId}>
      <figcaption><h2>{title}</h2></figcaption>
      {lines.length === 0 ? (
        <p className="muted">No sessions in this period.</p>
      ) : (
        <ul className="bars">
          {lines.map((l) => {
            const v = value(l);
            return (
              <li key={l.key} className="bar-row">
                <span className="bar-label">{l.name}</span>
                <span className="bar-track" aria-hidden="true"><span className="bar-fill" style={{ width: `${((v ?? 0) / max) * 100}%` }} /></span>
                <span className="bar-value">{format(v)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </figure>
  );
}

/** Sessions, pick-up times, durations and resolutions per technician and group over a period. */
export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const { repo, organisation, reports } = lifeline();
  const organisationName = (await repo.organisation.get())?.name ?? 'Lifeline';
  const search = searchParamsOf(await searchParams);
  const today = dayStart(isoDay(Date.now()))!;
  const from = dayStart(search.get('from')) ?? today - 29 * DAY;
  const to = (dayStart(search.get('to')) ?? today) + DAY;
  const groupId = search.get('group') || undefined;
  let report: Awaited<ReturnType<typeof reports.forViewer>> | null = null;
  let problem: string | null = null;
  const snapshot = await organisation.snapshot(viewer);
  try {
    report = await reports.forViewer(viewer, snapshot.manageable, { from, to, groupId });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    problem = error.message;
  }
  return (
    <PageFrame organisationName={organisationName} user={viewer} current="reports">
      <div className="spread log-heading">
        <h1>Reports</h1>
        <p className="muted">{isoDay(from)} to {isoDay(to - DAY)} (UTC)</p>
      </div>
      {viewer.role !== 'technician' && (
        <form className="card log-filters" method="get" aria-label="Choose the period and group">
          <div className="field">
            <label htmlFor="report-from">From</label>
            <input id="report-from" name="from" type="date" defaultValue={isoDay(from)} data-testid="report-from" />
          </div>
          <div className="field">
            <label htmlFor="report-to">To</label>
            <input id="report-to" name="to" type="date" defaultValue={isoDay(to - DAY)} data-testid="report-to" />
          </div>
          <div className="field">
            <label htmlFor="report-group">Group</label>
            <select id="report-group" name="group" defaultValue={groupId ?? ''} data-testid="report-group">
              <option value="">{viewer.role === 'master_admin' ? 'All groups' : 'All my groups'}</option>
              {snapshot.groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          </div>
          <div className="log-filter-actions"><button type="submit">Show</button></div>
        </form>
      )}
      {problem && <p className="error" role="alert">{problem}</p>}
      {report && (
        <>
          <dl className="kpis" data-testid="report-totals">
            <div className="card"><dt>Sessions</dt><dd data-testid="report-sessions">{report.total.sessions}</dd></div>
            <div className="card"><dt>Customers helped</dt><dd>{report.total.joined}</dd></div>
            <div className="card"><dt>Resolved</dt><dd data-testid="report-resolved">{report.total.resolved}</dd></div>
            <div className="card"><dt>Average pick-up</dt><dd data-testid="report-pick-up">{minutes(report.total.averagePickUpMs)}</dd></div>
            <div className="card"><dt>Average duration</dt><dd>{minutes(report.total.averageDurationMs)}</dd></div>
          </dl>
          <div className="charts">
            <BarChart title="Sessions per technician" lines={report.byTechnician} value={(l) => l.sessions} format={(v) => String(v ?? 0)} testId="chart-sessions" />
            <BarChart title="Average pick-up per technician" lines={report.byTechnician} value={(l) => l.averagePickUpMs} format={minutes} testId="chart-pick-up" />
            <BarChart title="Resolved per group" lines={report.byGroup} value={(l) => l.resolved} format={(v) => String(v ?? 0)} testId="chart-resolved" />
            <BarChart title="Average duration per group" lines={report.byGroup} value={(l) => l.averageDurationMs} format={minutes} testId="chart-duration" />
          </div>
          <div className="log-table-wrap">
            <table className="log-table" data-testid="report-table">
              <caption className="visually-hidden">Per technician</caption>
              <thead><tr><th scope="col">Technician</th><th scope="col" className="numeric">Sessions</th><th scope="col" className="numeric">Helped</th><th scope="col" className="numeric">Resolved</th><th scope="col" className="numeric">Avg pick-up</th><th scope="col" className="numeric">Avg duration</th></tr></thead>
              <tbody>
                {report.byTechnician.map((l) => (
                  <tr key={l.key} data-testid="report-row">
                    <th scope="row">{l.name}</th>
                    <td className="numeric">{l.sessions}</td><td className="numeric">{l.joined}</td><td className="numeric">{l.resolved}</td>
                    <td className="numeric">{minutes(l.averagePickUpMs)}</td><td className="numeric">{minutes(l.averageDurationMs)}</td>
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
