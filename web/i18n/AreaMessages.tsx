import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { type Area, namespacesOf } from '../messages/catalogue';
import { TimeZoneCookie } from './TimeZoneCookie';

/**
 * Hands the browser the words of some areas only, so the customer's pages stay light on a slow network.
 * `staff`: pages of signed-in people, whose server-rendered dates follow their browser's time zone.
 */
export async function AreaMessages({ areas, staff = false, children }: { areas: readonly Area[]; staff?: boolean; children: ReactNode }) {
  const messages = await namespacesOf(await getMessages(), areas);
  return (
    <NextIntlClientProvider messages={messages}>
      {staff && <TimeZoneCookie />}
      {children}
    </NextIntlClientProvider>
  );
}
