import { useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Brand } from '../components/Brand';
import { CallPanel } from '../components/CallPanel';
import { ChatPanel } from '../components/ChatPanel';
import { FileTransfersPanel } from '../components/FileTransfersPanel';
import { IdleWarning } from '../components/IdleWarning';
import { PageAnnotations } from '../components/PageAnnotations';
import { SharePreview } from '../components/SharePreview';
import { ThemeToggle } from '../components/ThemeToggle';
import { LanguageSelect } from '../components/LanguageSelect';
import { CustomerClient, type CustomerState } from '../../client/customer-client';
import { helperFileName, type SessionView } from '../../protocol';
import { ChannelForm, type ChannelEntry } from './ChannelForm';
import { useErrorText } from './error-text';
import { PageSettings } from './PageSettings';

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
      return <InSession client={client} state={state} embedded={embedded} />;
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
      <Brand />
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
      <PageSettings />
    </main>
  );
}

/** Who helps the customer, as a sentence needs it: the nickname, or "your technician" while nobody is assigned. */
function useHelper(view: SessionView) {
  const t = useTranslations('common');
  return (start = false) => view.technicianNickname ?? (start ? t('YourTechnician') : t('yourTechnician'));
}

function Consent({ client, state }: { client: CustomerClient; state: CustomerState }) {
  const view = state.view!;
  const t = useTranslations('join');
  const errorText = useErrorText();
  const helperOf = useHelper(view);
  // The list says what this technician's group allows. While the session waits for someone to pick it up, it
  // says what anyone may at most do: each part still waits for the customer (Share, accept a file) and for the
  // rights of whoever picks it up.
  const rights = view.technicianNickname ? view.rights : { screenView: true, sendFiles: true, receiveFiles: true };
  return (
    <main className="center-page">
      <Brand name={view.organisationName} />
      <section className="card" aria-labelledby="consent-title">
        <h1 id="consent-title">
          {t.rich('consentTitle', { helper: helperOf(true), organisation: view.organisationName, strong: (chunks) => <span data-testid="technician-name">{chunks}</span> })}
        </h1>
        <p className="verified" data-testid="verified-organisation">
          {t.rich('verified', { organisation: view.organisationName, domain: typeof location === 'undefined' ? '' : location.host, strong: (chunks) => <strong>{chunks}</strong> })}
        </p>
        <p>{t('consentIntro', { helper: helperOf() })}</p>
        <ul className="rights" data-testid="consent-rights">
          <li>{t('rightChat')}</li>
          {rights.screenView && <li data-testid="consent-screen">{t('rightScreen')}</li>}
          {rights.sendFiles && rights.receiveFiles ? (
            <li data-testid="consent-files">{t('rightFiles')}</li>
          ) : rights.sendFiles ? (
            <li data-testid="consent-files">{t('rightFilesSend')}</li>
          ) : (
            rights.receiveFiles && <li data-testid="consent-files">{t('rightFilesReceive')}</li>
          )}
          {view.singlePrompt && <li data-testid="consent-control">{t('rightControl')}</li>}
        </ul>
        <p className="muted">{view.singlePrompt ? t('consentLimitsControl', { helper: helperOf(true) }) : t('consentLimits', { helper: helperOf(true) })}</p>
        {state.error && <p className="error" role="alert">{errorText(state.error.code)}</p>}
        <div className="row">
          <button type="button" data-testid="consent-accept" onClick={() => void client.consent()}>
            {t('agree')}
          </button>
          <button type="button" className="secondary" data-testid="end-session" onClick={() => void client.end()}>
            {t('decline')}
          </button>
        </div>
        <div className="spread">
          <LanguageSelect />
          <ReportLink client={client} />
        </div>
      </section>
    </main>
  );
}

/** "Report abuse", in a new tab: the session goes on (or the customer reads what ended) where it is. */
function ReportLink({ client }: { client: CustomerClient }) {
  const t = useTranslations('join');
  return (
    <a href={client.reportAddress()} target="_blank" rel="noopener" className="muted" data-testid="report-abuse">
      {t('reportAbuse')}
    </a>
  );
}

