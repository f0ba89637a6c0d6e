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
export function StaffTopbar({ organisationName, user, avatarUrl, current, status, notice }: {
  organisationName: string;
  user: { name: string; nickname?: string; role: Role };
  avatarUrl?: string | null;
  current: FramePage;
  status?: ReactNode;
  notice?: ReactNode;
}) {
  const t = useTranslations('nav');
  const links: { href: string; label: string; page: FramePage; show: boolean; testId?: string }[] = [
    { href: '/console', label: t('sessions'), page: 'sessions', show: true, testId: 'sessions-link' },
    { href: '/console/log', label: t('sessionLog'), page: 'log', show: true, testId: 'session-log-link' },
    { href: '/admin', label: t('adminCenter'), page: 'admin', show: user.role !== 'technician', testId: 'admin-link' },
    { href: '/admin/channels', label: t('channels'), page: 'channels', show: user.role !== 'technician', testId: 'channels-nav' },
    { href: '/admin/reports', label: t('reports'), page: 'reports', show: user.role !== 'technician' },
    { href: '/admin/audit', label: t('activityLog'), page: 'audit', show: user.role !== 'technician' },
    { href: '/admin/outbox', label: t('outbox'), page: 'outbox', show: user.role === 'master_admin' },
    { href: '/admin/settings', label: t('settings'), page: 'settings', show: user.role === 'master_admin' },
    { href: '/account', label: t('account'), page: 'account', show: true, testId: 'account-link' },
  ];
  const shown = user.nickname || user.name;
  const visible = links.filter((l) => l.show);
  return (
    // Many pages (an administrator's): the name gives its room to them on narrower screens; the picture stays.
    <header className={`topbar staff-topbar${visible.length > 5 ? ' many-pages' : ''}`}>
      <div className="row">
        <Brand name={organisationName} />
        <nav aria-label={t('pages')} className="frame-nav" data-testid="staff-nav">
          {visible.map((l) => (
            <a key={l.href} href={l.href} aria-current={current === l.page ? 'page' : undefined} data-testid={l.testId}>{l.label}</a>
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
    </header>
  );
}
