'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useModal } from './use-modal';

/**
 * Ending without a resolution, after a question: one stray click must not drop a customer. Escape or Cancel
 * keeps the session; the dialog says what ending does and points at Resolve, which keeps a note.
 */
export function EndSession({ customerName, onEnd }: { customerName: string; onEnd: () => Promise<void> | void }) {
  const t = useTranslations('workspace.end');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const dialog = useModal(open);
  async function end() {
    setBusy(true);
    try {
      await onEnd();
    } finally {
      setBusy(false);
      setOpen(false);
    }
  }
  return (
    <>
      <button type="button" className="danger small end-button" data-testid="end-session" onClick={() => setOpen(true)}>
        {t('button')}
      </button>
      <dialog ref={dialog} className="dialog card" aria-labelledby="end-title" aria-describedby="end-text" onClose={() => setOpen(false)}>
        <h2 id="end-title">{t('title', { customer: customerName })}</h2>
        <p id="end-text">{t('text', { customer: customerName })}</p>
        <div className="row dialog-actions">
          <button type="button" className="secondary" onClick={() => setOpen(false)} data-testid="end-cancel" autoFocus>{t('keep')}</button>
          <button type="button" className="danger" onClick={() => void end()} disabled={busy} data-testid="end-confirm">{t('confirm')}</button>
        </div>
      </dialog>
    </>
  );
}
