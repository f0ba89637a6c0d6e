'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * A form's submit button with its success said right beside it, where the person clicked: a short note in a
 * place kept for it (nothing below moves), announced politely, gone after a few seconds. Refusals are not
 * notes: they stay next to their field (FormErrors).
 */
export function SaveRow({ label, note, disabled, testId, secondary }: { label: string; note: string | null; disabled?: boolean; testId?: string; secondary?: boolean }) {
  return (
    <div className="save-row">
      <button type="submit" disabled={disabled} data-testid={testId} className={secondary ? 'secondary' : undefined}>{label}</button>
      <span className="save-note" role="status" aria-live="polite" data-testid="save-status">{note ? <span className="save-note-text">✓ {note}</span> : null}</span>
    </div>
  );
}

/** The note a SaveRow shows: `show(text)` after a success; it clears itself. */
export function useSavedNote(ms = 8000): [string | null, (text: string | null) => void] {
  const [note, setNote] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const show = useCallback((text: string | null) => {
    if (timer.current) clearTimeout(timer.current);
    setNote(text);
    if (text) timer.current = setTimeout(() => setNote(null), ms);
  }, [ms]);
  return [note, show];
}
