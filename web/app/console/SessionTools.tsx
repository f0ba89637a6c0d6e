'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import type { PushedUrl } from '../../../protocol';
import { FieldProblem, fieldProblemProps, type FormProblem, FormProblemText, useFormProblem } from '../../components/FormErrors';
import type { Outcome } from '../../../client/technician-client';

/** The browser's own time zone, even before the server has learnt it (TimeZoneCookie): a clock time is the technician's. */
const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Notes saved as the technician types (never shown to the customer), and links pushed to the customer. */
export function SessionTools({
  notes,
  notesSavedAt,
  onNotes,
  pushedUrls,
  onPushUrl,
  canPush,
}: {
  notes: string;
  notesSavedAt: number | null;
  onNotes: (notes: string) => void;
  pushedUrls: PushedUrl[];
  onPushUrl: (url: string) => Promise<Outcome>;
  canPush: boolean;
}) {
  const t = useTranslations('sessionTools');
  const format = useFormatter();
  const problemOf = useFormProblem();
  const [url, setUrl] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);

  async function push(event: FormEvent) {
    event.preventDefault();
    const outcome = await onPushUrl(url.trim());
    setProblem(outcome.ok ? null : problemOf(outcome));
    if (outcome.ok) setUrl('');
  }

  return (
    <section className="session-tools" aria-label={t('label')}>
      <label htmlFor="notes-input">{t('notes')}</label>
      <textarea
        id="notes-input"
        data-testid="notes-input"
        value={notes}
        onChange={(event) => onNotes(event.target.value)}
        rows={3}
        maxLength={20_000}
        placeholder={t('notesPlaceholder')}
        aria-describedby="notes-status"
      />
      <p id="notes-status" className="field-hint" data-testid="notes-status">
        {notesSavedAt ? t('saved', { time: format.dateTime(notesSavedAt, { hour: '2-digit', minute: '2-digit', timeZone: localTimeZone() }) }) : ' '}
      </p>
      {canPush && (
        <form onSubmit={push} noValidate>
          <div className="chat-form">
            <label htmlFor="url-input" className="visually-hidden">{t('linkLabel')}</label>
            <input id="url-input" data-testid="url-input" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder={t('linkPlaceholder')}
              {...fieldProblemProps(problem, 'url', 'url-input')} />
            <button type="submit" className="secondary" data-testid="url-push" disabled={!/^https?:\/\/\S+$/.test(url.trim())}>
              {t('sendLink')}
            </button>
          </div>
          <FieldProblem problem={problem} field="url" id="url-input" />
          <FormProblemText problem={problem} fields={['url']} />
        </form>
      )}
      {pushedUrls.length > 0 && (
        <ul className="pushed-list">
          {pushedUrls.map((pushed) => (
            <li key={pushed.id} className="muted">{t('sent', { url: pushed.url })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
