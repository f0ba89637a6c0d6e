import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { Role } from '../../core/model';
import { Avatar } from './Avatar';
import { Brand } from './Brand';
import { LanguageSelect } from './LanguageSelect';
import { SignOutButton } from './SignOutButton';
import { ThemeToggle } from './ThemeToggle';

export type FramePage = 'sessions' | 'log' | 'admin' | 'channels' | 'reports' | 'outbox' | 'audit' | 'settings' | 'account' | 'other';

/**
 * The one top bar of every staff page, the live console included: brand, the pages (the current one marked),
 * who you are (picture or initials, and the name customers see), language, theme, sign out. `status` is the
 * place beside the name for the person's availability; `notice` a short live word (the console's "connecting").
 * Its words are in the console area, which the console, admin and account layouts all hand the browser.
 */
export function StaffTopbar({ organisationName, user, avatarUrl, current, status, notice, hiddenTitle }: {
  organisationName: string;
  user: { name: string; nickname?: string; role: Role };
  avatarUrl?: string | null;
  current: FramePage;
  status?: ReactNode;
  notice?: ReactNode;
  /** The page's h1 for screen readers, when the page shows none (the live console): inside the banner landmark. */
  hiddenTitle?: string;
}) {
  const t = useTranslations('nav');
  const isAdmin = user.role !== 'technician';
  const links: { href: string; label: string; page: FramePage; show: boolean; testId?: string }[] = [
    { href: '/console', label: t('sessions'), page: 'sessions', show: true, testId: 'sessions-link' },
    { href: '/console/log', label: t('sessionLog'), page: 'log', show: true, testId: 'session-log-link' },
    { href: '/admin', label: t('adminCenter'), page: 'admin', show: isAdmin, testId: 'admin-link' },
    { href: '/account', label: t('account'), page: 'account', show: true, testId: 'account-link' },
  ];
  // The admin center's own pages: a second row while inside it, so the console's bar stays one line.
  const adminPages: { href: string; label: string; page: FramePage; show: boolean; testId?: string }[] = [
    { href: '/admin', label: t('organisation'), page: 'admin', show: true },
    { href: '/admin/channels', label: t('channels'), page: 'channels', show: true, testId: 'channels-nav' },
    { href: '/admin/reports', label: t('reports'), page: 'reports', show: true },
    { href: '/admin/audit', label: t('activityLog'), page: 'audit', show: true },
    { href: '/admin/outbox', label: t('outbox'), page: 'outbox', show: user.role === 'master_admin' },
    { href: '/admin/settings', label: t('settings'), page: 'settings', show: user.role === 'master_admin' },
  ];
  const inAdmin = isAdmin && adminPages.some((p) => p.page === current);
  const shown = user.nickname || user.name;
  const visible = links.filter((l) => l.show);
  return (
    <header className="topbar staff-topbar">
      {hiddenTitle && <h1 className="visually-hidden">{hiddenTitle}</h1>}
      <div className="row">
        <Brand name={organisationName} />
        <nav aria-label={t('pages')} className="frame-nav" data-testid="staff-nav">
          {visible.map((l) => (
            <a key={l.href} href={l.href} aria-current={current === l.page ? 'page' : l.page === 'admin' && inAdmin ? 'true' : undefined} data-testid={l.testId}>{l.label}</a>
          ))}
        </nav>
      </div>
      <div className="row">
        {notice}
        <span className="topbar-user" title={shown === user.name ? shown : `${shown} (${user.name})`}>
          <Avatar name={shown} src={avatarUrl} size={28} />
          <span className="topbar-name" data-testid="topbar-name">{shown}</span>
        </span>
        {status}
        <LanguageSelect account />
        <ThemeToggle account />
        <SignOutButton />
      </div>
      {inAdmin && (
        <nav aria-label={t('adminPages')} className="frame-nav staff-subnav" data-testid="admin-nav">
          {adminPages.filter((p) => p.show).map((p) => (
            <a key={p.href} href={p.href} aria-current={current === p.page ? 'page' : undefined} data-testid={p.testId}>{p.label}</a>
          ))}
        </nav>
      )}
    </header>
  );
}
