'use client';

import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../../protocol';
import type { PendingMessage } from '../../client/chat-outbox';
import { CannedList, useCannedPicker } from './CannedPicker';

/** Typing stops counting after this long without a keystroke. */
const TYPING_IDLE_MS = 3000;

/**
 * Chat log and input, shared by console and join page. Messages are rendered as text nodes only: whatever a
 * participant types can never become markup.
 */
export function ChatPanel({
  messages,
  pending,
  me,
  onSend,
  onTyping,
  otherTyping,
  disabled,
  placeholder,
  canned,
  off,
  action,
  onEarlier,
  attach,
}: {
  messages: ChatMessage[];
  pending: PendingMessage[];
  me: 'technician' | 'customer';
  onSend: (text: string) => void;
  onTyping: (typing: boolean) => void;
  /** Name of the other side while they type. */
  otherTyping: string | null;
  disabled?: boolean;
  placeholder?: string;
  /** Technician: "/" opens the canned replies' picker; Enter or Tab inserts the one chosen. */
  canned?: { keyword: string; text: string }[];
  /** Chat is turned off in this session: why, in a sentence; nobody can send until it is turned on. */
  off?: string | null;
  /** Beside the heading: the technician's switch to turn chat on or off. */
  action?: ReactNode;
  /** Older messages than these exist: shows "earlier messages", which asks for the page before. */
  onEarlier?: () => void;
  /** Files in the conversation (the customer's page): a paperclip beside the input, and transfers above it. */
  attach?: { button: ReactNode; tray?: ReactNode };
}) {
  const [text, setText] = useState('');
  const logRef = useRef<HTMLOListElement>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // New messages bring the log to its end; a page of earlier ones keeps what the reader was looking at in place.
  const shown = useRef<{ firstId: number | undefined; height: number }>({ firstId: undefined, height: 0 });
  useEffect(() => {
    const log = logRef.current;
    if (!log) return;
    const firstId = messages[0]?.id;
    const before = shown.current;
    if (before.firstId !== undefined && firstId !== undefined && firstId < before.firstId) log.scrollTop += log.scrollHeight - before.height;
    else log.scrollTo({ top: log.scrollHeight });
    shown.current = { firstId, height: log.scrollHeight };
  }, [messages, pending.length]);

  function stopTyping() {
    if (!typingTimer.current) return;
    clearTimeout(typingTimer.current);
    typingTimer.current = null;
    onTyping(false);
  }

  function changed(value: string) {
    setText(value);
    if (!typingTimer.current) onTyping(true);
    else clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  const picker = useCannedPicker(text, canned, (reply) => changed(reply), `canned-list-${me}`);

  const t = useTranslations('chat');
  // In the reader's own time zone (messages only arrive in the browser, so server and browser never disagree).
  const locale = useLocale();

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    stopTyping();
    onSend(body);
    setText('');
  }

  return (
    <section className="chat" aria-label={t('title')}>
      <div className="spread">
        <h2>{t('title')}</h2>
        {action}
      </div>
      {off && <p className="muted" role="status" data-testid="chat-off">{off}</p>}
      {onEarlier && (
        <button type="button" className="secondary small" data-testid="chat-earlier" onClick={onEarlier}>
          {t('earlier')}
        </button>
      )}
      <ol className="chat-log" data-testid="chat-log" ref={logRef} aria-live="polite" style={{ listStyle: 'none', margin: 0, paddingLeft: 0 }}>
        {messages.length === 0 && pending.length === 0 && <li className="muted">{t('empty')}</li>}
        {messages.map((message) => (
          <li key={message.id} className={`chat-message${message.from === me ? ' mine' : ''}`} data-testid="chat-message">
            <span className="chat-meta">
              {message.author} · {new Date(message.at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })}
            </span>
            {message.text}
          </li>
        ))}
        {pending.map((message) => (
          <li key={message.clientId} className="chat-message mine pending" data-testid="chat-pending">
            <span className="chat-meta">{t('sending')}</span>
            {message.text}
          </li>
        ))}
      </ol>
      <p className="typing muted" aria-live="polite" data-testid="chat-typing">
        {otherTyping ? t('typing', { name: otherTyping }) : ''}
      </p>
      {attach?.tray}
      <form className="chat-form" onSubmit={submit}>
        {canned && <CannedList picker={picker} hintId={`canned-hint-${me}`} />}
        {attach?.button}
        <label htmlFor={`chat-input-${me}`} className="visually-hidden">{t('message')}</label>
        <input
          id={`chat-input-${me}`}
          data-testid="chat-input"
          value={text}
          onChange={(event) => changed(event.target.value)}
          onKeyDown={(event) => void picker.onKeyDown(event)}
          {...(canned ? { role: 'combobox', 'aria-autocomplete': 'list' as const, 'aria-expanded': picker.open, 'aria-controls': picker.listId } : {})}
          aria-activedescendant={picker.open ? `${picker.listId}-${picker.active}` : undefined}
          aria-describedby={picker.open ? `canned-hint-${me}` : undefined}
          placeholder={placeholder ?? t('placeholder')}
          maxLength={4000}
          autoComplete="off"
          disabled={disabled || Boolean(off)}
        />
        <button type="submit" data-testid="chat-send" disabled={disabled || Boolean(off) || !text.trim()}>
          {t('send')}
        </button>
      </form>
    </section>
  );
}
