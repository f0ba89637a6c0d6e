import type { Metadata, Viewport } from 'next';
import { getLocale } from 'next-intl/server';
import type { ReactNode } from 'react';
import { AreaMessages } from '../i18n/AreaMessages';
import './globals.css';

export const metadata: Metadata = {
  title: 'Lifeline remote support',
  description: 'Get help from a technician: type your code, consent, and share your screen.',
  referrer: 'no-referrer',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Applies the theme before the first paint (the saved choice, else the system's), so a dark-theme user never
// sees a white flash.
const themeScript = `(function(){var t=null;try{t=localStorage.getItem('lifeline.theme')}catch(e){}if(t!=='light'&&t!=='dark')t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light';document.documentElement.dataset.theme=t})()`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The language of every page: the person's choice, else their browser's (web/i18n/request.ts).
  const locale = await getLocale();
  return (
    <html lang={locale} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <AreaMessages areas={['customer']}>{children}</AreaMessages>
      </body>
    </html>
  );
}
