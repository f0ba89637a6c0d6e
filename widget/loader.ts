/**
 * The widget's loader: the one script a company puts on its own pages,
 *
 *     <script src="https://support.example.com/widget.js" data-channel="CHANNEL" async></script>
 *     <script src="…/widget.js" data-channel="CHANNEL" data-mode="code" async></script>   (the code field only)
 *
 * It asks Lifeline whether this site may show the channel's widget (the channel's allowed origins) and, if so,
 * draws a launcher in a shadow root, isolated from the page's CSS. Everything that needs trust (the form,
 * consent, chat, files, the socket and the peer connection) lives in an iframe of Lifeline's origin, which
 * scripts on this page cannot read or operate; Lifeline serves that frame only to the allowed origins
 * (frame-ancestors). Kept small: no framework, no dependency (bench/ measures its weight).
 */
import { envelope, type FrameToLoader, type LoaderToFrame, openEnvelope, type WidgetConfig } from '../protocol/widget';
import type { CobrowseController, StartCobrowse } from './cobrowse';

const TEXTS: Record<string, { open: string; close: string; title: string }> = {
  en: { open: 'Get help', close: 'Minimise', title: 'Support' },
  fr: { open: "Obtenir de l'aide", close: 'Réduire', title: 'Assistance' },
  nl: { open: 'Hulp krijgen', close: 'Minimaliseren', title: 'Ondersteuning' },
};

function texts() {
  for (const language of navigator.languages ?? [navigator.language]) {
    const found = TEXTS[language.slice(0, 2).toLowerCase()];
    if (found) return found;
  }
  return TEXTS.en;
}

function warn(message: string): void {
  console.warn(`Lifeline widget: ${message}`);
}

/** The widget's styles, inside its shadow root only: the page's CSS cannot reach them, nor they the page. */
function styles(config: WidgetConfig): string {
  const side = config.position === 'bottom-left' ? 'left' : 'right';
  return `
:host { all: initial; }
.launcher { position: fixed; ${side}: 20px; bottom: 20px; z-index: 2147483000; display: flex; align-items: center; gap: 8px;
  font: 600 15px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #fff; background: ${config.accent};
  border: 0; border-radius: 999px; padding: 12px 18px; box-shadow: 0 4px 16px rgba(0,0,0,.25); cursor: pointer; }
.launcher:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.launcher img { width: 22px; height: 22px; border-radius: 4px; object-fit: contain; background: #fff; }
.panel { position: fixed; ${side}: 20px; bottom: 84px; z-index: 2147483001; width: 380px; height: min(640px, calc(100vh - 110px));
  display: none; flex-direction: column; background: #fff; border-radius: 14px; overflow: hidden; box-shadow: 0 8px 32px rgba(0,0,0,.3); }
.panel.open { display: flex; }
.bar { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 8px 10px 8px 14px; background: ${config.accent}; color: #fff;
  font: 600 14px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.bar button { all: unset; cursor: pointer; padding: 4px 8px; border-radius: 6px; font: 600 18px/1 system-ui, sans-serif; color: #fff; }
.bar button:focus-visible { outline: 2px solid #fff; }
iframe { flex: 1; width: 100%; border: 0; background: #fff; }
@media (max-width: 520px) {
  .panel { left: 0; right: 0; bottom: 0; top: 0; width: auto; height: auto; border-radius: 0; }
  .launcher { ${side}: 12px; bottom: 12px; }
}`;
}

function start(script: HTMLScriptElement): void {
  const channel = script.dataset.channel ?? '';
  const mode = script.dataset.mode === 'code' ? 'code' : 'form';
  if (!/^[a-z0-9-]{4,64}$/.test(channel)) return warn('the script tag needs data-channel="…" with the channel named in the admin center.');
  const lifeline = new URL(script.src, location.href).origin;

  // The server answers only pages of the channel's allowed origins; for others it says why, and we say it here.
  fetch(`${lifeline}/api/channels/${channel}/widget`, { credentials: 'omit' })
    .then(async (response) => {
      const body = (await response.json().catch(() => ({}))) as { ok?: boolean; message?: string; config?: WidgetConfig };
      if (!response.ok || !body.config) return warn(body.message ?? `the channel "${channel}" could not be loaded (HTTP ${response.status}).`);
      mount(body.config, lifeline, channel, mode);
    })
    .catch(() => warn(`${lifeline} could not be reached, or it does not allow this site (${location.origin}) to show its widget.`));
}

