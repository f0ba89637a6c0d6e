'use client';

import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Icon, type IconName } from './Icons';

/**
 * A button that opens a small panel under it (stats, the overflow menu, console settings). The panel stays in
 * the page while closed (hidden), so what it shows keeps updating and a form in it keeps what was typed.
 * Escape or a click elsewhere closes it; Escape gives the focus back to the button.
 */
export function Popover({ icon, label, shortcut, testId, panelTestId, align = 'end', children, className }: {
  icon: IconName;
  label: string;
  /** Shown in the tooltip: the key that does the same. */
  shortcut?: string;
  testId: string;
  panelTestId?: string;
  align?: 'start' | 'end';
  className?: string;
  children: ReactNode | ((close: () => void) => ReactNode);
}) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    const away = (event: PointerEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    const key = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', away);
    box.current?.addEventListener('keydown', key);
    const element = box.current;
    return () => {
      document.removeEventListener('pointerdown', away);
      element?.removeEventListener('keydown', key);
    };
  }, [open]);
  const close = () => setOpen(false);
  return (
    <div className={`popover${className ? ` ${className}` : ''}`} ref={box}>
      <button
        ref={button}
        type="button"
        className="icon-button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={label}
        title={shortcut ? `${label} (${shortcut})` : label}
        data-testid={testId}
        onClick={() => setOpen(!open)}
      >
        <Icon name={icon} />
      </button>
      <div id={id} className={`popover-panel card align-${align}`} hidden={!open} data-testid={panelTestId} role="group" aria-label={label}>
        {typeof children === 'function' ? children(close) : children}
      </div>
    </div>
  );
}

/** An icon button of the toolbar: its name in the tooltip and for screen readers, with its key. */
export function IconButton({ icon, label, shortcut, testId, pressed, disabled, onClick, className }: {
  icon: IconName;
  label: string;
  shortcut?: string;
  testId?: string;
  pressed?: boolean;
  disabled?: boolean;
  className?: string;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={`icon-button${className ? ` ${className}` : ''}`}
      aria-label={label}
      title={shortcut ? `${label} (${shortcut})` : label}
      aria-pressed={pressed}
      aria-keyshortcuts={shortcut}
      disabled={disabled}
      data-testid={testId}
      onClick={onClick}
    >
      <Icon name={icon} />
    </button>
  );
}
