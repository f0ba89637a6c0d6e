'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { type ReactNode, useState } from 'react';
import { type ChainVerdict, chainVerdictSchema } from '../../../../../core/support/event-chain';

type Check = { state: 'idle' | 'checking' | 'failed' } | { state: 'done'; verdict: ChainVerdict };

/**
 * The "Verify" button of a session's log: asks the server to walk the session's hash chain and says whether the
 * log is as it was written or which event broke it (numbered as the timeline below lists them).
 */
export function VerifyLog({ sessionId }: { sessionId: string }) {
  const t = useTranslations('sessionLog');
  const format = useFormatter();
  const [check, setCheck] = useState<Check>({ state: 'idle' });

  async function verify() {
    setCheck({ state: 'checking' });
    try {
      const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/log/verify`, { cache: 'no-store' });
      const body = (await response.json()) as { verdict?: unknown };
      const verdict = chainVerdictSchema.safeParse(body.verdict);
      setCheck(response.ok && verdict.success ? { state: 'done', verdict: verdict.data } : { state: 'failed' });
    } catch {
      setCheck({ state: 'failed' });
    }
  }

  let result: ReactNode = '';
  if (check.state === 'checking') result = t('verify.checking');
  else if (check.state === 'failed') result = t('verify.failed');
  else if (check.state === 'done') {
    const { verdict } = check;
    const earlier = verdict.unchained > 0 ? ` ${t('verify.unchained', { count: verdict.unchained })}` : '';
    if (verdict.ok) result = t('verify.intact', { count: verdict.events - verdict.unchained }) + earlier;
    else {
      const { index, type, at } = verdict.brokenAt;
      result = (
        <>
          {t.rich('verify.broken', {
            reason: verdict.reason,
            index,
            kind: t('verify.kind', { type }),
            time: format.dateTime(at, { timeStyle: 'medium' }),
            // The timeline below numbers its entries the same way (Timeline.tsx): the link goes to the one named.
            event: (chunks) => <a href={`#event-${index}`}>{chunks}</a>,
          })}
          {earlier}
        </>
      );
    }
  }
  const broken = check.state === 'failed' || (check.state === 'done' && !check.verdict.ok);

  return (
    <div className="log-verify">
      <button type="button" className="secondary" data-testid="log-verify" onClick={() => void verify()} disabled={check.state === 'checking'}>
        {t('verify.button')}
      </button>
      <p
        role="status"
        className={broken ? 'error' : 'muted'}
        data-testid="log-verify-result"
        data-state={check.state === 'done' ? (check.verdict.ok ? 'intact' : 'broken') : check.state}
      >
        {result}
      </p>
    </div>
  );
}
