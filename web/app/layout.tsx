import type { Metadata, Viewport } from 'next';
import { getLocale } from 'next-intl/server';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AreaMessages } from '../i18n/AreaMessages';
import { THEME_SCRIPT } from '../lib/theme-script';
import { requestNonce } from '../server/security-headers';
import { viewerPreferences } from '../server/viewer-preferences';
import './globals.css';

export const metadata: Metadata = {
  title: 'Lifeline remote support',
  description: 'Get help from a technician: type your code, consent, and share your screen.',
  referrer: 'no-referrer',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The language of every page: the person's choice, else their browser's (web/i18n/request.ts).
  const locale = await getLocale();
  // The page's Content-Security-Policy runs only scripts with this request's nonce (web/server/security-headers.ts);
  // Next puts it on its own scripts, this one is ours.
  const nonce = requestNonce(await headers());
  // A signed-in person's saved theme wins over this browser's (THEME_SCRIPT reads it before the first paint).
  const theme = (await viewerPreferences())?.theme ?? undefined;
  return (
    <html lang={locale} data-account-theme={theme} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <AreaMessages areas={['customer']}>{children}</AreaMessages>
      </body>
    </html>
  );
}
