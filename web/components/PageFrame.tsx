import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { Role } from '../../core/model';
import { Brand } from './Brand';
import { LanguageSelect } from './LanguageSelect';
import { SignOutButton } from './SignOutButton';
import { ThemeToggle } from './ThemeToggle';

export type FramePage = 'log' | 'admin' | 'channels' | 'reports' | 'outbox' | 'audit' | 'settings' | 'account' | 'other';

/**
 * The console's pages beyond the live console: one top bar (brand, pages, who you are, language, theme, sign
 * out). Its words are in the console area, which the console, admin and account layouts all hand the browser.
 */
export function PageFrame({ organisationName, user, current, children }: {
  organisationName: string;
  user: { name: string; role: Role };
  current: FramePage;
  children: ReactNode;
}) {
  const t = useTranslations('nav');
  const links: { href: string; label: string; page: FramePage; show: boolean; testId?: string }[] = [
    { href: '/console', label: t('sessions'), page: 'other', show: true },
    { href: '/console/log', label: t('sessionLog'), page: 'log', show: true },
    { href: '/admin', label: t('adminCenter'), page: 'admin', show: user.role !== 'technician' },
    { href: '/admin/channels', label: t('channels'), page: 'channels', show: user.role !== 'technician', testId: 'channels-nav' },
    { href: '/admin/reports', label: t('reports'), page: 'reports', show: user.role !== 'technician' },
    { href: '/admin/audit', label: t('activityLog'), page: 'audit', show: user.role !== 'technician' },
    { href: '/admin/outbox', label: t('outbox'), page: 'outbox', show: user.role === 'master_admin' },
    { href: '/admin/settings', label: t('settings'), page: 'settings', show: user.role === 'master_admin' },
    { href: '/account', label: t('account'), page: 'account', show: true },
  ];
  return (
    <div className="frame-page">
      <header className="topbar">
        <div className="row">
          <Brand name={organisationName} />
          <nav aria-label={t('pages')} className="frame-nav">
            {links.filter((l) => l.show).map((l) => (
              <a key={l.href} href={l.href} aria-current={current === l.page ? 'page' : undefined} data-testid={l.testId}>{l.label}</a>
            ))}
          </nav>
        </div>
        <div className="row">
          <span>{user.name}</span>
          <LanguageSelect />
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      <main className="frame-main">{children}</main>
    </div>
  );
}
