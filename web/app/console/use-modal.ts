'use client';

import { type RefObject, useEffect, useRef } from 'react';

/** A `<dialog>` shown modal while `open` (focus kept inside, Escape closes it and fires its close event). */
export function useModal(open: boolean): RefObject<HTMLDialogElement | null> {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return dialog;
}