function InSession({ client, state, embedded }: { client: CustomerClient; state: CustomerState; embedded: boolean }) {
  const view = state.view!;
  const t = useTranslations('join');
  const errorText = useErrorText();
  const helperOf = useHelper(view);
  const list = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${t('and')} ${names.at(-1)}`);
  const connected = state.peer?.connection === 'connected';
  const controlText = useTranslations('control');
  const chatText = useTranslations('chat');
  // Most phone browsers cannot share a screen at all: say so instead of offering a button that fails.
  const canShare = Boolean(navigator.mediaDevices?.getDisplayMedia);
  return (
    <>
      {/* Lifeline's own controls are the customer's alone: remote input never operates them (cobrowse/). */}
      <header className="session-bar" data-lifeline-own="">
        <div className="share-status" data-testid="share-status">
          <span className={`dot${state.sharing ? ' live' : ''}`} aria-hidden="true" />
          {state.sharing ? (
            <strong>{t('sharingWith', { names: list([helperOf(), ...view.viewers.filter((v) => v.present).map((v) => v.nickname)]) })}</strong>
          ) : (
            <span>{t('notSharing')}</span>
          )}
          {state.recording && (
            <strong className="recording-indicator" data-testid="recording-indicator" role="status">
              {t('recording')}
            </strong>
          )}
        </div>
        <div className="row">
          {state.sharing ? (
            <>
              <button type="button" className="secondary" data-testid="switch-screen" onClick={() => void client.shareScreen()}>
                {t('shareAnother')}
              </button>
              <button type="button" className="secondary" data-testid="stop-sharing" onClick={() => void client.stopSharing()}>
                {t('stopSharing')}
              </button>
            </>
          ) : !view.rights.screenView ? (
            // Nobody to share with yet, or a technician whose group does not view screens: the page would refuse.
            view.technicianNickname && <span className="muted" data-testid="share-not-allowed">{t('screenViewOff', { helper: helperOf(true) })}</span>
          ) : canShare ? (
            // shareScreen() starts getDisplayMedia synchronously inside this click: Firefox and Safari require it.
            <>
              <button type="button" data-testid="share-screen" onClick={() => void client.shareScreen()}>
                {t('share')}
              </button>
              {!embedded && (
                <button type="button" className="secondary" data-testid="share-tab" onClick={() => void client.shareThisTab()}>
                  {controlText('shareTab')}
                </button>
              )}
            </>
          ) : (
            <span className="muted" data-testid="share-unavailable">{t('cannotShare')}</span>
          )}
          <button type="button" className="danger" data-testid="end-session" onClick={() => void client.end()}>
            {t('end')}
          </button>
        </div>
      </header>
      <main className="customer-main" data-lifeline-own="">
        <CobrowsePanel client={client} helper={helperOf(true)} />
        <RemoteControlPanel client={client} sharedSurface={state.sharedSurface} />
        {state.idleClosesAt && <IdleWarning closesAt={state.idleClosesAt} onKeepAlive={() => client.keepAlive()} />}
        {state.pushedUrls.map((pushed) => (
          <PushedLink key={pushed.id} url={pushed.url} from={helperOf(true)} />
        ))}
        <CallPanel call={client.call} remote={state.peer?.remoteCallStream ?? null} side="customer" peerName={helperOf(true)} />
        {state.screenStream &&
          (state.sharedSurface === 'this-tab' ? (
            <PageAnnotations annotations={client.annotations} />
          ) : (
            <section className="card">
              <SharePreview stream={state.screenStream} annotations={client.annotations} />
            </section>
          ))}
        {state.sharing && state.peer?.otherScreenRequested && (
          <section className="card notice" role="alert" data-testid="other-screen-request">
            <p>{t('otherScreenRequest', { helper: helperOf(true) })}</p>
            <div className="row">
              <button type="button" onClick={() => void client.shareScreen()}>{t('chooseAnother')}</button>
              <button type="button" className="secondary" onClick={() => client.dismissOtherScreenRequest()}>{t('keepThis')}</button>
            </div>
          </section>
        )}
        <section className="card">
          <div className="spread">
            <h1 style={{ marginBottom: 0 }}>
              {view.technicianNickname ? t.rich('connectedWith', { name: view.technicianNickname, strong: (chunks) => <span data-testid="technician-name">{chunks}</span> }) : t('waitingForTechnician')}
            </h1>
            <div className="row">
              <LanguageSelect />
              <ThemeToggle />
              <ReportLink client={client} />
            </div>
          </div>
          <p className="muted" style={{ marginTop: '0.5rem' }}>
            {state.reconnecting
              ? t('reconnecting')
              : !state.technicianPresent
                ? view.technicianNickname ? t('technicianAway', { helper: helperOf(true) }) : t('messagesWait')
                : connected
                  ? t('connectedRoute', { route: state.peer?.route === 'relay' ? 'relay' : 'direct' })
                  : t('connecting')}
          </p>
          {connected && state.peer?.sas && (
            <p data-testid="sas-code" data-code={state.peer.sas.replace(' ', '')}>
              {t.rich('sasCode', { code: state.peer.sas, helper: helperOf(), strong: (chunks) => <strong className="sas">{chunks}</strong> })}
            </p>
          )}
          {view.viewers.length > 0 && (
            <p data-testid="viewers">
              {t('alsoWatching', { names: list(view.viewers.map((v) => v.nickname)), helper: helperOf() })}
            </p>
          )}
          {!view.technicianNickname && view.queuePosition !== null && (
            <p data-testid="widget-queue-position" data-position={view.queuePosition} role="status">{t('queuePosition', { position: view.queuePosition })}</p>
          )}
          {!view.technicianNickname && view.waitNotice !== null && (
            <p className="notice-text" data-testid="wait-notice" role="status">{view.waitNotice || t('waitTooLong')}</p>
          )}
          {!state.technicianPresent && (view.estimatedWaitMs !== null || view.queuePosition !== null) && (
            <p data-testid="estimated-wait" role="status">
              {view.estimatedWaitMs !== null ? t('estimatedWait', { minutes: Math.round(view.estimatedWaitMs / 60_000) }) : t('estimatedWaitUnknown')}
            </p>
          )}
          {state.peer?.route && (
            <p className="visually-hidden" data-testid="connection-route" data-route={state.peer.route} data-local-type={state.peer.localCandidateType ?? ''}>
              {state.peer.route}
            </p>
          )}
          {state.error && <p className="error" role="alert">{errorText(state.error.code)}</p>}
        </section>
        {(view.rights.receiveFiles || view.rights.sendFiles) && (
          <section className="card">
            {/* The customer sends what the technician may receive, and the other way round. */}
            <FileTransfersPanel files={client.files} side="customer" peerName={helperOf(true)} allows={{ send: view.rights.receiveFiles, receive: view.rights.sendFiles }} />
          </section>
        )}
        <section className="card">
          <ChatPanel
            messages={state.messages}
            pending={state.pendingMessages}
            me="customer"
            onSend={(text) => client.send(text)}
            onTyping={(typing) => client.typing(typing)}
            otherTyping={state.technicianTyping ? view.technicianNickname : null}
            off={view.chatEnabled ? null : chatText('offCustomer', { helper: helperOf() })}
            onEarlier={view.earlierMessages ? () => void client.loadEarlier() : undefined}
          />
        </section>
      </main>
    </>
  );
}

/**
 * Remote control as the customer sees it: the technician's request (with the helper to download for the whole
 * desktop), then, while control is on, who controls and how to stop it at once.
 */
/**
 * Co-browse of the company's page the widget is on: the technician's request, the customer's answer, and while
 * it runs a banner that says who sees the page and stops it.
 */
/**
 * A request from the technician comes into view as it appears: on a phone the customer may have scrolled down to
 * the chat, and a question they do not see is one they cannot answer. Only this document scrolls (scrollIntoView
 * would scroll the company's page around the widget too), to just below the session bar that stays on top.
 */
function intoView(element: HTMLElement | null): void {
  if (!element) return;
  const { top, bottom } = element.getBoundingClientRect();
  const below = document.querySelector('.session-bar')?.getBoundingClientRect().bottom ?? 0;
  if (top < below || bottom > window.innerHeight) window.scrollBy({ top: top - below - 16 });
}

function CobrowsePanel({ client, helper }: { client: CustomerClient; helper: string }) {
  const t = useTranslations('cobrowse');
  const { requested, active, failed } = useSyncExternalStore(client.cobrowse.state.subscribe, client.cobrowse.state.get, client.cobrowse.state.get);
  if (failed) return <p className="error" role="alert" data-testid="cobrowse-failed">{t('failed')}</p>;
  if (active) {
    return (
      <section className="card notice" role="status" data-testid="cobrowse-banner">
        <p><strong>{t('active', { helper })}</strong></p>
        <p className="muted">{t('privateNote')}</p>
        <button type="button" className="secondary" data-testid="cobrowse-stop" onClick={() => client.cobrowse.stop()}>{t('stop')}</button>
      </section>
    );
  }
  if (!requested) return null;
  return (
    <section className="card notice" role="alert" data-testid="cobrowse-prompt" ref={intoView}>
      <p><strong>{t('ask', { helper })}</strong></p>
      <p className="muted">{t('privateNote')}</p>
      <div className="row">
        <button type="button" data-testid="cobrowse-accept" onClick={() => client.cobrowse.accept()}>{t('accept')}</button>
        <button type="button" className="secondary" data-testid="cobrowse-decline" onClick={() => client.cobrowse.decline()}>{t('decline')}</button>
      </div>
    </section>
  );
}

function RemoteControlPanel({ client, sharedSurface }: { client: CustomerClient; sharedSurface: CustomerState['sharedSurface'] }) {
  const t = useTranslations('control');
  const { request, control, technicianName, helperDownload, problem } = useSyncExternalStore(client.control.state.subscribe, client.control.state.get, client.control.state.get);
  const cobrowsing = useSyncExternalStore(client.cobrowse.state.subscribe, () => client.cobrowse.state.get().active, () => false);
  const name = technicianName ?? '';
  // The page is in the technician's view: this tab shared, or the company's page co-browsed.
  const pageInView = sharedSurface === 'this-tab' || cobrowsing;

  function accept() {
    // Control of the page needs this tab shared; getDisplayMedia must start inside this click.
    if (request?.control.mode === 'page' && !pageInView) {
      const before = client.state.get().sharedSurface;
      void client.shareThisTab().then(() => {
        const after = client.state.get().sharedSurface;
        if (after === 'this-tab') void client.control.accept();
        // Control of the page needs this very tab in view: both sides are told what went wrong and what to do.
        else void client.control.decline(after !== before ? 'wrong-surface' : 'share-cancelled');
      });
      return;
    }
    void client.control.accept();
  }

  if (control) {
    return (
      <section className="card notice control-banner" role="status" data-testid="control-banner">
        <p><strong>{control.mode === 'page' ? t('bannerPage', { name }) : t('bannerDesktop', { name })}</strong></p>
        {control.mode === 'desktop' && helperDownload && <HelperDownload href={helperDownload} />}
        <div className="row">
          <button type="button" className="danger" data-testid="control-revoke" onClick={() => void client.control.revoke()}>{t('stop')}</button>
          <span className="muted">{t('hotkey')}</span>
        </div>
      </section>
    );
  }
  if (!request) return problem ? <p className="card notice" role="status" data-testid="control-problem">{t(`problem.${problem}`, { name })}</p> : null;
  return (
    <section className="card notice" role="alert" data-testid="control-prompt" ref={intoView}>
      <p><strong>{request.control.mode === 'page' ? t('askPage', { name }) : t('askDesktop', { name })}</strong></p>
      {request.control.mode === 'page' ? (
        !pageInView && <p>{t('pageNeedsTab', { name })}</p>
      ) : (
        <>
          <p>{t('desktopSteps')}</p>
          {request.helperDownload && <HelperDownload href={request.helperDownload} />}
        </>
      )}
      {request.control.mode === 'page' && <p className="muted">{t('privateNote')}</p>}
      <div className="row">
        <button type="button" data-testid="control-accept" onClick={accept}>{t('accept')}</button>
        <button type="button" className="secondary" data-testid="control-decline" onClick={() => void client.control.decline()}>{t('decline')}</button>
      </div>
    </section>
  );
}

/**
 * The helper's download, and how to start it: a downloaded file is never executable on Linux, so the customer
 * needs the one command that makes it so (the server names the file after its pairing).
 */
function HelperDownload({ href }: { href: string }) {
  const t = useTranslations('control');
  return (
    <>
      <p>
        <a href={href} download data-testid="helper-download">{t('download')}</a> <span className="muted">{t('desktopOnlyLinux')}</span>
      </p>
      <p>{t('runLinux')}</p>
      <pre className="command" data-testid="helper-run"><code>{helperRunCommand(href)}</code></pre>
    </>
  );
}

/** The download's address ends with its pairing token, which names the file (protocol/helper.ts). */
function helperRunCommand(href: string): string {
  const file = helperFileName(decodeURIComponent(new URL(href, 'http://x').pathname.split('/').pop() ?? ''));
  return `cd ~/Downloads && chmod +x ${file} && ./${file}`;
}

/** A link from the technician: shown in full, opened in a new tab only when the customer chooses to. */
function PushedLink({ url, from }: { url: string; from: string }) {
  const t = useTranslations('join');
  return (
    <section className="card notice" data-testid="pushed-url">
      <p>
        {t('linkFrom', { helper: from })} <strong className="pushed-address">{url}</strong>
      </p>
      <p className="muted">{t('linkWarning')}</p>
      <button type="button" data-testid="url-open" onClick={() => window.open(url, '_blank', 'noopener,noreferrer')}>
        {t('openLink')}
      </button>
    </section>
  );
}

function Ended({ client, state }: { client: CustomerClient; state: CustomerState }) {
  const t = useTranslations('join');
  return (
    <main className="center-page">
      <Brand />
      <section className="card" data-testid="session-ended" role="status">
        <h1>{t('endedTitle')}</h1>
        <p>{t('endedBy', { reason: state.endedBy ?? 'unknown' })} {t('endedRights')}</p>
        <p className="muted">{t('closePage')}</p>
        <div className="spread">
          <a href="/join">{t('anotherCode')}</a>
          <ReportLink client={client} />
        </div>
      </section>
    </main>
  );
}
