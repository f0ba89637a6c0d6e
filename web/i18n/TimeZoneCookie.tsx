'use client';

import { useTimeZone } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { TIME_ZONE_COOKIE } from './locales';
// Every Next page has this component: zod in its browser code must not probe for eval (our policy reports it).
import '../../protocol/zod-without-eval';

/**
 * Tells the server the browser's time zone (a cookie), so server-rendered dates and report periods are in the
 * reader's own time; re-renders once if the page was rendered in another zone (first visit, travel, a new laptop).
 */
export function TimeZoneCookie() {
  const router = useRouter();
  const rendered = useTimeZone();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    const current = document.cookie.split('; ').find((c) => c.startsWith(`${TIME_ZONE_COOKIE}=`))?.slice(TIME_ZONE_COOKIE.length + 1);
    if (current && decodeURIComponent(current) === zone) return;
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    if (!sameClock(zone, rendered ?? 'UTC')) router.refresh();
  }, [router, rendered]);
  return null;
}

/**
 * Two zone names that show the same times, now and half a year from now (summer and winter): "UTC" and
 * "Etc/UTC", or a browser naming the same zone as the server did. Re-rendering for them would change nothing.
 */
function sameClock(a: string, b: string): boolean {
  const offset = (zone: string, at: number) => new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
  const now = Date.now();
  const later = now + 182 * 24 * 60 * 60 * 1000;
  try {
    return offset(a, now) === offset(b, now) && offset(a, later) === offset(b, later);
  } catch {
    return a === b;
  }
}
