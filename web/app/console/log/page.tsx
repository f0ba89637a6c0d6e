import type { Metadata } from 'next';
import { getFormatter, getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { isDomainError } from '../../../../core/errors';
import type { SessionLogEntry } from '../../../../core/support/session-log';
import { durationText, timeZoneLabel } from '../../../i18n/units';
import { isoUtc } from '../../../lib/session-log-format';
import { lifeline } from '../../../server/context';
import { type ParsedLogParams, logQuery, parseLogParams } from '../../../server/session-log';
import { pageViewer, searchParamsOf } from '../../../server/viewer';
import { LoginForm } from '../LoginForm';
import { PageFrame } from '../../../components/PageFrame';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('sessionLog'))('metaTitle') };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** A refused filter: the field it is about (shown beside it), and the catalogue's sentence for it. */
interface FilterProblem {
  field?: 'view' | 'technician' | 'from' | 'to';
  key: string;
}

/**
 * Which sentence a refused filter gets. The parser names the field; an order problem is told apart from a bad
 * date because both dates survive it (each is valid alone, so the form keeps them).
 */
function filterProblem(parsed: Extract<ParsedLogParams, { ok: false }>): FilterProblem {
  switch (parsed.field) {
    case 'view':
      return { field: 'view', key: 'problems.view' };
    case 'technician':
      return { field: 'technician', key: 'problems.technician' };
    case 'from':
      return { field: 'from', key: 'problems.date' };
    case 'to':
      return { field: 'to', key: parsed.params.from && parsed.params.to ? 'problems.dateOrder' : 'problems.date' };
    default:
      return { key: 'problems.limit' };
  }
}

/**
 * The technician's session log: sessions in progress ("remote access") or ended ("resolved"), filtered by
 * technician and period. Filters are a plain GET form, so a filtered log is a link and works without script.
 */
