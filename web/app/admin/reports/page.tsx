import type { Metadata } from 'next';
import { getFormatter, getTimeZone, getTranslations } from 'next-intl/server';
import { isDomainError } from '../../../../core/errors';
import type { ReportLine } from '../../../../core/support/reports';
import { dayOf, startOfDay } from '../../../../core/time-zone';
import { PageFrame } from '../../../components/PageFrame';
import { lifeline } from '../../../server/context';
import { pageViewer, searchParamsOf } from '../../../server/viewer';
import { LoginForm } from '../../console/LoginForm';
import { durationText } from '../../../i18n/units';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('reports'))('metaTitle') };
}

const DAY = 24 * 60 * 60 * 1000;
/** A calendar day ('2026-03-29') as typed in a date field, or null. */
const dayOrNull = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? value : null);
/** The calendar day `days` after (or before) `day`. */
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Bars a manager reads at a glance: one per line, scaled to the largest value, the number written beside it. */
function BarChart({ title, empty, lines, name, value, format, testId }: {
  title: string;
  empty: string;
  lines: ReportLine[];
  name: (l: ReportLine) => string;
  value: (l: ReportLine) => number | null;
  format: (v: number | null) => string;
  testId: string;
}) {
  const max = Math.max(1, ...lines.map((l) => value(l) ?? 0));
  return (
    <figure className="card chart" data-testid={testId}>
      <figcaption><h2>{title}</h2></figcaption>
      {lines.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="bars">
          {lines.map((l) => {
            const v = value(l);
            return (
              <li key={l.key} className="bar-row">
                <span className="bar-label">{name(l)}</span>
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
  const [t, errors, units, format, timeZone] = await Promise.all([getTranslations('reports'), getTranslations('formErrors'), getTranslations('units'), getFormatter(), getTimeZone()]);
  const { repo, organisation, reports } = lifeline();
  const organisationName = (await repo.organisation.get())?.name ?? 'Lifeline';
  const search = searchParamsOf(await searchParams);
  // Days are the reader's calendar days (their browser's time zone), the last one included.
  const today = dayOf(Date.now(), timeZone);
  const firstDay = dayOrNull(search.get('from')) ?? addDays(today, -29);
  const lastDay = dayOrNull(search.get('to')) ?? today;
  const from = startOfDay(firstDay, timeZone);
  const to = startOfDay(addDays(lastDay, 1), timeZone);
  const groupId = search.get('group') || undefined;
  let report: Awaited<ReturnType<typeof reports.forViewer>> | null = null;
  let problem: string | null = null;
  const snapshot = await organisation.snapshot(viewer);
  try {
    if (to <= from) problem = t('invalidPeriod');
    else report = await reports.forViewer(viewer, snapshot.manageable, { from, to, groupId });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    problem = error.code === 'forbidden' ? t('forbidden') : errors.has(`codes.${error.code}`) ? errors(`codes.${error.code}`) : errors('codes.internal');
  }
  const count = (v: number | null) => format.number(v ?? 0);
  const duration = (ms: number | null) => durationText(units, format, ms);
  // Averages over the sessions customers rated, with how many: 5.0 from one rating is not 4.8 from forty.
  const rating = (l: ReportLine) => (l.averageRating === null ? '–' : t('ratingValue', { average: format.number(l.averageRating, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), count: l.ratings }));
  // The report names the lines without a technician or a group in English; their keys say which they are.
  const name = (l: ReportLine) => (l.key === 'unassigned' ? t('unassigned') : l.key === 'none' ? t('noGroup') : l.name);
  return (
    <PageFrame organisationName={organisationName} user={viewer} current="reports">
      <div className="spread log-heading">
        <h1>{t('title')}</h1>
        <p className="muted">{to > from && t('period', { range: format.dateTimeRange(from, startOfDay(lastDay, timeZone), { dateStyle: 'medium' }), zone: timeZone })}</p>
      </div>
      {viewer.role !== 'technician' && (
        <form className="card log-filters" method="get" aria-label={t('filters')}>
          <div className="field">
            <label htmlFor="report-from">{t('from')}</label>
            <input id="report-from" name="from" type="date" defaultValue={firstDay} data-testid="report-from" />
          </div>
          <div className="field">
            <label htmlFor="report-to">{t('to')}</label>
            <input id="report-to" name="to" type="date" defaultValue={lastDay} data-testid="report-to" />
          </div>
          <div className="field">
            <label htmlFor="report-group">{t('group')}</label>
            <select id="report-group" name="group" defaultValue={groupId ?? ''} data-testid="report-group">
              <option value="">{viewer.role === 'master_admin' ? t('allGroups') : t('allMyGroups')}</option>
              {snapshot.groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          </div>
          <div className="log-filter-actions"><button type="submit">{t('show')}</button></div>
        </form>
      )}
      {problem && <p className="error" role="alert">{problem}</p>}
      {report && (
        <>
          <dl className="kpis" data-testid="report-totals">
            <div className="card"><dt>{t('sessions')}</dt><dd data-testid="report-sessions">{count(report.total.sessions)}</dd></div>
            <div className="card"><dt>{t('helped')}</dt><dd>{count(report.total.joined)}</dd></div>
            <div className="card"><dt>{t('resolved')}</dt><dd data-testid="report-resolved">{count(report.total.resolved)}</dd></div>
            <div className="card"><dt>{t('averagePickUp')}</dt><dd data-testid="report-pick-up">{duration(report.total.averagePickUpMs)}</dd></div>
            <div className="card"><dt>{t('averageDuration')}</dt><dd>{duration(report.total.averageDurationMs)}</dd></div>
            <div className="card"><dt>{t('averageRating')}</dt><dd data-testid="report-rating" data-rating={report.total.averageRating ?? ''}>
              {report.total.averageRating === null ? '–' : t('ratingAverage', { average: format.number(report.total.averageRating, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}
              {report.total.ratings > 0 && <span className="kpi-note">{t('ratingCount', { count: report.total.ratings })}</span>}
            </dd></div>
          </dl>
          <div className="charts">
            <BarChart title={t('chartSessions')} empty={t('noSessions')} lines={report.byTechnician} name={name} value={(l) => l.sessions} format={count} testId="chart-sessions" />
            <BarChart title={t('chartPickUp')} empty={t('noSessions')} lines={report.byTechnician} name={name} value={(l) => l.averagePickUpMs} format={duration} testId="chart-pick-up" />
            <BarChart title={t('chartResolved')} empty={t('noSessions')} lines={report.byGroup} name={name} value={(l) => l.resolved} format={count} testId="chart-resolved" />
            <BarChart title={t('chartDuration')} empty={t('noSessions')} lines={report.byGroup} name={name} value={(l) => l.averageDurationMs} format={duration} testId="chart-duration" />
          </div>
          <div className="log-table-wrap">
            <table className="log-table" data-testid="report-table">
              <caption className="visually-hidden">{t('caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('technician')}</th><th scope="col" className="numeric">{t('tableSessions')}</th><th scope="col" className="numeric">{t('tableHelped')}</th>
                  <th scope="col" className="numeric">{t('tableResolved')}</th><th scope="col" className="numeric">{t('tablePickUp')}</th><th scope="col" className="numeric">{t('tableDuration')}</th>
                  <th scope="col" className="numeric">{t('tableRating')}</th>
                </tr>
              </thead>
              <tbody>
                {report.byTechnician.map((l) => (
                  <tr key={l.key} data-testid="report-row">
                    <th scope="row">{name(l)}</th>
                    <td className="numeric">{count(l.sessions)}</td><td className="numeric">{count(l.joined)}</td><td className="numeric">{count(l.resolved)}</td>
                    <td className="numeric">{duration(l.averagePickUpMs)}</td><td className="numeric">{duration(l.averageDurationMs)}</td>
                    <td className="numeric" data-testid="report-row-rating" data-rating={l.averageRating ?? ''}>{rating(l)}</td>
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
