'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { type ControlMode, SPECIAL_COMBOS, type SpecialCombo } from '../../../protocol';
import { captureRemoteInput } from '../../../input/input-capture';
import type { TechnicianControl } from '../../../client/technician-control';
import { Icon } from './Icons';
import { Popover } from './Popover';
import { keyOf } from './Shortcuts';

type ModeChoice = 'auto' | ControlMode;

/**
 * The mode "Request control" picks when the technician does not choose: the customer's page when it is
 * co-browsed (or can be: they are in the widget), their whole computer when the helper already runs there,
 * else the page they share; with nothing shared, the whole computer (the customer is offered the helper).
 */
export function bestControlMode(surface: { cobrowse: boolean; helper: boolean; sharing: boolean }): ControlMode {
  if (surface.cobrowse) return 'page';
  if (surface.helper) return 'desktop';
  return surface.sharing ? 'page' : 'desktop';
}

/**
 * Remote control as one action in the toolbar: "Request control" with the best mode, a small menu for the
 * others; while it is on, who controls and Stop. What the customer's side refused shows over the screen, where
 * the technician looks, without moving anything.
 */
export function ControlPanel({
  control,
  customerName,
  video,
  allowed,
  surface,
  requestRef,
}: {
  control: TechnicianControl;
  customerName: string;
  video: HTMLVideoElement | null;
  /** The group's "start remote control" right. */
  allowed: boolean;
  surface: { cobrowse: boolean; sharing: boolean };
  /** Filled with the request action, for the keyboard shortcut. */
  requestRef?: { current: (() => void) | null };
}) {
  const t = useTranslations('remoteControl');
  const tw = useTranslations('workspace.control');
  const format = useFormatter();
  const state = useSyncExternalStore(control.state.subscribe, control.state.get, control.state.get);
  const [choice, setChoice] = useState<ModeChoice>('auto');
  const [asking, setAsking] = useState(false);
  const granted = state.control?.state === 'granted';
  const best = bestControlMode({ ...surface, helper: state.helper !== null });
  const mode = choice === 'auto' ? best : choice;

  useEffect(() => {
    if (!granted || !video) return;
    video.classList.add('controlling');
    const detach = captureRemoteInput(video, control.sink, t('keyboardLabel', { customer: customerName }));
    return () => {
      detach();
      video.classList.remove('controlling');
    };
  }, [granted, video, control, customerName, t]);

  async function ask() {
    setAsking(true);
    try {
      await control.request(mode);
    } finally {
      setAsking(false);
    }
  }
  const idle = !granted && state.control?.state !== 'requested';
  if (requestRef) requestRef.current = idle && allowed && !asking ? () => void ask() : null;

  const modeName = (m: ControlMode) => (m === 'page' ? t('modePage') : t('modeDesktop'));
  return (
    // data-input-connection: whether page control's own input connection is open ('own'; input moves to it once
    // what went before on the screen's connection was answered) or not ('shared'), for tests and support.
    <section className="control-panel" aria-label={t('title')} data-input-connection={granted && state.control?.mode === 'page' ? (state.pageInputOpen ? 'own' : 'shared') : undefined}>
      {granted ? (
        <div className="tool-group">
          <span className="control-live" role="status">
            <Icon name="control" />
            {state.control?.mode === 'desktop' ? tw('controllingDesktop') : tw('controllingPage')}
            {state.lastRoundTripMs !== null && <span className="muted"> · {t('roundTrip', { ms: format.number(state.lastRoundTripMs) })}</span>}
          </span>
          {state.control?.mode === 'desktop' && <ComboMenu control={control} />}
          <button type="button" className="danger small" data-testid="control-stop" onClick={() => void control.stop()}>{t('stop')}</button>
        </div>
      ) : state.control?.state === 'requested' ? (
        <div className="tool-group">
          <span className="control-waiting" role="status">{t('waiting', { customer: customerName })}</span>
          <button type="button" className="secondary small" data-testid="control-stop" onClick={() => void control.stop()}>{t('cancel')}</button>
        </div>
      ) : (
        <div className="split-button">
          <button
            type="button"
            className="secondary small control-request"
            data-testid="control-request"
            disabled={!allowed || asking}
            onClick={() => void ask()}
            title={allowed ? `${tw('requestTitle', { mode: modeName(mode) })} (${keyOf('requestControl')})` : t('notAllowed')}
            aria-keyshortcuts={keyOf('requestControl')}
            aria-describedby="control-mode-now"
          >
            <Icon name="control" />
            {t('request')}
          </button>
          <span id="control-mode-now" className="visually-hidden">{allowed ? modeName(mode) : t('notAllowed')}</span>
          <Popover icon="caret" label={t('modeLabel')} testId="control-mode-menu" className="control-mode-menu">
            <label className="menu-field" htmlFor="control-mode">
              <span>{t('modeLabel')}</span>
              <select id="control-mode" data-testid="control-mode" value={choice} onChange={(e) => setChoice(e.target.value as ModeChoice)} disabled={!allowed}>
                <option value="auto">{tw('auto', { mode })}</option>
                <option value="page">{t('modePage')}</option>
                <option value="desktop">{t('modeDesktop')}</option>
              </select>
            </label>
          </Popover>
        </div>
      )}
      <ControlToast>
        {idle && state.ended && !state.problem && <p className="toast" role="status">{t(state.ended === 'declined' ? 'declined' : 'stopped', { customer: customerName })}</p>}
        {idle && state.problem && <p className="toast" role="status" data-testid="control-problem" data-problem={state.problem}>{tw(`problem.${state.problem}`, { customer: customerName })}</p>}
        {granted && state.control?.mode === 'desktop' && !state.helper && <p className="toast" role="status">{tw('helperWaiting', { customer: customerName })}</p>}
        {idle && allowed && choice !== 'auto' && mode === 'page' && !surface.sharing && !surface.cobrowse && <p className="toast muted">{t('pageNeedsShare')}</p>}
        {granted && state.refused && (
          <p className="toast" role="status" data-testid="control-refused" data-reason={state.refused}>{t(`refused.${state.refused}`)}</p>
        )}
      </ControlToast>
    </section>
  );
}

