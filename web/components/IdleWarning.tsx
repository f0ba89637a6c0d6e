'use client';

import { useEffect, useState } from 'react';

/** "Nothing happened for a while": how long until the session closes, and a way to keep it open. */
export function IdleWarning({ closesAt, onKeepAlive }: { closesAt: number; onKeepAlive: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((closesAt - now) / 1000));
  const left = seconds >= 120 ? `${Math.round(seconds / 60)} minutes` : `${seconds} seconds`;
  return (
    <section className="card notice" role="alert" data-testid="idle-warning">
      <p>Nothing has happened in this session for a while. It will close in {left}.</p>
      <button type="button" onClick={onKeepAlive} data-testid="idle-keep-alive">
        Keep the session open
      </button>
    </section>
  );
}