export default async function SessionLogPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const [t, tStates, tUnits, tErrors, format] = await Promise.all([
    getTranslations('sessionLog'),
    getTranslations('sessionStates'),
    getTranslations('units'),
    getTranslations('formErrors'),
    getFormatter(),
  ]);
  const zone = timeZoneLabel(await getLocale(), await getTimeZone());
  const { supportSessions, repo } = lifeline();
  const parsed = parseLogParams(searchParamsOf(await searchParams));
  const params = parsed.params;
  const seesAll = supportSessions.seesAllSessions(viewer);
  const technicians = seesAll ? await supportSessions.logTechnicians(viewer) : [];

  let entries: SessionLogEntry[] = [];
  let problem: (FilterProblem & { text: string }) | null = null;
  if (!parsed.ok) {
    const found = filterProblem(parsed);
    problem = { ...found, text: t(found.key) };
  } else {
    try {
      entries = await supportSessions.log(viewer, parsed.filter);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      problem = { key: error.code, text: tErrors.has(`codes.${error.code}`) ? tErrors(`codes.${error.code}`) : tErrors('codes.internal') };
    }
  }
  const view = params.view === 'closed' ? 'closed' : 'active';
  const limit = parsed.ok ? parsed.filter.limit : 0;
  const organisation = await repo.organisation.get();
  const when = (ms: number) => <time dateTime={isoUtc(ms)!}>{format.dateTime(ms, { dateStyle: 'short', timeStyle: 'short' })}</time>;

  /** The problem beside its filter, marked on the field too. */
  const shown = problem;
  const fieldProblem = (field: FilterProblem['field']): { props: Record<string, string | boolean | undefined>; note: ReactNode } =>
    shown && shown.field === field
      ? { props: { 'aria-invalid': true, 'aria-describedby': `log-${field}-problem` }, note: <p id={`log-${field}-problem`} className="error field-error" role="alert" data-testid="log-error">{shown.text}</p> }
      : { props: {}, note: null };
  const viewField = fieldProblem('view');
  const technicianField = fieldProblem('technician');
  const fromField = fieldProblem('from');
  const toField = fieldProblem('to');

  return (
    <PageFrame organisationName={organisation?.name ?? 'Lifeline'} user={viewer} current="log">
      <div className="spread log-heading">
        <h1>{t('title')}</h1>
        <p className="muted">{t('zone', { zone })}</p>
      </div>

      <form method="get" action="/console/log" className="card log-filters" aria-label={t('filtersLabel')}>
        <div className="field">
          <label htmlFor="log-view">{t('view')}</label>
          <select id="log-view" name="view" data-testid="log-view" defaultValue={view} {...viewField.props}>
            <option value="active">{t('views.active')}</option>
            <option value="closed">{t('views.closed')}</option>
          </select>
          {viewField.note}
        </div>
        {seesAll && (
          <div className="field">
            <label htmlFor="log-technician">{t('technician')}</label>
            <select id="log-technician" name="technician" data-testid="log-technician" defaultValue={params.technician ?? ''} {...technicianField.props}>
              <option value="">{t('allTechnicians')}</option>
              {technicians.map((tech) => (
                <option key={tech.id} value={tech.id}>{tech.name}</option>
              ))}
            </select>
            {technicianField.note}
          </div>
        )}
        <div className="field">
          <label htmlFor="log-from">{t('from')}</label>
          <input id="log-from" name="from" type="date" data-testid="log-from" defaultValue={params.from ?? ''} {...fromField.props} />
          {fromField.note}
        </div>
        <div className="field">
          <label htmlFor="log-to">{t('to')}</label>
          <input id="log-to" name="to" type="date" data-testid="log-to" defaultValue={params.to ?? ''} {...toField.props} />
          {toField.note}
        </div>
        <div className="log-filter-actions">
          <button type="submit" data-testid="log-apply">{t('apply')}</button>
          <a className="button secondary" href={`/api/log.csv${logQuery(params)}`} data-testid="log-csv" download>
            {t('csv')}
          </a>
        </div>
      </form>

      {problem && (!problem.field || (problem.field === 'technician' && !seesAll)) && <p className="error" role="alert" data-testid="log-error">{problem.text}</p>}

      {!problem && entries.length === 0 && (
        <p className="card log-empty" data-testid="log-empty">
          {t('empty', { view })}
        </p>
      )}

      {entries.length > 0 && (
        <>
          <p className="muted log-count" role="status">
            {entries.length === limit ? t('newest', { count: limit }) : t('count', { count: entries.length })}
          </p>
          <div className="log-table-wrap" role="region" aria-label={t('tableLabel', { view })} tabIndex={0}>
            <table className="log-table" data-testid="log-table">
              <thead>
                <tr>
                  <th scope="col">{t('columns.customer')}</th>
                  {seesAll && <th scope="col">{t('columns.technician')}</th>}
                  <th scope="col">{t('columns.state')}</th>
                  <th scope="col">{t('columns.created')}</th>
                  {view === 'closed' && <th scope="col">{t('columns.ended')}</th>}
                  <th scope="col">{t('columns.duration')}</th>
                  {view === 'closed' && <th scope="col">{t('columns.endReason')}</th>}
                  <th scope="col" className="numeric">{t('columns.chat')}</th>
                  <th scope="col" className="numeric">{t('columns.files')}</th>
                  {view === 'closed' && <th scope="col" className="numeric">{t('columns.rating')}</th>}
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id} data-testid="log-row" data-session-id={entry.id}>
                    <th scope="row">
                      <a href={`/console/log/${entry.id}${logQuery(params)}`} data-testid="log-open">{entry.customerName}</a>
                    </th>
                    {seesAll && <td>{entry.technicianName ?? t('unassigned')}</td>}
                    <td>
                      <span className={`badge ${entry.state}`}>{tStates(entry.state)}</span>
                    </td>
                    <td>{when(entry.createdAt)}</td>
                    {view === 'closed' && <td>{entry.closedAt !== null && when(entry.closedAt)}</td>}
                    <td>{durationText(tUnits, format, entry.durationMs)}</td>
                    {view === 'closed' && <td>{entry.endReason ? t(`endReasons.${entry.endReason}`) : '–'}</td>}
                    <td className="numeric">{format.number(entry.chatMessages)}</td>
                    <td className="numeric">{format.number(entry.files)}</td>
                    {view === 'closed' && (
                      <td className="numeric" data-testid="log-rating" data-rating={entry.rating ?? ''} title={entry.ratingComment || undefined}>
                        {entry.rating === null ? '–' : t('ratingValue', { score: entry.rating })}
                      </td>
                    )}
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