/** Lines about control over the top of the screen: they never push the screen down. */
function ControlToast({ children }: { children: React.ReactNode }) {
  return <div className="control-toasts" aria-live="polite">{children}</div>;
}

/** Keys the console's own operating system would take first (Ctrl+Alt+Del, Alt+Tab): sent from a menu instead. */
function ComboMenu({ control }: { control: TechnicianControl }) {
  const t = useTranslations('remoteControl');
  const [combo, setCombo] = useState<SpecialCombo>(SPECIAL_COMBOS[0]);
  return (
    <span className="tool-group">
      <label className="visually-hidden" htmlFor="control-combo">{t('comboLabel')}</label>
      <select id="control-combo" data-testid="control-combo" value={combo} onChange={(e) => setCombo(e.target.value as SpecialCombo)}>
        {SPECIAL_COMBOS.map((c) => <option key={c} value={c}>{t(`combos.${c}`)}</option>)}
      </select>
      <button type="button" className="secondary small" data-testid="control-combo-send" onClick={() => control.sink.send({ type: 'combo', combo })}>{t('comboSend')}</button>
    </span>
  );
}

/** The customer's Lifeline Helper: which computer it is, and what it tells about it (in the Details tab). */
export function HelperPanel({ control, rights }: { control: TechnicianControl; rights: { systemInfo: boolean; reboot: boolean; clipboardSync: boolean } }) {
  const t = useTranslations('remoteControl');
  const state = useSyncExternalStore(control.state.subscribe, control.state.get, control.state.get);
  if (!state.helper) return null;
  return (
    <div className="helper-panel" data-testid="helper-status" data-open={state.helperOpen ? 'yes' : 'no'}>
      <p className="muted">{t('helperConnected', { os: state.helper?.os ?? '', width: state.helper?.screen.width ?? 0, height: state.helper?.screen.height ?? 0 })}</p>
      <div className="row">
        {rights.systemInfo && (
          <button type="button" className="secondary small" data-testid="system-info" disabled={!state.helperOpen || state.pendingRequest !== null} onClick={() => control.requestSystemInfo()}>
            {t('systemInfo')}
          </button>
        )}
        {rights.clipboardSync && (
          <button
            type="button"
            className="secondary small"
            data-testid="clipboard-send"
            disabled={!state.helperOpen}
            onClick={() => void navigator.clipboard?.readText().then((text) => control.sendClipboard(text)).catch(() => undefined)}
          >
            {t('sendClipboard')}
          </button>
        )}
        {rights.reboot && (
          <button type="button" className="secondary small" data-testid="helper-reboot" disabled={!state.helperOpen || state.pendingRequest !== null} onClick={() => control.requestReboot()}>
            {t('reboot')}
          </button>
        )}
      </div>
      {state.helperNotice && <p className="muted" role="status">{t(`helperNotice.${state.helperNotice}`)}</p>}
      {/* The answer shows beside the screen (SystemInfoPanel); said here for screen readers. */}
      <p className="visually-hidden" role="status">{state.systemInfo ? t('info.arrived') : ''}</p>
    </div>
  );
}
