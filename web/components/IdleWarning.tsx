'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

/** "Nothing happened for a while": how long until the session closes, and a way to keep it open. */
export function IdleWarning({ closesAt, onKeepAlive }: { closesAt: number; onKeepAlive: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const t = useTranslations('join');
  const seconds = Math.max(0, Math.round((closesAt - now) / 1000));
  return (
    <section className="card notice" role="alert" data-testid="idle-warning">
      <p>{seconds >= 120 ? t('idleWarningMinutes', { minutes: Math.round(seconds / 60) }) : t('idleWarning', { seconds })}</p>
      <button type="button" onClick={onKeepAlive} data-testid="idle-keep-alive">
        {t('keepOpen')}
      </button>
    </section>
  );
}
