'use client';

import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../../signaling/protocol';

/**
 * Chat log and input, shared by console and join page. Messages are rendered as text nodes only: whatever a
 * participant types can never become markup.
 */
export function ChatPanel({
  messages,
  me,
  onSend,
  disabled,
  placeholder,
}: {
  messages: ChatMessage[];
  me: 'technician' | 'customer';
  onSend: (text: string) => Promise<boolean>;
  disabled?: boolean;
  placeholder?: string;
}) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const logRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight });
  }, [messages.length]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = text.trim();
    if (!body || sending) return;
    setSending(true);
    if (await onSend(body)) setText('');
    setSending(false);
  }

  return (
    <section className="chat" aria-label="Chat">
      <h2>Chat</h2>
      <ol className="chat-log" data-testid="chat-log" ref={logRef} aria-live="polite" style={{ listStyle: 'none', margin: 0, paddingLeft: 0 }}>
        {messages.length === 0 && <li className="muted">No messages yet.</li>}
        {messages.map((message) => (
          <li key={message.id} className={`chat-message${message.from === me ? ' mine' : ''}`} data-testid="chat-message">
            <span className="chat-meta">
              {message.author} · {new Date(message.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
            </span>
            {message.text}
          </li>
        ))}
      </ol>
      <form className="chat-form" onSubmit={submit}>
        <label htmlFor={`chat-input-${me}`} className="visually-hidden">Message</label>
        <input
          id={`chat-input-${me}`}
          data-testid="chat-input"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder={placeholder ?? 'Type a message'}
          maxLength={4000}
          autoComplete="off"
          disabled={disabled}
        />
        <button type="submit" data-testid="chat-send" disabled={disabled || sending || !text.trim()}>
          Send
        </button>
      </form>
    </section>
  );
}
