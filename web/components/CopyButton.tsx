'use client';

import { useState } from 'react';

export function CopyButton({ value, label, testId }: { value: string; label: string; testId?: string }) {
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
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
