import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { type Area, namespacesOf } from '../messages/catalogue';

/** Hands the browser the words of some areas only, so the customer's pages stay light on a slow network. */
export async function AreaMessages({ areas, children }: { areas: readonly Area[]; children: ReactNode }) {
  const messages = await namespacesOf(await getMessages(), areas);
  return <NextIntlClientProvider messages={messages}>{children}</NextIntlClientProvider>;
}
