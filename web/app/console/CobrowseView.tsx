'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { CobrowseState } from '../../../protocol';
import type { TechnicianClient } from '../../../client/technician-client';

/**
 * Co-browse of the page the customer's widget is on: the button that asks for it, and once the customer agreed,
 * the live mirror of their page. With page control granted, clicks and typing on the mirror act on the real
 * page (by element, not by pixel); otherwise the mirror only shows.
 */
export function CobrowseView({ client, sessionId, cobrowse, customerName }: {
  client: TechnicianClient;
  sessionId: string;
  cobrowse: CobrowseState;
  customerName: string;
}) {
  const t = useTranslations('screen');
  const box = useRef<HTMLDivElement>(null);
  const [laser, setLaser] = useState(false);
  const manager = client.cobrowseFor(sessionId);
  const control = client.controlFor(sessionId);
  const granted = useSyncExternalStore(control.state.subscribe, () => {
    const c = control.state.get().control;
    return c?.state === 'granted' && c.mode === 'page';
  }, () => false);

  useEffect(() => {
    if (!cobrowse.active || !box.current) return;
    manager.mount(box.current);
    return () => manager.unmount();
  }, [cobrowse.active, manager]);
  useEffect(() => manager.current?.setPointer(laser ? 'laser' : 'control'), [laser, manager, cobrowse.active]);

  if (!cobrowse.active) return null;
  return (
    <section className="cobrowse" aria-label={t('cobrowseLabel', { customer: customerName })}>
      <div className="spread">
        <p className="muted" role="status">
          {!cobrowse.available ? t('cobrowseAway', { customer: customerName }) : granted ? (laser ? t('cobrowsePointing', { customer: customerName }) : t('cobrowseControlling')) : t('cobrowseWatching', { customer: customerName })}
        </p>
        {granted && (
          <button type="button" className="secondary small" aria-pressed={laser} data-testid="cobrowse-laser" onClick={() => setLaser(!laser)}>{t('cobrowseLaser')}</button>
        )}
      </div>
      <div ref={box} className={`cobrowse-view${granted ? ' controlling' : ''}`} data-testid="cobrowse-view" data-controlling={granted} />
    </section>
  );
}

/** In the toolbar while the customer is in the widget: ask to see the page they are on. */
export function CobrowseRequest({ client, sessionId, cobrowse, customerName, canRequest }: {
  client: TechnicianClient;
  sessionId: string;
  cobrowse: CobrowseState;
  customerName: string;
  canRequest: boolean;
}) {
  const t = useTranslations('screen');
  if (cobrowse.active || !cobrowse.available || !canRequest) return null;
  return (
    <button type="button" className="secondary small" data-testid="cobrowse-request" title={t('cobrowseHint', { customer: customerName })} onClick={() => void client.requestCobrowse(sessionId)}>
      {t('cobrowseRequest')}
    </button>
  );
}
