'use client';

import { useTranslations } from 'next-intl';
import { type KeyboardEvent, useEffect, useState } from 'react';

export interface CannedReply {
  keyword: string;
  text: string;
}

const MAX_SHOWN = 8;

/** The replies a "/query" brings up: keywords that start with it first, then any that contain it. */
export function cannedMatches(replies: CannedReply[], query: string): CannedReply[] {
  const q = query.toLowerCase();
  const starts = replies.filter((r) => r.keyword.toLowerCase().startsWith(q));
  const contains = replies.filter((r) => !starts.includes(r) && (r.keyword.toLowerCase().includes(q) || r.text.toLowerCase().includes(q)));
  return [...starts, ...contains].slice(0, MAX_SHOWN);
}

export interface CannedPickerState {
  open: boolean;
  options: CannedReply[];
  active: number;
  pick: (reply: CannedReply) => void;
  setActive: (index: number) => void;
  /** True when the key was the picker's (arrows, Enter, Tab, Escape while open). */
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => boolean;
  listId: string;
}

/**
 * Canned replies from inside the chat box: "/" at the start opens the list, typing filters it, arrows move,
 * Enter or Tab inserts the reply's text for a last look before sending, Escape closes; a click works too.
 */
export function useCannedPicker(text: string, replies: CannedReply[] | undefined, insert: (text: string) => void, listId: string): CannedPickerState {
  const query = replies ? /^\/(\S*)$/.exec(text)?.[1] : undefined;
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const options = query !== undefined && replies ? cannedMatches(replies, query) : [];
  const open = query !== undefined && dismissed !== text && options.length > 0;
  useEffect(() => setActive(0), [query]);
  const pick = (reply: CannedReply) => insert(reply.text);
  return {
    open,
    options,
    active: Math.min(active, Math.max(0, options.length - 1)),
    pick,
    setActive,
    listId,
    onKeyDown(event) {
      if (!open) return false;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (Math.min(i, options.length - 1) + step + options.length) % options.length);
      } else if (event.key === 'Enter' || event.key === 'Tab') {
        pick(options[Math.min(active, options.length - 1)]);
      } else if (event.key === 'Escape') {
        setDismissed(text);
      } else {
        return false;
      }
      event.preventDefault();
      return true;
    },
  };
}

/** The list over the chat box while the picker is open. */
export function CannedList({ picker, hintId }: { picker: CannedPickerState; hintId: string }) {
  const t = useTranslations('chat');
  const tp = useTranslations('cannedPicker');
  if (!picker.open) return null;
  const current = picker.options[picker.active];
  return (
    <div className="canned-picker">
      <ul id={picker.listId} role="listbox" aria-label={tp('label')} data-testid="canned-picker">
        {picker.options.map((reply, index) => (
          <li
            key={reply.keyword}
            id={`${picker.listId}-${index}`}
            role="option"
            aria-selected={index === picker.active}
            data-testid="canned-option"
            onMouseDown={(event) => event.preventDefault()}
            onMouseEnter={() => picker.setActive(index)}
            onClick={() => picker.pick(reply)}
          >
            <strong>/{reply.keyword}</strong> <span className="muted">{reply.text}</span>
          </li>
        ))}
      </ul>
      {current && (
        <p id={hintId} className="muted canned-hint" data-testid="canned-hint">
          {t('tabInserts', { text: current.text.length > 60 ? `${current.text.slice(0, 60)}…` : current.text })} {tp('keys')}
        </p>
      )}
    </div>
  );
}
