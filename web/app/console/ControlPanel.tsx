'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { type ControlMode, SPECIAL_COMBOS, type SpecialCombo } from '../../../protocol';
import { captureRemoteInput } from '../../../input/input-capture';
import type { TechnicianControl } from '../../../client/technician-control';

/**
 * Remote control in the console: ask for the customer's page (co-browse) or whole desktop (the helper), see
 * whether they allowed it, stop it; while it is on, the customer's screen takes the mouse and keyboard.
 */
export function ControlPanel({
  control,
  customerName,
  video,
  allowed,
  customerSharing,
  helperRights,
}: {
  control: TechnicianControl;
  customerName: string;
  video: HTMLVideoElement | null;
  /** The group's "start remote control" right. */
  allowed: boolean;
  customerSharing: boolean;
  /** What the group allows the helper to do besides input (the helper refuses the rest itself too). */
  helperRights: { systemInfo: boolean; reboot: boolean; clipboardSync: boolean };
}) {
  const t = useTranslations('remoteControl');
  const format = useFormatter();
  const state = useSyncExternalStore(control.state.subscribe, control.state.get, control.state.get);
  const [mode, setMode] = useState<ControlMode>('page');
  const [asking, setAsking] = useState(false);
  const granted = state.control?.state === 'granted';

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

  return (
    // data-input-connection: whether page control's own input connection is open ('own'; input moves to it once
    // what went before on the screen's connection was answered) or not ('shared'), for tests and support.
    <section className="control-panel" aria-label={t('title')} data-input-connection={granted && state.control?.mode === 'page' ? (state.pageInputOpen ? 'own' : 'shared') : undefined}>
      {granted ? (
        <div className="row">
          <strong role="status">{state.control?.mode === 'desktop' ? t('controllingDesktop', { customer: customerName }) : t('controllingPage', { customer: customerName })}</strong>
          <button type="button" className="danger small" data-testid="control-stop" onClick={() => void control.stop()}>{t('stop')}</button>
          {state.lastRoundTripMs !== null && <span className="muted">{t('roundTrip', { ms: format.number(state.lastRoundTripMs) })}</span>}
          {state.control?.mode === 'desktop' && <ComboMenu control={control} />}
        </div>
      ) : state.control?.state === 'requested' ? (
        <div className="row">
          <span role="status">{t('waiting', { customer: customerName })}</span>
          <button type="button" className="secondary small" data-testid="control-stop" onClick={() => void control.stop()}>{t('cancel')}</button>
        </div>
      ) : (
        <div className="row">
          <label className="visually-hidden" htmlFor="control-mode">{t('modeLabel')}</label>
          <select id="control-mode" data-testid="control-mode" value={mode} onChange={(e) => setMode(e.target.value as ControlMode)} disabled={!allowed}>
            <option value="page">{t('modePage')}</option>
            <option value="desktop">{t('modeDesktop')}</option>
          </select>
          <button type="button" className="secondary small" data-testid="control-request" disabled={!allowed || asking} onClick={() => void ask()} aria-describedby={allowed ? undefined : 'control-not-allowed'}>
            {t('request')}
          </button>
          {!allowed && <span id="control-not-allowed" className="muted">{t('notAllowed')}</span>}
          {allowed && mode === 'page' && !customerSharing && <span className="muted">{t('pageNeedsShare')}</span>}
          {state.ended && <span className="muted" role="status">{t(state.ended === 'declined' ? 'declined' : 'stopped', { customer: customerName })}</span>}
        </div>
      )}
      {granted && state.refused && (
        <p className="muted" role="status" data-testid="control-refused" data-reason={state.refused}>{t(`refused.${state.refused}`)}</p>
      )}
      {state.helper && <HelperPanel control={control} rights={helperRights} />}
    </section>
  );
}

/** Keys the console's own operating system would take first (Ctrl+Alt+Del, Alt+Tab): sent from a menu instead. */
function ComboMenu({ control }: { control: TechnicianControl }) {
  const t = useTranslations('remoteControl');
  const [combo, setCombo] = useState<SpecialCombo>(SPECIAL_COMBOS[0]);
  return (
    <span className="row">
      <label className="visually-hidden" htmlFor="control-combo">{t('comboLabel')}</label>
      <select id="control-combo" data-testid="control-combo" value={combo} onChange={(e) => setCombo(e.target.value as SpecialCombo)}>
        {SPECIAL_COMBOS.map((c) => <option key={c} value={c}>{t(`combos.${c}`)}</option>)}
      </select>
      <button type="button" className="secondary small" data-testid="control-combo-send" onClick={() => control.sink.send({ type: 'combo', combo })}>{t('comboSend')}</button>
    </span>
  );
}

/** The customer's Lifeline Helper: which computer it is, and what it tells about it. */
function HelperPanel({ control, rights }: { control: TechnicianControl; rights: { systemInfo: boolean; reboot: boolean; clipboardSync: boolean } }) {
  const t = useTranslations('remoteControl');
  const state = useSyncExternalStore(control.state.subscribe, control.state.get, control.state.get);
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
