import { useTranslations } from 'next-intl';
import { useSyncExternalStore } from 'react';
import type { CustomerClient, CustomerState } from '../../client/customer-client';
import { HELPER_PLATFORMS, helperFileName, type HelperPlatform, helperPlatformFor } from '../../protocol';

/* What the technician asks of the customer, each in the strip at the top of the session page (SessionView). */

/**
 * A request from the technician comes into view as it appears: the requests sit at the top of the page, in a
 * strip that scrolls on its own when several wait. Only that strip scrolls (scrollIntoView would scroll the
 * company's page around the widget too).
 */
function intoView(element: HTMLElement | null): void {
  const strip = element?.closest<HTMLElement>('.session-requests');
  if (!element || !strip) return;
  const top = element.offsetTop - strip.offsetTop;
  if (top < strip.scrollTop || top + element.offsetHeight > strip.scrollTop + strip.clientHeight) strip.scrollTop = top;
}

/**
 * Co-browse of the company's page the widget is on: the technician's request, the customer's answer, and while
 * it runs a banner that says who sees the page and stops it.
 */
export function CobrowsePanel({ client, helper }: { client: CustomerClient; helper: string }) {
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

/**
 * Remote control as the customer sees it: the technician's request (with the helper to download for the whole
 * desktop), then, while control is on, who controls and how to stop it at once.
 */
export function RemoteControlPanel({ client, sharedSurface }: { client: CustomerClient; sharedSurface: CustomerState['sharedSurface'] }) {
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
  const answers = (
    <div className="row">
      <button type="button" data-testid="control-accept" onClick={accept}>{t('accept')}</button>
      <button type="button" className="secondary" data-testid="control-decline" onClick={() => void client.control.decline()}>{t('decline')}</button>
    </div>
  );
  return (
    <section className="card notice" role="alert" data-testid="control-prompt" ref={intoView}>
      <p><strong>{request.control.mode === 'page' ? t('askPage', { name }) : t('askDesktop', { name })}</strong></p>
      {/* The desktop's answers right under the question: its steps may run past the strip's height on a phone. */}
      {request.control.mode === 'desktop' && answers}
      {request.control.mode === 'page' ? (
        !pageInView && <p>{t('pageNeedsTab', { name })}</p>
      ) : (
        <>
          <p>{t('desktopSteps')}</p>
          {request.helperDownload && <HelperDownload href={request.helperDownload} />}
        </>
      )}
      {request.control.mode === 'page' && <p className="muted">{t('privateNote')}</p>}
      {request.control.mode === 'page' && answers}
    </section>
  );
}

/**
 * The helper's download, and how to start it: for the customer's own system first (Windows or Linux, from the
 * browser), the other one a click away (the person at this browser may not sit at the computer to control). A
 * downloaded file is never executable on Linux, so there the customer needs the one command that makes it so
 * (the server names the file after its pairing).
 */
function HelperDownload({ href }: { href: string }) {
  const t = useTranslations('control');
  const platform = helperPlatformFor(typeof navigator === 'undefined' ? '' : navigator.userAgent);
  const other = HELPER_PLATFORMS.find((p) => p !== platform)!;
  const linkFor = (p: HelperPlatform) => `${href}?platform=${p}`;
  return (
    <div className="helper-download">
      <p>
        <a href={linkFor(platform)} download data-testid="helper-download" data-platform={platform}>{t('download')}</a> <span className="muted">{t(`forPlatform.${platform}`)}</span>
      </p>
      {platform === 'win32-x64' ? (
        <p data-testid="helper-run">{t('runWindows')}</p>
      ) : (
        <>
          <p>{t('runLinux')}</p>
          <pre className="command" data-testid="helper-run"><code>{helperRunCommand(href)}</code></pre>
        </>
      )}
      <p className="muted">
        <a href={linkFor(other)} download data-testid="helper-download-other" data-platform={other}>{t(`otherPlatform.${other}`)}</a>
      </p>
    </div>
  );
}

/** The download's address ends with its pairing token, which names the file (protocol/helper.ts). */
function helperRunCommand(href: string): string {
  const file = helperFileName(decodeURIComponent(new URL(href, 'http://x').pathname.split('/').pop() ?? ''));
  return `cd ~/Downloads && chmod +x ${file} && ./${file}`;
}

/** A link from the technician: shown in full, opened in a new tab only when the customer chooses to. */
export function PushedLink({ url, from, onDismiss }: { url: string; from: string; onDismiss: () => void }) {
  const t = useTranslations('join');
  return (
    <section className="card notice" data-testid="pushed-url">
      <p>
        {t('linkFrom', { helper: from })} <strong className="pushed-address">{url}</strong>
      </p>
      <p className="muted">{t('linkWarning')}</p>
      <div className="row">
        <button type="button" data-testid="url-open" onClick={() => window.open(url, '_blank', 'noopener,noreferrer')}>
          {t('openLink')}
        </button>
        <button type="button" className="secondary" onClick={onDismiss}>
          {t('dismiss')}
        </button>
      </div>
    </section>
  );
}
