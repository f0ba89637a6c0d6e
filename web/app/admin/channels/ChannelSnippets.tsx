'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Channel } from '../../../../core/channels/channel';

/** The three ways in: the hosted form's link, the widget for the company's site, and its code-only form. */
export function ChannelSnippets({ channel, publicUrl }: { channel: Channel; publicUrl: string }) {
  const t = useTranslations('channels');
  const link = `${publicUrl}/c/${channel.slug}`;
  const widget = `<script src="${publicUrl}/widget.js" data-channel="${channel.slug}" async></script>`;
  const code = `<script src="${publicUrl}/widget.js" data-channel="${channel.slug}" data-mode="code" async></script>`;
  return (
    <section className="card channel-snippets" aria-labelledby="channel-snippets-title">
      <h2 id="channel-snippets-title">{t('waysIn')}</h2>
      <Copyable label={t('link')} hint={t('linkHint')} value={link} testId="channel-link" copyTestId="channel-link-copy" href={link} />
      <Copyable label={t('snippet')} hint={channel.allowedOrigins.length ? t('snippetHint') : t('snippetNoOrigins')} value={widget} testId="channel-snippet" copyTestId="channel-snippet-copy" />
      <Copyable label={t('codeSnippet')} hint={t('codeSnippetHint')} value={code} testId="channel-code-snippet" copyTestId="channel-code-snippet-copy" />
    </section>
  );
}

function Copyable({ label, hint, value, testId, copyTestId, href }: { label: string; hint: string; value: string; testId: string; copyTestId: string; href?: string }) {
  const t = useTranslations('channels');
  const [copied, setCopied] = useState(false);
  return (
    <div className="field">
      <div className="spread">
        <strong>{label}</strong>
        <button type="button" className="secondary" data-testid={copyTestId}
          onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false))}>
          {copied ? t('copied') : t('copy')}
        </button>
      </div>
      {href ? (
        <a className="command" href={href} target="_blank" rel="noreferrer" data-testid={testId}>{value}</a>
      ) : (
        <code className="command" data-testid={testId}>{value}</code>
      )}
      <p className="field-hint">{hint}</p>
    </div>
  );
}
