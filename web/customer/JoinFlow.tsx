import { useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { CustomerClient, type CustomerState } from '../../client/customer-client';
import { ChannelForm, type ChannelEntry } from './ChannelForm';
import { useErrorText } from './error-text';
import { PageSettings } from './PageSettings';
import { SessionView } from './SessionView';
import { BrandHeader, ContactLine } from './BrandHeader';
import { Consent } from './Consent';
import { Ended } from './Ended';

/**
 * The customer's whole journey: code (or link, or a channel's form) -> who is asking and consent -> chat and
 * screen sharing -> end.
 */
export function JoinFlow({ linkToken, channel, onClient, embedded = false, clientOptions }: {
  linkToken?: string;
  channel?: ChannelEntry;
  /** Inside the widget's frame on a company's page: sharing "this tab" would share the frame's, not the page. */
  embedded?: boolean;
  /** The widget's frame: how it reaches the company's page for co-browse, and the channel's redaction. */
  clientOptions?: ConstructorParameters<typeof CustomerClient>[1];
  /** Watches the client for as long as the page lives (the widget's frame tells its host page when to open). */
  onClient?: (client: CustomerClient) => () => void;
}) {
  // Rendered on the server too (the code form arrives before any script on a slow network); the client only
  // touches the browser in start().
  const [client] = useState(() => new CustomerClient(linkToken ? 'joining' : 'enter-code', clientOptions));
  const state = useSyncExternalStore(client.state.subscribe, client.state.get, client.state.get);

  useEffect(() => {
    // The client lives as long as the page; start() is idempotent (React may run this effect twice).
    client.start(linkToken);
  }, [client, linkToken]);
  useEffect(() => onClient?.(client), [client, onClient]);

  switch (state.phase) {
    case 'enter-code':
    case 'joining':
      return channel ? <ChannelForm client={client} entry={channel} /> : <CodeEntry client={client} state={state} viaLink={Boolean(linkToken)} />;
    case 'consent':
      return <Consent client={client} state={state} />;
    case 'in-session':
      return <SessionView client={client} state={state} embedded={embedded} />;
    case 'ended':
      return <Ended client={client} state={state} />;
  }
}


function CodeEntry({ client, state, viaLink }: { client: CustomerClient; state: CustomerState; viaLink: boolean }) {
  const t = useTranslations('join');
  const errorText = useErrorText();
  const [code, setCode] = useState('');
  const joining = state.phase === 'joining';
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // `autofocus` does the same on a page of its own, but browsers ignore it in a frame of another origin (the
    // widget on a company's page); unless the customer is already somewhere else.
    if (!viaLink && document.activeElement === document.body) field.current?.focus();
  }, [viaLink]);
  function submit(event: FormEvent) {
    event.preventDefault();
    void client.join({ code: code.replace(/\D/g, '') });
  }
  return (
    <main className="center-page">
      <BrandHeader />
      <form className="card" onSubmit={submit} aria-describedby={state.error ? 'join-error' : undefined}>
        <h1>{t('title')}</h1>
        <p className="muted">{t('intro')}</p>
        <div className="field">
          <label htmlFor="code">{t('codeLabel')}</label>
          <input
            id="code"
            ref={field}
            className="code-input"
            data-testid="code-input"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            value={code}
            onChange={(event) => setCode(event.target.value)}
            autoFocus={!viaLink}
            required
          />
        </div>
        {state.error && (
          <p id="join-error" className="error" role="alert" data-testid="join-error">
            {errorText(state.error.code, state.error.retryAfterMs)}
          </p>
        )}
        <button type="submit" data-testid="code-submit" disabled={joining || code.replace(/\D/g, '').length !== 6} style={{ width: '100%' }}>
          {joining ? t('connecting') : t('continue')}
        </button>
      </form>
      <ContactLine />
      <PageSettings />
    </main>
  );
}
