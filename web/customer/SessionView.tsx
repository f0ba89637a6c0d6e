import { useTranslations } from 'next-intl';
import { type DragEvent, useState, useSyncExternalStore } from 'react';
import { CallPanel } from '../components/CallPanel';
import { ChatPanel } from '../components/ChatPanel';
import { FileRequestPrompts, sendFiles } from '../components/FileTransfersPanel';
import { IdleWarning } from '../components/IdleWarning';
import { LanguageSelect } from '../components/LanguageSelect';
import { PageAnnotations } from '../components/PageAnnotations';
import { SharePreview } from '../components/SharePreview';
import { ThemeToggle } from '../components/ThemeToggle';
import type { CustomerClient, CustomerState } from '../../client/customer-client';
import { useAttention } from './use-attention';
import { FilesButton, IncomingOffers, Paperclip, TransferTray } from './ChatFiles';
import { useErrorText } from './error-text';
import { ReportLink, useHelper } from './session-parts';
import { CobrowsePanel, PushedLink, RemoteControlPanel } from './SessionRequests';

/**
 * The session as the customer lives it, built around the conversation: what they share and how to stop it on
 * top (at the bottom on a phone, under the thumb), what the technician asks right under it, and the chat in all
 * the height that is left, files inside it. The page itself never scrolls, so Stop and the chat stay in view.
 */
export function SessionView({ client, state, embedded }: { client: CustomerClient; state: CustomerState; embedded: boolean }) {
  const view = state.view!;
  const t = useTranslations('join');
  const chatText = useTranslations('chat');
  const helperOf = useHelper(view);
  const [dismissedLinks, dismissLink] = useDismissedLinks(view.session.id);
  const [dragging, setDragging] = useState(false);
  const files = client.files;
  // The customer sends what the technician may receive, and the other way round.
  const canSend = view.rights.receiveFiles;
  const withFiles = view.rights.receiveFiles || view.rights.sendFiles;
  const muted = useAttention(client, state, !embedded, helperOf(true));
  const filesConnected = useSyncExternalStore(files.state.subscribe, () => files.state.get().connected, () => false);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (canSend && filesConnected) sendFiles(files, event.dataTransfer.files);
  };

  return (
    <div className={`customer-session${state.sharing ? ' sharing' : ''}`}>
      {/* Lifeline's own controls are the customer's alone: remote input never operates them (cobrowse/). */}
      <header className="session-bar" data-lifeline-own="">
        <ShareStatus state={state} />
        {/* In the widget's frame nothing chimes (use-attention.ts): no switch for it either. */}
        {!embedded && <SoundToggle muted={muted.value} onChange={muted.set} />}
        <nav className="session-actions" aria-label={t('actionsLabel')} data-testid="session-actions">
          <ShareButtons client={client} state={state} embedded={embedded} />
          {withFiles && canSend && <FilesButton files={files} />}
          <button type="button" className="danger" data-testid="end-session" onClick={() => void client.end()}>
            {t('end')}
          </button>
        </nav>
      </header>
      <section className="session-requests" aria-label={t('requestsLabel')} data-testid="customer-requests" data-lifeline-own="">
        <CobrowsePanel client={client} helper={helperOf(true)} />
        <RemoteControlPanel client={client} sharedSurface={state.sharedSurface} />
        {state.sharing && state.peer?.otherScreenRequested && (
          <section className="card notice" role="alert" data-testid="other-screen-request">
            <p>{t('otherScreenRequest', { helper: helperOf(true) })}</p>
            <div className="row">
              <button type="button" onClick={() => void client.shareScreen()}>{t('chooseAnother')}</button>
              <button type="button" className="secondary" onClick={() => client.dismissOtherScreenRequest()}>{t('keepThis')}</button>
            </div>
          </section>
        )}
        {withFiles && <FileRequestPrompts files={files} peerName={helperOf(true)} />}
        {withFiles && <IncomingOffers files={files} peerName={helperOf(true)} />}
        {state.pushedUrls
          .filter((pushed) => !dismissedLinks.has(pushed.id))
          .map((pushed) => (
            <PushedLink key={pushed.id} url={pushed.url} from={helperOf(true)} onDismiss={() => dismissLink(pushed.id)} />
          ))}
        <CallPanel call={client.call} remote={state.peer?.remoteCallStream ?? null} side="customer" peerName={helperOf(true)} />
        {state.idleClosesAt && <IdleWarning closesAt={state.idleClosesAt} onKeepAlive={() => client.keepAlive()} />}
      </section>
      <main className="session-main" data-lifeline-own="">
        <SessionInfo client={client} state={state} />
        <section
          className={`card session-chat${dragging ? ' dragging' : ''}`}
          onDragOver={(event) => {
            if (!canSend) return;
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <ChatPanel
            messages={state.messages}
            pending={state.pendingMessages}
            me="customer"
            onSend={(text) => client.send(text)}
            onTyping={(typing) => client.typing(typing)}
            otherTyping={state.technicianTyping ? view.technicianNickname : null}
            off={view.chatEnabled ? null : chatText('offCustomer', { helper: helperOf() })}
            onEarlier={view.earlierMessages ? () => void client.loadEarlier() : undefined}
            attach={withFiles ? { button: canSend ? <Paperclip files={files} /> : null, tray: <TransferTray files={files} peerName={helperOf(true)} canSend={canSend} /> } : undefined}
          />
        </section>
      </main>
      {state.screenStream && state.sharedSurface === 'this-tab' && <PageAnnotations annotations={client.annotations} />}
    </div>
  );
}

function ShareStatus({ state }: { state: CustomerState }) {
  const view = state.view!;
  const t = useTranslations('join');
  const helperOf = useHelper(view);
  const list = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${t('and')} ${names.at(-1)}`);
  return (
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
  );
}

/** Share, share this tab, or while sharing: stop (always first, always in view) and switch. */
function ShareButtons({ client, state, embedded }: { client: CustomerClient; state: CustomerState; embedded: boolean }) {
  const view = state.view!;
  const t = useTranslations('join');
  const controlText = useTranslations('control');
  const helperOf = useHelper(view);
  // Most phone browsers cannot share a screen at all: say so instead of offering a button that fails.
  const canShare = typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getDisplayMedia);
  if (state.sharing) {
    return (
      <>
        <button type="button" className="stop" data-testid="stop-sharing" onClick={() => void client.stopSharing()}>
          {t('stopSharing')}
        </button>
        <button type="button" className="secondary" data-testid="switch-screen" onClick={() => void client.shareScreen()}>
          <span className="desktop-only">{t('shareAnother')}</span>
          <span className="phone-only">{t('shareAnotherShort')}</span>
        </button>
      </>
    );
  }
  if (!view.rights.screenView) {
    // Nobody to share with yet, or a technician whose group does not view screens: the page would refuse.
    return view.technicianNickname ? <span className="muted" data-testid="share-not-allowed">{t('screenViewOff', { helper: helperOf(true) })}</span> : null;
  }
  if (!canShare) return <span className="muted" data-testid="share-unavailable">{t('cannotShare')}</span>;
  // shareScreen() starts getDisplayMedia synchronously inside this click: Firefox and Safari require it.
  return (
    <>
      <button type="button" data-testid="share-screen" onClick={() => void client.shareScreen()}>
        {t('share')}
      </button>
      {!embedded && (
        <button type="button" className="secondary desktop-only" data-testid="share-tab" onClick={() => void client.shareThisTab()}>
          {controlText('shareTab')}
        </button>
      )}
    </>
  );
}

/** Who helps, how the connection goes, the code to compare, the thumbnail of what is shared, the page's settings. */
function SessionInfo({ client, state }: { client: CustomerClient; state: CustomerState }) {
  const view = state.view!;
  const t = useTranslations('join');
  const errorText = useErrorText();
  const helperOf = useHelper(view);
  const list = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${t('and')} ${names.at(-1)}`);
  const connected = state.peer?.connection === 'connected';
  return (
    <section className="card session-info" aria-labelledby="session-title">
      <h1 id="session-title">
        {view.technicianNickname ? t.rich('connectedWith', { name: view.technicianNickname, strong: (chunks) => <span data-testid="technician-name">{chunks}</span> }) : t('waitingForTechnician')}
      </h1>
      <p className="muted">
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
      {state.screenStream && state.sharedSurface !== 'this-tab' && <SharePreview stream={state.screenStream} annotations={client.annotations} />}
      <div className="row session-settings">
        <LanguageSelect />
        <ThemeToggle />
        <ReportLink client={client} />
      </div>
    </section>
  );
}

