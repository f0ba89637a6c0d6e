'use client';

import { type FormEvent, useEffect, useState, useSyncExternalStore } from 'react';
import { Brand } from '../../components/Brand';
import { CallPanel } from '../../components/CallPanel';
import { ChatPanel } from '../../components/ChatPanel';
import { FileTransfersPanel } from '../../components/FileTransfersPanel';
import { IdleWarning } from '../../components/IdleWarning';
import { SharePreview } from '../../components/SharePreview';
import { ThemeToggle } from '../../components/ThemeToggle';
import { describeError } from '../../lib/messages';
import { CustomerClient, type CustomerState } from '../../rtc/customer-client';
import type { SessionView } from '../../../signaling/protocol';

/** The customer's whole journey: code (or link) -> who is asking and consent -> chat and screen sharing -> end. */
export function JoinFlow({ linkToken }: { linkToken?: string }) {
  // Rendered on the server too (the code form arrives before any script on a slow network); the client only
  // touches the browser in start().
  const [client] = useState(() => new CustomerClient(linkToken ? 'joining' : 'enter-code'));
  const state = useSyncExternalStore(client.state.subscribe, client.state.get, client.state.get);

  useEffect(() => {
    // The client lives as long as the page; start() is idempotent (React may run this effect twice).
    client.start(linkToken);
  }, [client, linkToken]);

  switch (state.phase) {
    case 'enter-code':
    case 'joining':
      return <CodeEntry client={client} state={state} viaLink={Boolean(linkToken)} />;
    case 'consent':
      return <Consent client={client} state={state} />;
    case 'in-session':
      return <InSession client={client} state={state} />;
    case 'ended':
      return <Ended state={state} />;
  }
}

function CodeEntry({ client, state, viaLink }: { client: CustomerClient; state: CustomerState; viaLink: boolean }) {
  const [code, setCode] = useState('');
  const joining = state.phase === 'joining';
  function submit(event: FormEvent) {
    event.preventDefault();
    void client.join({ code: code.replace(/\D/g, '') });
  }
  return (
    <main className="center-page">
      <Brand />
      <form className="card" onSubmit={submit} aria-describedby={state.error ? 'join-error' : undefined}>
        <h1>Get help from a technician</h1>
        <p className="muted">Enter the 6-digit code your technician gave you.</p>
        <div className="field">
          <label htmlFor="code">Support code</label>
          <input
            id="code"
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
            {describeError(state.error.code, state.error.retryAfterMs)}
          </p>
        )}
        <button type="submit" data-testid="code-submit" disabled={joining || code.replace(/\D/g, '').length !== 6} style={{ width: '100%' }}>
          {joining ? 'Connecting…' : 'Continue'}
        </button>
      </form>
      <ThemeToggle />
    </main>
  );
}

/** Who helps the customer, as a sentence needs it: the nickname, or "your technician" while nobody is assigned. */
function helperOf(view: SessionView, start = false): string {
  return view.technicianNickname ?? (start ? 'Your technician' : 'your technician');
}

function Consent({ client, state }: { client: CustomerClient; state: CustomerState }) {
  const view = state.view!;
  return (
    <main className="center-page">
      <Brand name={view.organisationName} />
      <section className="card" aria-labelledby="consent-title">
        <h1 id="consent-title">
          <span data-testid="technician-name">{helperOf(view, true)}</span> from {view.organisationName} wants to help you
        </h1>
        <p>If you agree, {helperOf(view)} will be able to:</p>
        <ul className="rights">
          <li>chat with you in this page;</li>
          <li>see your screen, but only after you press &ldquo;Share my screen&rdquo; and only until you stop;</li>
          <li>send you files, each of which you accept or decline, and receive the files you choose to send.</li>
        </ul>
        <p className="muted">{helperOf(view, true)} cannot control your computer or open your files. You can end the session at any time.</p>
        {state.error && <p className="error" role="alert">{describeError(state.error.code)}</p>}
        <div className="row">
          <button type="button" data-testid="consent-accept" onClick={() => void client.consent()}>
            I agree, start the session
          </button>
          <button type="button" className="secondary" data-testid="end-session" onClick={() => void client.end()}>
            No thanks
          </button>
        </div>
      </section>
    </main>
  );
}

