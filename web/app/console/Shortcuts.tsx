'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { useModal } from './use-modal';

/**
 * The console's keyboard shortcuts, listed once: the matcher, the tooltips and the `?` sheet read this table.
 * Plain keys never fire while the technician types in a field (only the ones with a modifier do), nor while
 * they control the customer's screen or have clicked into it: the keys are the customer's then.
 */
export const SHORTCUTS = [
  { action: 'newSession', keys: 'Alt+N', label: 'Alt + N' },
  { action: 'nextTab', keys: ']', label: ']' },
  { action: 'previousTab', keys: '[', label: '[' },
  { action: 'focusChat', keys: 'C', label: 'C' },
  { action: 'requestControl', keys: 'R', label: 'R' },
  { action: 'screenshot', keys: 'S', label: 'S' },
  { action: 'fullScreen', keys: 'F', label: 'F' },
  { action: 'fit', keys: '1', label: '1' },
  { action: 'actualSize', keys: '2', label: '2' },
  { action: 'draw', keys: 'D', label: 'D' },
  { action: 'help', keys: '?', label: '?' },
] as const;

export type ShortcutAction = (typeof SHORTCUTS)[number]['action'];

/** The key of an action, as tooltips and aria-keyshortcuts write it. */
export const keyOf = (action: ShortcutAction): string => SHORTCUTS.find((s) => s.action === action)!.keys;

const PLAIN: Record<string, ShortcutAction> = { ']': 'nextTab', '[': 'previousTab', c: 'focusChat', r: 'requestControl', s: 'screenshot', f: 'fullScreen', '1': 'fit', '2': 'actualSize', d: 'draw', '?': 'help' };

/** Which shortcut a key press is, or null (typing in a field, a dialog open, another modifier). */
export function shortcutOf(event: KeyboardEvent): ShortcutAction | null {
  if (event.defaultPrevented || event.isComposing || event.repeat) return null;
  const target = typeof (event.target as Element | null)?.closest === 'function' ? (event.target as Element) : null;
  if (target?.closest('dialog[open]')) return null;
  // Alt+N by its physical key: on a Mac, Option changes the character.
  if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyN') return 'newSession';
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  if (target?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return null;
  // The technician clicked into the customer's screen, as they do to type to the customer: letters typed there
  // reach nobody once control ended, rather than asking for control or taking a screenshot.
  if (target?.closest('[data-keys="remote"]')) return null;
  return PLAIN[event.key.toLowerCase()] ?? null;
}

/** Calls `handle` for each shortcut pressed; it returns whether it did something (then the key is used up). */
export function useShortcuts(handle: (action: ShortcutAction) => boolean): void {
  const latest = useRef(handle);
  latest.current = handle;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutOf(event);
      if (action && latest.current(action)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The `?` sheet: every shortcut and what it does. */
export function ShortcutsSheet({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTranslations('workspace.shortcuts');
  const dialog = useModal(open);
  return (
    <dialog ref={dialog} className="dialog card" aria-labelledby="shortcuts-title" data-testid="shortcuts-sheet" onClose={onClose}>
      <h2 id="shortcuts-title">{t('title')}</h2>
      <p className="muted field-hint">{t('hint')}</p>
      <dl className="shortcut-list">
        {SHORTCUTS.map((s) => (
          <div key={s.action}>
            <dt><kbd>{s.label}</kbd></dt>
            <dd>{t(s.action)}</dd>
          </div>
        ))}
      </dl>
      <div className="row dialog-actions">
        <button type="button" className="secondary" onClick={onClose} autoFocus>{t('close')}</button>
      </div>
    </dialog>
  );
}
