import type { ReactNode } from 'react';
import type { Role } from '../../core/model';
import { Brand } from './Brand';
import { SignOutButton } from './SignOutButton';
import { ThemeToggle } from './ThemeToggle';

export type FramePage = 'log' | 'admin' | 'reports' | 'outbox' | 'audit' | 'settings' | 'account' | 'other';

/** The console's pages beyond the live console: one top bar (brand, pages, who you are, theme, sign out). */
export function PageFrame({ organisationName, user, current, children }: {
  organisationName: string;
  user: { name: string; role: Role };
  current: FramePage;
  children: ReactNode;
}) {
  const links: { href: string; label: string; page: FramePage; show: boolean }[] = [
    { href: '/console', label: 'Sessions', page: 'other', show: true },
    { href: '/console/log', label: 'Session log', page: 'log', show: true },
    { href: '/admin', label: 'Admin center', page: 'admin', show: user.role !== 'technician' },
    { href: '/admin/reports', label: 'Reports', page: 'reports', show: user.role !== 'technician' },
    { href: '/admin/audit', label: 'Activity log', page: 'audit', show: user.role !== 'technician' },
    { href: '/admin/outbox', label: 'Outbox', page: 'outbox', show: user.role === 'master_admin' },
    { href: '/admin/settings', label: 'Settings', page: 'settings', show: user.role === 'master_admin' },
    { href: '/account', label: 'Account', page: 'account', show: true },
  ];
  return (
    <div className="frame-page">
      <header className="topbar">
        <div className="row">
          <Brand name={organisationName} />
          <nav aria-label="Console pages" className="frame-nav">
            {links.filter((l) => l.show).map((l) => (
              <a key={l.href} href={l.href} aria-current={current === l.page ? 'page' : undefined}>{l.label}</a>
            ))}
          </nav>
        </div>
        <div className="row">
          <span>{user.name}</span>
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      <main className="frame-main">{children}</main>
    </div>
  );
}