function InSession({ client, state }: { client: CustomerClient; state: CustomerState }) {
  const view = state.view!;
  const connected = state.peer?.connection === 'connected';
  // Most phone browsers cannot share a screen at all: say so instead of offering a button that fails.
  const canShare = Boolean(navigator.mediaDevices?.getDisplayMedia);
  return (
    <>
      <header className="session-bar">
        <div className="share-status" data-testid="share-status">
          <span className={`dot${state.sharing ? ' live' : ''}`} aria-hidden="true" />
          {state.sharing ? (
            <strong>You are sharing your screen with {[helperOf(view), ...view.viewers.filter((v) => v.present).map((v) => v.nickname)].join(' and ')}</strong>
          ) : (
            <span>Your screen is not shared</span>
          )}
          {state.recording && (
            <strong className="recording-indicator" data-testid="recording-indicator" role="status">
              ● Recording
            </strong>
          )}
        </div>
        <div className="row">
          {state.sharing ? (
            <>
              <button type="button" className="secondary" data-testid="switch-screen" onClick={() => void client.shareScreen()}>
                Share another screen
              </button>
              <button type="button" className="secondary" data-testid="stop-sharing" onClick={() => void client.stopSharing()}>
                Stop sharing
              </button>
            </>
          ) : canShare ? (
            // shareScreen() starts getDisplayMedia synchronously inside this click: Firefox and Safari require it.
            <button type="button" data-testid="share-screen" onClick={() => void client.shareScreen()}>
              Share my screen
            </button>
          ) : (
            <span className="muted" data-testid="share-unavailable">This browser cannot share a screen; chat still works.</span>
          )}
          <button type="button" className="danger" data-testid="end-session" onClick={() => void client.end()}>
            End session
          </button>
        </div>
      </header>
      <main className="customer-main">
        {state.idleClosesAt && <IdleWarning closesAt={state.idleClosesAt} onKeepAlive={() => client.keepAlive()} />}
        {state.pushedUrls.map((pushed) => (
          <PushedLink key={pushed.id} url={pushed.url} from={helperOf(view, true)} />
        ))}
        <CallPanel call={client.call} remote={state.peer?.remoteCallStream ?? null} side="customer" peerName={helperOf(view, true)} />
        {state.screenStream && (
          <section className="card">
            <SharePreview stream={state.screenStream} annotations={client.annotations} />
          </section>
        )}
        {state.sharing && state.peer?.otherScreenRequested && (
          <section className="card notice" role="alert" data-testid="other-screen-request">
            <p>{helperOf(view, true)} asks you to share another screen or window.</p>
            <div className="row">
              <button type="button" onClick={() => void client.shareScreen()}>Choose another screen</button>
              <button type="button" className="secondary" onClick={() => client.dismissOtherScreenRequest()}>Keep this one</button>
            </div>
          </section>
        )}
        <section className="card">
          <div className="spread">
            <h1 style={{ marginBottom: 0 }}>
              {view.technicianNickname ? <>You are connected with <span data-testid="technician-name">{view.technicianNickname}</span></> : 'Waiting for a technician'}
            </h1>
            <ThemeToggle />
          </div>
          <p className="muted" style={{ marginTop: '0.5rem' }}>
            {state.reconnecting
              ? 'Connection to the server dropped. Reconnecting…'
              : !state.technicianPresent
                ? `${helperOf(view, true)} is not connected right now; your messages will wait for them.`
                : connected
                  ? `Connected ${state.peer?.route === 'relay' ? 'through the relay' : 'directly'}.`
                  : 'Connecting…'}
          </p>
          {view.viewers.length > 0 && (
            <p data-testid="viewers">
              Also watching your screen: <strong>{view.viewers.map((v) => v.nickname).join(', ')}</strong>, invited by {helperOf(view)}.
            </p>
          )}
          {!state.technicianPresent && view.estimatedWaitMs !== null && (
            <p data-testid="estimated-wait" role="status">Estimated waiting time: {describeWait(view.estimatedWaitMs)}.</p>
          )}
          {state.peer?.route && (
            <p className="visually-hidden" data-testid="connection-route" data-route={state.peer.route} data-local-type={state.peer.localCandidateType ?? ''}>
              {state.peer.route}
            </p>
          )}
          {state.error && <p className="error" role="alert">{describeError(state.error.code)}</p>}
        </section>
        <section className="card">
          <FileTransfersPanel files={client.files} side="customer" peerName={helperOf(view, true)} />
        </section>
        <section className="card">
          <ChatPanel
            messages={state.messages}
            pending={state.pendingMessages}
            me="customer"
            onSend={(text) => client.send(text)}
            onTyping={(typing) => client.typing(typing)}
            otherTyping={state.technicianTyping ? view.technicianNickname : null}
          />
        </section>
      </main>
    </>
  );
}

/** A link from the technician: shown in full, opened in a new tab only when the customer chooses to. */
function PushedLink({ url, from }: { url: string; from: string }) {
  return (
    <section className="card notice" data-testid="pushed-url">
      <p>
        {from} sent you a link: <strong className="pushed-address">{url}</strong>
      </p>
      <p className="muted">Open it only if you expected it. It opens in a new tab.</p>
      <button type="button" data-testid="url-open" onClick={() => window.open(url, '_blank', 'noopener,noreferrer')}>
        Open link
      </button>
    </section>
  );
}

const endedText: Record<NonNullable<CustomerState['endedBy']> | 'unknown', string> = {
  customer: 'You ended the session.',
  technician: 'Your technician ended the session.',
  expired: 'The session expired.',
  idle: 'The session closed because nothing happened for a long time.',
  resolved: 'Your technician marked your request as resolved. Thank you!',
  unknown: 'The session has ended.',
};

/** "less than a minute", "about 4 minutes": an estimate, said as one. */
function describeWait(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes < 1 ? 'less than a minute' : `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function Ended({ state }: { state: CustomerState }) {
  const why = endedText[state.endedBy ?? 'unknown'];
  return (
    <main className="center-page">
      <Brand />
      <section className="card" data-testid="session-ended" role="status">
        <h1>Session ended</h1>
        <p>{why} Your technician can no longer see your screen or send you messages.</p>
        <p className="muted">You can close this page.</p>
        <a href="/join">Enter another code</a>
      </section>
    </main>
  );
}