/** Mutes the tone a hidden page plays for news; the title still flashes. */
function SoundToggle({ muted, onChange }: { muted: boolean; onChange: (muted: boolean) => void }) {
  const t = useTranslations('join');
  return (
    <button type="button" className="ghost small sound-toggle" aria-pressed={muted} data-testid="sound-toggle" title={t('muteSounds')} onClick={() => onChange(!muted)}>
      <BellIcon muted={muted} />
      <span className="visually-hidden">{t('muteSounds')}</span>
    </button>
  );
}

function BellIcon({ muted }: { muted: boolean }) {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.7 21a2 2 0 0 1-3.4 0" />
      {muted && <path d="M3 3l18 18" />}
    </svg>
  );
}

/** Links the customer put away stay away when the page reloads (the server sends every link of the session). */
function useDismissedLinks(sessionId: string): [ReadonlySet<number>, (id: number) => void] {
  const key = `lifeline.dismissed-links.${sessionId}`;
  const [ids, setIds] = useState<ReadonlySet<number>>(() => {
    try {
      return new Set(JSON.parse(sessionStorage.getItem(key) ?? '[]') as number[]);
    } catch {
      return new Set();
    }
  });
  const dismiss = (id: number) => {
    const next = new Set([...ids, id]);
    setIds(next);
    try {
      sessionStorage.setItem(key, JSON.stringify([...next]));
    } catch {
      // Storage refused: dismissed for as long as the page stays.
    }
  };
  return [ids, dismiss];
}