function mount(config: WidgetConfig, lifeline: string, channel: string, mode: 'code' | 'form'): void {
  const t = texts();
  const host = document.createElement('div');
  host.setAttribute('data-lifeline-own', '');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = styles(config);

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.dataset.testid = 'widget-launcher';
  launcher.setAttribute('aria-expanded', 'false');
  if (config.logoUrl) {
    const logo = document.createElement('img');
    logo.src = config.logoUrl;
    logo.alt = '';
    launcher.append(logo);
  }
  launcher.append(config.launcherText || t.open);

  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', config.title || config.name || t.title);
  const bar = document.createElement('div');
  bar.className = 'bar';
  const title = document.createElement('span');
  title.textContent = config.title || config.name || t.title;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '–';
  close.setAttribute('aria-label', t.close);
  close.dataset.testid = 'widget-minimise';
  bar.append(title, close);
  panel.append(bar);

  let frame: HTMLIFrameElement | null = null;
  let cobrowse: CobrowseController | null = null;
  // A session in progress carries over to the site's next page: the frame comes back, minimised, and resumes it.
  const sessionKey = `lifeline.widget.${channel}`;
  const toFrame = (message: LoaderToFrame) => frame?.contentWindow?.postMessage(envelope(message), lifeline);
  const makeFrame = () => {
    if (!frame) {
      frame = document.createElement('iframe');
      const params = new URLSearchParams({ host: location.origin, mode });
      frame.src = `${lifeline}/w/${channel}?${params}`;
      frame.title = config.title || config.name || t.title;
      // Sharing the screen from the frame, and copying (a link the technician sends) need the page's leave.
      frame.allow = 'display-capture; clipboard-write';
      frame.dataset.testid = 'widget-frame';
      panel.append(frame);
    }
  };
  const setOpen = (open: boolean) => {
    // The frame is made on first open and then kept: minimising must not end a session in progress.
    if (open) makeFrame();
    panel.classList.toggle('open', open);
    launcher.setAttribute('aria-expanded', String(open));
    if (!open) launcher.focus();
  };
  launcher.addEventListener('click', () => setOpen(!panel.classList.contains('open')));
  close.addEventListener('click', () => setOpen(false));

  const stopCobrowse = () => {
    cobrowse?.stop();
    cobrowse = null;
  };
  const startCobrowse = (message: Extract<FrameToLoader, { kind: 'cobrowse-start' }>) => {
    if (cobrowse) return;
    loadCobrowse(lifeline)
      .then((startIt) => {
        cobrowse ??= startIt({ redaction: message.redaction, toFrame });
      })
      .catch((error: unknown) => toFrame({ kind: 'cobrowse-failed', reason: String(error) }));
  };

  // Only the frame we made, from Lifeline's origin: other windows and scripts post messages too.
  window.addEventListener('message', (event) => {
    if (!frame || event.source !== frame.contentWindow || event.origin !== lifeline) return;
    const message = openEnvelope(event.data) as FrameToLoader | null;
    switch (message?.kind) {
      case 'attention':
        return setOpen(true);
      case 'session':
        remember(sessionKey, message.active === true);
        if (message.active !== true) stopCobrowse();
        return;
      case 'cobrowse-start':
        return startCobrowse(message);
      case 'cobrowse-stop':
        return stopCobrowse();
      case 'gate':
        return cobrowse?.gate(typeof message.epoch === 'number' ? message.epoch : null, String(message.technicianName ?? ''));
      case 'to-page':
        if (typeof message.wire === 'string') cobrowse?.receive(message.wire);
        return;
    }
  });

  root.append(style, panel, launcher);
  document.body.append(host);
  if (remembered(sessionKey)) makeFrame();
  // The company's own "Contact support" button can open it too.
  (window as unknown as { LifelineWidget?: { open(): void } }).LifelineWidget = { open: () => setOpen(true) };
}

/** The page's session storage, which a browser may refuse (storage off, some private modes): then nothing carries over. */
function remember(key: string, on: boolean): void {
  try {
    if (on) sessionStorage.setItem(key, '1');
    else sessionStorage.removeItem(key);
  } catch {
    // The widget still works on this page.
  }
}

function remembered(key: string): boolean {
  try {
    return sessionStorage.getItem(key) !== null;
  } catch {
    return false;
  }
}

let cobrowseBundle: Promise<StartCobrowse> | null = null;

/** The co-browse bundle (widget/cobrowse.ts), fetched from Lifeline only when the customer agreed to co-browse. */
function loadCobrowse(lifeline: string): Promise<StartCobrowse> {
  cobrowseBundle ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = `${lifeline}/widget-cobrowse.js`;
    script.async = true;
    script.onload = () => {
      const startIt = (window as unknown as { __lifelineCobrowse?: StartCobrowse }).__lifelineCobrowse;
      if (startIt) resolve(startIt);
      else reject(new Error('the co-browse script did not register'));
    };
    script.onerror = () => reject(new Error('the co-browse script could not be loaded'));
    document.head.append(script);
  });
  return cobrowseBundle;
}

// document.currentScript is this tag while it runs (async scripts included).
const script = document.currentScript as HTMLScriptElement | null;
if (!script?.src) warn('load it with a <script src="…/widget.js" data-channel="…"> tag.');
else if (document.body) start(script);
else document.addEventListener('DOMContentLoaded', () => start(script), { once: true });
