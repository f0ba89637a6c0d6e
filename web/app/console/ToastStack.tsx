'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useSyncExternalStore } from 'react';
import type { ConsoleToast } from '../../../client/console-toasts';
import type { TechnicianClient } from '../../../client/technician-client';

/** A toast leaves by itself after this long (the technician may dismiss it sooner, or open its session). */
export const TOAST_MS = 8_000;

/**
 * What happened in background sessions, in a small stack in a corner: announced politely (role=status), each
 * dismissable and hiding by itself; opening one brings its session to the front.
 */
export function ToastStack({ client }: { client: TechnicianClient }) {
  const toasts = useSyncExternalStore(client.toasts.state.subscribe, client.toasts.state.get, client.toasts.state.get);
  const t = useTranslations('console.toasts');
  return (
    <div className="toast-stack" role="status" aria-live="polite" aria-label={t('label')}>
      {toasts.map((toast) => <Toast key={toast.id} toast={toast} client={client} />)}
    </div>
  );
}

function Toast({ toast, client }: { toast: ConsoleToast; client: TechnicianClient }) {
  const t = useTranslations('console.toasts');
  useEffect(() => {
    const timer = setTimeout(() => client.toasts.dismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [client, toast.id]);
  const text = toast.kind === 'message' ? t('message', { customer: toast.customer, text: toast.detail ?? '' })
    : toast.kind === 'file' ? t('file', { customer: toast.customer, name: toast.detail ?? '' })
    : t(toast.kind, { customer: toast.customer });
  return (
    <div className="toast" data-testid="toast" data-kind={toast.kind} data-session-id={toast.sessionId}>
      <p className="toast-text">{text}</p>
      <div className="row">
        <button type="button" className="secondary small" onClick={() => void client.select(toast.sessionId)}>{t('open')}</button>
        <button type="button" className="ghost small" aria-label={t('dismiss')} onClick={() => client.toasts.dismiss(toast.id)}>✕</button>
      </div>
    </div>
  );
}
