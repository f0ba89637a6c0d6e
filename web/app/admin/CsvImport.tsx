'use client';

import { type ChangeEvent, useState } from 'react';
import type { ImportPreview } from '../../../core/organisation/csv-import';

type Answer = { ok: boolean; preview?: ImportPreview; invited?: number; code?: string; message?: string };

async function post(csv: string, confirm: boolean): Promise<Answer> {
  try {
    const response = await fetch('/api/admin/invitations/import', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ csv, confirm }) });
    return (await response.json()) as Answer;
  } catch {
    return { ok: false, code: 'network', message: 'We could not reach the server. Check your connection and try again.' };
  }
}

/**
 * Inviting many people from a CSV (e-mail, group, admin, two_factor; comma or semicolon): the file is checked
 * first and each row's problem shown; only a file without problems can be imported, and then all of it.
 */
export function CsvImport({ onImported }: { onImported: (count: number) => void }) {
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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
    else setProblem(answer.message ?? 'The file could not be read.');
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
    else setProblem(answer.message ?? 'The import failed; nothing was created.');
  }

  const withProblems = preview?.rows.filter((r) => r.problems.length > 0) ?? [];
  return (
    <section className="card csv-import" aria-labelledby="csv-title">
      <div className="spread">
        <h2 id="csv-title">Invite people from a CSV file</h2>
        <a href="/api/admin/invitations/template" className="button secondary small" download>Download the template</a>
      </div>
      <p className="muted field-hint">Columns: e-mail, group, admin (yes/no), two_factor (yes/no); comma or semicolon separated; up to 500 rows. Nothing is created until you confirm, and then every row or none.</p>
      <label htmlFor="csv-upload">CSV file</label>
      <input id="csv-upload" type="file" accept=".csv,text/csv" onChange={(e) => void choose(e)} data-testid="csv-upload" />
      {busy && <p className="muted" role="status">Checking {fileName}…</p>}
      {problem && <p className="error" role="alert">{problem}</p>}
      {preview && (
        <div className="csv-preview">
          {preview.fileProblems.length > 0 || withProblems.length > 0 ? (
            <div role="alert" data-testid="csv-errors" className="csv-errors">
              <p className="error">Nothing was created. Fix these in the file and choose it again:</p>
              <ul>
                {preview.fileProblems.map((p) => <li key={p}>{p}</li>)}
                {withProblems.map((r) => <li key={r.line} data-line={r.line}>Line {r.line} ({r.email || 'no e-mail'}): {r.problems.join(' ')}</li>)}
              </ul>
            </div>
          ) : (
            <p role="status">{preview.rows.length} {preview.rows.length === 1 ? 'person' : 'people'} ready to invite.</p>
          )}
          <div className="log-table-wrap">
            <table className="log-table">
              <caption className="visually-hidden">Rows of {fileName}</caption>
              <thead><tr><th scope="col">Line</th><th scope="col">E-mail</th><th scope="col">Group</th><th scope="col">Role</th><th scope="col">2FA</th><th scope="col">Check</th></tr></thead>
              <tbody>
                {preview.rows.slice(0, 500).map((r) => (
                  <tr key={r.line}>
                    <td className="numeric">{r.line}</td>
                    <td>{r.email}</td>
                    <td>{r.groupName}</td>
                    <td>{r.role === 'admin' ? 'Administrator' : 'Technician'}</td>
                    <td>{r.twoFactor ? 'Required' : '—'}</td>
                    <td>{r.problems.length === 0 ? <span className="badge ok">OK</span> : <span className="badge failed">Problem</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" disabled={!preview.ok || busy} onClick={() => void confirm()} data-testid="csv-import">
            Invite {preview.rows.length} {preview.rows.length === 1 ? 'person' : 'people'}
          </button>
        </div>
      )}
    </section>
  );
}
