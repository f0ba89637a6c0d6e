import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import type { CustomerClient, CustomerState } from '../../client/customer-client';
import { transcriptText } from '../../client/session-rating';
import { RATING_COMMENT_MAX } from '../../core/support/rating-input';
import { BrandHeader, ContactLine, useBrand } from './BrandHeader';
import { ReportLink } from './session-parts';

/**
 * The end, in the organisation's colours: what ended and why, a rating of the help (once), the chat to keep, and
 * how to reach the organisation otherwise.
 */
export function Ended({ client, state }: { client: CustomerClient; state: CustomerState }) {
  const t = useTranslations('join');
  const e = useTranslations('ended');
  return (
    <main className="center-page">
      <BrandHeader />
      <section className="card" data-testid="session-ended" role="status">
        <h1>{t('endedTitle')}</h1>
        <p>{t('endedBy', { reason: state.endedBy ?? 'unknown' })} {t('endedRights')}</p>
        {state.messages.length > 0 && <TranscriptDownload state={state} />}
        <p className="muted">{t('closePage')}</p>
        <div className="spread">
          <a href="/join">{t('anotherCode')}</a>
          <ReportLink client={client} />
        </div>
      </section>
      {client.canRate() && <Rating client={client} />}
      <ContactLine />
    </main>
  );
}

const SCORES = [1, 2, 3, 4, 5] as const;

/** 1-5 and a comment, sent once; the server refuses a second one and anyone but this session's customer. */
function Rating({ client }: { client: CustomerClient }) {
  const e = useTranslations('ended');
  const brand = useBrand();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [status, setStatus] = useState<'idle' | 'sending' | 'done' | 'failed' | 'refused'>('idle');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (score === null) return;
    setStatus('sending');
    const result = await client.rate(score, comment);
    // Rated already (another tab, a second click that raced): the customer's opinion is in, thank them alike.
    setStatus(result.ok || result.code === 'conflict' ? 'done' : result.code === 'network' || result.code === 'internal' ? 'failed' : 'refused');
  }

  if (status === 'done') {
    return (
      <section className="card rating" role="status" data-testid="rating-thanks">
        <h2>{e('thanksTitle')}</h2>
        <p>{e('thanks', { organisation: brand.name })}</p>
      </section>
    );
  }
  return (
    <form className="card rating" onSubmit={submit} aria-labelledby="rating-title">
      <h2 id="rating-title">{e('rateTitle', { organisation: brand.name })}</h2>
      <fieldset className="rating-scores">
        <legend>{e('scoreLegend')}</legend>
        <div className="rating-row">
          {SCORES.map((value) => (
            <label key={value} className="rating-score">
              <input type="radio" name="rating" value={value} checked={score === value} onChange={() => setScore(value)} data-testid={`rating-${value}`} />
              <span aria-hidden="true">{value}</span>
              <span className="visually-hidden">{e('scoreLabel', { score: value })}</span>
            </label>
          ))}
        </div>
        <p className="field-hint rating-scale" aria-hidden="true"><span>{e('scaleLow')}</span><span>{e('scaleHigh')}</span></p>
      </fieldset>
      <div className="field">
        <label htmlFor="rating-comment">{e('commentLabel')}</label>
        <textarea id="rating-comment" rows={3} maxLength={RATING_COMMENT_MAX} value={comment} onChange={(event) => setComment(event.currentTarget.value)} data-testid="rating-comment" />
      </div>
      {status === 'failed' && <p className="error" role="alert">{e('failed')}</p>}
      {status === 'refused' && <p className="error" role="alert">{e('refused')}</p>}
      <button type="submit" disabled={score === null || status === 'sending' || status === 'refused'} data-testid="rating-submit">
        {status === 'sending' ? e('sending') : e('submit')}
      </button>
    </form>
  );
}

/** The chat as a text file, built here from the messages the page shows (the session's server side is gone). */
function TranscriptDownload({ state }: { state: CustomerState }) {
  const e = useTranslations('ended');
  const locale = useLocale();
  const brand = useBrand();
  function download() {
    const text = transcriptText(state.messages, {
      title: e('transcriptTitle', { organisation: brand.name, date: new Date(state.messages[0].at).toLocaleDateString(locale) }),
      you: e('transcriptYou'),
      time: (at) => new Date(at).toLocaleTimeString(locale),
    });
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${e('transcriptFile')}-${new Date(state.messages[0].at).toISOString().slice(0, 10)}.txt`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return (
    <p>
      <button type="button" className="secondary" onClick={download} data-testid="transcript-download">{e('transcript')}</button>
    </p>
  );
}
