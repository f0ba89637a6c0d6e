import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { ABUSE_TEXT_MAX } from '../../core/support/abuse-report-input';
import { type AbuseReportResult, sendAbuseReport } from '../../client/abuse-report';
import { BrandHeader } from './BrandHeader';
import { useErrorText } from './error-text';
import { PageSettings } from './PageSettings';

/**
 * "Report abuse" (/report): a customer who doubts the person who helped them tells the organisation's master
 * administrators, by the code of their session (filled in when they come from its page), also after it ended.
 */
export function ReportAbuse({ organisationName, code: initialCode, sessionId }: { organisationName: string; code: string; sessionId: string | null }) {
  const t = useTranslations('report');
  const errorText = useErrorText();
  const [code, setCode] = useState(initialCode);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<AbuseReportResult | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    setResult(await sendAbuseReport({ code: code.replace(/\D/g, ''), sessionId, text }));
    setSending(false);
  }

  if (result?.ok) {
    return (
      <main className="center-page">
        <BrandHeader />
        <section className="card" role="status" data-testid="abuse-received" data-matched={String(result.matched)}>
          <h1>{t('receivedTitle')}</h1>
          <p>{t('received', { organisation: organisationName })}</p>
          {!result.matched && <p className="muted">{t('notMatched')}</p>}
          <p className="muted">{t('emergency')}</p>
        </section>
      </main>
    );
  }
  const codeError = !result?.ok && result?.field === 'code';
  return (
    <main className="center-page">
      <BrandHeader />
      <form className="card" onSubmit={(event) => void submit(event)}>
        <h1>{t('title')}</h1>
        <p className="muted">{t('intro', { organisation: organisationName })}</p>
        <div className="field">
          <label htmlFor="abuse-code">{t('codeLabel')}</label>
          <input
            id="abuse-code"
            className="code-input"
            data-testid="abuse-code"
            inputMode="numeric"
            pattern="[0-9 ]*"
            maxLength={7}
            value={code}
            onChange={(event) => setCode(event.target.value)}
            aria-invalid={codeError || undefined}
            aria-describedby="abuse-code-hint"
          />
          <p id="abuse-code-hint" className="muted">{sessionId ? t('codeFromSession') : t('codeHint')}</p>
        </div>
        <div className="field">
          <label htmlFor="abuse-text">{t('textLabel')}</label>
          <textarea id="abuse-text" data-testid="abuse-text" rows={6} maxLength={ABUSE_TEXT_MAX} value={text} onChange={(event) => setText(event.target.value)} required />
        </div>
        {result && !result.ok && (
          <p className="error" role="alert" data-testid="abuse-error">
            {codeError ? t('codeInvalid') : errorText(result.code, result.retryAfterMs)}
          </p>
        )}
        <button type="submit" data-testid="abuse-submit" disabled={sending || text.trim() === ''} style={{ width: '100%' }}>
          {sending ? t('sending') : t('submit')}
        </button>
      </form>
      <PageSettings />
    </main>
  );
}
