'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { saveForAccount } from '../lib/account-preferences';

type Theme = 'light' | 'dark';

/**
 * Light and dark themes; the choice is kept in this browser (layout.tsx applies it before the first paint) and,
 * on staff pages (`account`), saved for the signed-in person so it follows them to another browser.
 */
export function ThemeToggle({ account = false }: { account?: boolean }) {
  const t = useTranslations('common');
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => {
    setTheme(document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');
  }, []);
  if (!theme) return null;
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="ghost small"
      onClick={() => {
        document.documentElement.dataset.theme = next;
        localStorage.setItem('lifeline.theme', next);
        setTheme(next);
        if (account) void saveForAccount({ theme: next });
      }}
      aria-label={t('switchTheme', { theme: next })}
    >
      {theme === 'dark' ? t('themeToLight') : t('themeToDark')}
    </button>
  );
}
