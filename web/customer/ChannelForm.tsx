import { retryWait } from '../i18n/units';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { checkValues, type CustomField, REQUEST_FIELDS } from '../../core/channels/custom-fields';
import type { Reason } from '../../core/errors';
import type { CustomerClient } from '../../client/customer-client';
import { LanguageSelect } from '../components/LanguageSelect';
import { BrandHeader, ContactLine } from './BrandHeader';
import { ThemeToggle } from '../components/ThemeToggle';

/** What the channel's page knows when it renders: the public channel, and whether it takes a session now. */
export interface ChannelEntry {
  slug: string;
  name: string;
  description: string;
  organisationName: string;
  fields: CustomField[];
  /** open: a live session; request: the channel is closed and takes a request to call back; closed: a message only. */
  mode: 'open' | 'request' | 'closed';
  /** The administrator's message for a closed channel ('' for the default sentence). */
  message: string;
  /** In the widget, a closed channel that sends customers elsewhere offers a link (a frame cannot redirect its page). */
  redirectUrl?: string | null;
}

/**
 * The channel's form: the customer's name and the channel's custom fields, checked here (every field at once,
 * next to each, in the customer's language) before the server checks again. A request adds how to reach them
 * and what the problem is.
 */
export function ChannelForm({ client, entry }: { client: CustomerClient; entry: ChannelEntry }) {
  const t = useTranslations('channel');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, Reason>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [requested, setRequested] = useState(false);
  const request = entry.mode === 'request';
  // A request also asks how to reach the customer and what the problem is, labelled in their language.
  const fields: CustomField[] = request ? [...entry.fields, ...REQUEST_FIELDS.map((f) => ({ ...f, label: t(f.id as 'contact' | 'problem') }))] : entry.fields;

  const say = (reason: Reason) => (t.has(`reasons.${reason.key}`) ? t(`reasons.${reason.key}`, reason.values as Record<string, string | number>) : t('reasons.invalid'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const checked = checkValues(fields, values);
    const found: Record<string, Reason> = Object.fromEntries(checked.problems.map((p) => [p.fieldId, p.reason]));
    if (!name.trim()) found.customerName = { key: 'required' };
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const result = await client.startFromChannel(entry.slug, { customerName: name, values: checked.values, request });
    setBusy(false);
    if (result.ok) {
      if (request) setRequested(true);
      return;
    }
    const field = result.field?.replace(/^field:/, '');
    if (field && result.reasons?.[0]) setProblems({ [field]: result.reasons[0] });
    else if (result.code === 'rate_limited') setFormError(t('rateLimited', retryWait(result.retryAfterMs)));
    else if (result.reasons?.[0]?.key.startsWith('channel_')) setFormError(t('closedNow'));
    else setFormError(t('failed'));
  }

  if (entry.mode === 'closed' || requested) {
    return (
      <ChannelFrame entry={entry}>
        <p role="status" data-testid="channel-closed">{requested ? t('requestSent') : entry.message || t('closed')}</p>
        {!requested && entry.redirectUrl && <p><a href={entry.redirectUrl} target="_top" rel="noreferrer">{t('elsewhere')}</a></p>}
      </ChannelFrame>
    );
  }

  const problemOf = (id: string) => problems[id];
  return (
    <ChannelFrame entry={entry}>
      {request && <p className="notice-text" role="status" data-testid="channel-request-intro">{entry.message || t('requestIntro')}</p>}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="channel-customer-name">{t('yourName')}</label>
          <input id="channel-customer-name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required data-testid="widget-name"
            aria-invalid={problemOf('customerName') ? true : undefined} aria-describedby={problemOf('customerName') ? 'channel-customer-name-problem' : undefined} />
          {problemOf('customerName') && <p id="channel-customer-name-problem" className="error field-error" role="alert" data-testid="widget-field-error">{say(problemOf('customerName'))}</p>}
        </div>
        {fields.map((field) => {
          const id = `channel-field-${field.id}`;
          const problem = problemOf(field.id);
          const common = {
            id,
            value: values[field.id] ?? '',
            required: field.required,
            'data-testid': 'widget-field',
            'data-label': field.label,
            'aria-invalid': problem ? true : undefined,
            'aria-describedby': problem ? `${id}-problem` : undefined,
          };
          const change = (value: string) => setValues((v) => ({ ...v, [field.id]: value }));
          return (
            <div className="field" key={field.id}>
              <label htmlFor={id}>{field.label}{field.required ? '' : ` ${t('optional')}`}</label>
              {field.type === 'long_text' ? (
                <textarea {...common} rows={3} maxLength={2000} onChange={(e) => change(e.target.value)} />
              ) : field.type === 'choice' ? (
                <select {...common} onChange={(e) => change(e.target.value)}>
                  <option value="">{t('choose')}</option>
                  {field.choices.map((c) => <option key={c} value={c}>{c}</option>)}
                </select>
              ) : (
                <input {...common} type={field.type === 'email' ? 'email' : field.type === 'phone' ? 'tel' : 'text'}
                  autoComplete={field.type === 'email' ? 'email' : field.type === 'phone' ? 'tel' : 'off'} maxLength={field.type === 'short_text' ? 200 : 254}
                  onChange={(e) => change(e.target.value)} />
              )}
              {problem && <p id={`${id}-problem`} className="error field-error" role="alert" data-testid="widget-field-error">{say(problem)}</p>}
            </div>
          );
        })}
        {formError && <p className="error" role="alert" data-testid="join-error">{formError}</p>}
        <button type="submit" disabled={busy} data-testid="widget-submit" style={{ width: '100%' }}>
          {busy ? t('sending') : request ? t('sendRequest') : t('start')}
        </button>
      </form>
    </ChannelFrame>
  );
}

function ChannelFrame({ entry, children }: { entry: ChannelEntry; children: React.ReactNode }) {
  return (
    <main className="center-page">
      <BrandHeader />
      <section className="card" aria-labelledby="channel-title">
        <h1 id="channel-title">{entry.name}</h1>
        {entry.description && <p className="muted">{entry.description}</p>}
        {children}
      </section>
      <ContactLine />
      <div className="row">
        <LanguageSelect />
        <ThemeToggle />
      </div>
    </main>
  );
}
