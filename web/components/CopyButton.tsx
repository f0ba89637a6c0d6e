'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';

/** Copies a value; `label` names what is copied, for screen readers ("Copy code"). */
export function CopyButton({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const t = useTranslations('shared');
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  }
  return (
    <button type="button" className="secondary small" onClick={copy} data-testid={testId} aria-label={label}>
      {copied ? t('copied') : t('copy')}
    </button>
  );
}
