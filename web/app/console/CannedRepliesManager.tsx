'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import type { CannedReplyView } from '../../../protocol';
import { FieldProblem, fieldProblemProps, type FormProblem, FormProblemText, useFormProblem } from '../../components/FormErrors';
import type { TechnicianClient } from '../../../client/technician-client';

/** Add and remove canned replies; in chat, "/" opens the picker (CannedPicker). */
export function CannedRepliesManager({ client, replies, canShare }: { client: TechnicianClient; replies: CannedReplyView[]; canShare: boolean }) {
  const t = useTranslations('canned');
  const problemOf = useFormProblem();
  const [keyword, setKeyword] = useState('');
  const [text, setText] = useState('');
  const [shared, setShared] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);

  async function add(event: FormEvent) {
    event.preventDefault();
    const outcome = await client.saveCanned({ keyword, text, shared });
    setProblem(outcome.ok ? null : problemOf(outcome));
    if (outcome.ok) {
      setKeyword('');
      setText('');
      setShared(false);
    }
  }

  return (
    <details className="canned" data-testid="canned-replies">
      <summary>{t('title', { count: replies.length })}</summary>
      <p className="field-hint">{t('hint')}</p>
      <ul className="canned-list">
        {replies.map((reply) => (
          <li key={reply.id} className="spread">
            <span>
              <strong>/{reply.keyword}</strong> {reply.shared && <span className="badge">{t('everyone')}</span>}
              <span className="muted canned-text"> {reply.text}</span>
            </span>
            {(!reply.shared || canShare) && (
              <button type="button" className="ghost small" onClick={() => void client.deleteCanned(reply.id)} aria-label={t('delete', { keyword: reply.keyword })}>
                ✕
              </button>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="canned-form" aria-label={t('formLabel')}>
        <label htmlFor="canned-keyword">{t('keyword')}</label>
        <input id="canned-keyword" data-testid="canned-keyword" value={keyword} onChange={(e) => setKeyword(e.target.value)} placeholder={t('keywordPlaceholder')} maxLength={24} required
          {...fieldProblemProps(problem, 'keyword', 'canned-keyword')} />
        <FieldProblem problem={problem} field="keyword" id="canned-keyword" />
        <label htmlFor="canned-text">{t('text')}</label>
        <textarea id="canned-text" data-testid="canned-text" value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={2000} required
          {...fieldProblemProps(problem, 'text', 'canned-text')} />
        <FieldProblem problem={problem} field="text" id="canned-text" />
        {canShare && (
          <label className="row checkbox">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
            <span>{t('forEveryone')}</span>
          </label>
        )}
        <FormProblemText problem={problem} fields={['keyword', 'text']} />
        <button type="submit" className="secondary small" data-testid="canned-save">{t('save')}</button>
      </form>
    </details>
  );
}
