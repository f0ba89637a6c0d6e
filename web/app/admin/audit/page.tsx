import type { Metadata } from 'next';
import { getFormatter, getTimeZone, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { isDomainError } from '../../../../core/errors';
import { PageFrame } from '../../../components/PageFrame';
import { lifeline } from '../../../server/context';
import { auditEntries } from '../../../server/audit-view';
import { pageViewer, searchParamsOf } from '../../../server/viewer';
import { LoginForm } from '../../console/LoginForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('audit'))('metaTitle') };
}

/** Every administrative and authentication action: who, what, target, address, when; filterable; CSV. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await pageViewer();
  if (!viewer) return <LoginForm />;
  const [t, errors, format, timeZone] = await Promise.all([getTranslations('audit'), getTranslations('formErrors'), getFormatter(), getTimeZone()]);
  const { repo, organisation } = lifeline();
  const organisationName = (await repo.organisation.get())?.name ?? 'Lifeline';
  const search = searchParamsOf(await searchParams);
  let entries: Awaited<ReturnType<typeof auditEntries>>['entries'] = [];
  let problem: string | null = null;
  try {
    const found = await auditEntries(viewer, search, timeZone);
    entries = found.entries;
    // The only problem audit-view reports is a filter it could not read.
    if (found.problem) problem = t('invalidFilters');
  } catch (error) {
    if (!isDomainError(error)) throw error;
    problem = error.code === 'forbidden' ? t('forbidden') : errors.has(`codes.${error.code}`) ? errors(`codes.${error.code}`) : errors('codes.internal');
  }
  const snapshot = viewer.role === 'technician' ? null : await organisation.snapshot(viewer);
  const value = (key: string) => search.get(key) ?? '';
  /** What happened, with its target in bold; the action's own name when a newer server records one we have no words for. */
  const what = (action: string, target: string): ReactNode => {
    const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;
    const key = `actions.${action}`;
    return t.has(key) ? t.rich(key, { target, strong }) : t.rich('unknownAction', { action, target, strong });
  };
  return (
    <PageFrame organisationName={organisationName} user={viewer} current="audit">
      <div className="spread log-heading">
        <h1>{t('title')}</h1>
        <p className="muted">{t('intro', { zone: timeZone })}</p>
      </div>
      {snapshot && (
        <form className="card log-filters" method="get" aria-label={t('filters')}>
          <div className="field">
            <label htmlFor="audit-actor">{t('person')}</label>
            <select id="audit-actor" name="actor" defaultValue={value('actor')} data-testid="audit-actor">
              <option value="">{t('everyone')}</option>
              {snapshot.people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-group">{t('group')}</label>
            <select id="audit-group" name="group" defaultValue={value('group')} data-testid="audit-group">
              <option value="">{t('allGroups')}</option>
              {snapshot.groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-from">{t('from')}</label>
            <input id="audit-from" name="from" type="date" defaultValue={value('from')} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">{t('to')}</label>
            <input id="audit-to" name="to" type="date" defaultValue={value('to')} />
          </div>
          <div className="log-filter-actions">
            <button type="submit" data-testid="audit-apply">{t('apply')}</button>
            <a className="button secondary" href={`/api/admin/audit.csv?${search.toString()}`} data-testid="audit-csv" download>{t('export')}</a>
          </div>
        </form>
      )}
      {problem && <p className="error" role="alert">{problem}</p>}
      {!problem && entries.length === 0 && <p className="log-empty">{t('empty')}</p>}
      {entries.length > 0 && (
        <div className="log-table-wrap">
          <table className="log-table">
            <caption className="visually-hidden">{t('caption')}</caption>
            <thead><tr><th scope="col">{t('when')}</th><th scope="col">{t('who')}</th><th scope="col">{t('what')}</th><th scope="col">{t('address')}</th></tr></thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="audit-log" data-action={e.action}>
                  <td><time dateTime={new Date(e.at).toISOString()}>{format.dateTime(e.at, { dateStyle: 'short', timeStyle: 'medium' })}</time></td>
                  <td>{e.actorName}</td>
                  <td>{what(e.action, e.target)}</td>
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
