'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { type ChangeEvent, useState } from 'react';
import type { Reason } from '../../../core/errors';
import type { ImportPreview } from '../../../core/organisation/csv-import';
import { FieldProblem, fieldProblemProps, type FormProblem, useErrorText } from '../../components/FormErrors';
import { type PostResult, postJson } from '../../lib/post-json';

type Answer = PostResult & { preview?: ImportPreview; invited?: number };
/** A problem as the preview gives it: a reason to translate, or (from an older server) an English sentence. */
type CsvProblem = string | Reason;

/**
 * Inviting many people from a CSV (e-mail, group, admin, two_factor; comma or semicolon): the file is checked
 * first and each row's problem shown; only a file without problems can be imported, and then all of it.
 */
export function CsvImport({ maxRows, onImported }: { maxRows: number; onImported: (count: number) => void }) {
  const t = useTranslations('csvImport');
  const format = useFormatter();
  const errorText = useErrorText();
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  // Every refusal of an import is about the file: it shows next to the file input.
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const post = (text: string, confirm: boolean) => postJson('/api/admin/invitations/import', { csv: text, confirm }) as Promise<Answer>;
  const refused = (answer: Answer, fallback: string): FormProblem => ({ field: 'csv', text: answer.code || answer.reasons ? errorText(answer) : fallback });

  /** Each problem in the reader's language: the import's own words by key, else the shared reasons of refused fields. */
  const say = (problem: CsvProblem): string => {
    if (typeof problem === 'string') return problem;
    const values = Object.fromEntries(Object.entries(problem.values ?? {}).map(([name, value]) => [name, Array.isArray(value) ? format.list(value) : value]));
    return t.has(`problems.${problem.key}`) ? t(`problems.${problem.key}`, values) : errorText({ reasons: [problem] });
  };

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setPreview(null);
    setProblem(null);
    if (!file) return;
    setFileName(file.name);
    const text = await file.text();
    setCsv(text);
    setBusy(true);
    const answer = await post(text, false);
    setBusy(false);
    if (answer.preview) setPreview(answer.preview);
    else setProblem(refused(answer, t('unreadable')));
  }

  async function confirm() {
    if (csv === null) return;
    setBusy(true);
    const answer = await post(csv, true);
    setBusy(false);
    if (answer.ok && answer.invited) {
      setPreview(null);
      setCsv(null);
      onImported(answer.invited);
    } else if (answer.preview) setPreview(answer.preview);
    else setProblem(refused(answer, t('failed')));
  }

  const withProblems = preview?.rows.filter((r) => r.problems.length > 0) ?? [];
  return (
    <section className="card csv-import" aria-labelledby="csv-title">
      <div className="spread">
        <h2 id="csv-title">{t('title')}</h2>
        <a href="/api/admin/invitations/template" className="button secondary small" download>{t('template')}</a>
      </div>
      <p className="muted field-hint" id="csv-upload-hint">{t('help', { maximum: maxRows })}</p>
      <label htmlFor="csv-upload">{t('file')}</label>
      <input id="csv-upload" type="file" accept=".csv,text/csv" onChange={(e) => void choose(e)} data-testid="csv-upload"
        {...fieldProblemProps(problem, 'csv', 'csv-upload')} aria-describedby={problem ? 'csv-upload-hint csv-upload-problem' : 'csv-upload-hint'} />
      {busy && <p className="muted" role="status">{t('checking', { file: fileName })}</p>}
      <FieldProblem problem={problem} field="csv" id="csv-upload" />
      {preview && (
        <div className="csv-preview">
          {preview.fileProblems.length > 0 || withProblems.length > 0 ? (
            <div role="alert" data-testid="csv-errors" className="csv-errors">
              <p className="error">{t('nothingCreated')}</p>
              <ul>
                {(preview.fileProblems as CsvProblem[]).map((p, i) => <li key={i}>{say(p)}</li>)}
                {withProblems.map((r) => (
                  <li key={r.line} data-line={r.line}>
                    {t('rowProblem', { line: r.line, email: r.email || t('noEmail'), problems: (r.problems as CsvProblem[]).map(say).join(' ') })}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p role="status">{t('ready', { count: preview.rows.length })}</p>
          )}
          <div className="log-table-wrap">
            <table className="log-table">
              <caption className="visually-hidden">{t('rowsOf', { file: fileName })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('line')}</th><th scope="col">{t('email')}</th><th scope="col">{t('group')}</th>
                  <th scope="col">{t('role')}</th><th scope="col">{t('twoFactor')}</th><th scope="col">{t('check')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.slice(0, maxRows).map((r) => (
                  <tr key={r.line}>
                    <td className="numeric">{format.number(r.line)}</td>
                    <td>{r.email}</td>
                    <td>{r.groupName}</td>
                    <td>{r.role === 'admin' ? t('administrator') : t('technician')}</td>
                    <td>{r.twoFactor ? t('required') : '—'}</td>
                    <td>{r.problems.length === 0 ? <span className="badge ok">{t('ok')}</span> : <span className="badge failed">{t('problem')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" disabled={!preview.ok || busy} onClick={() => void confirm()} data-testid="csv-import">
            {t('invite', { count: preview.rows.length })}
          </button>
        </div>
      )}
    </section>
  );
}
