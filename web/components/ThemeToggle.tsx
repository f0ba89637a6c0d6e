'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

type Theme = 'light' | 'dark';

/** Light and dark themes; the choice is kept in this browser (layout.tsx applies it before the first paint). */
export function ThemeToggle() {
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
      }}
      aria-label={t('switchTheme', { theme: next })}
    >
      {theme === 'dark' ? t('themeToLight') : t('themeToDark')}
    </button>
  );
}
