import type { ReactNode } from 'react';
import { Brand } from '../../../components/Brand';
import { ThemeToggle } from '../../../components/ThemeToggle';
import { SignOutButton } from '../../../components/SignOutButton';

/** The log pages' frame: the console's top bar (brand, where you are, who you are, theme, sign out) over a page. */
export function LogFrame({ organisationName, userName, onList = false, children }: { organisationName: string; userName: string; onList?: boolean; children: ReactNode }) {
  return (
    <div className="log-page">
      <header className="topbar">
        <div className="row">
          <Brand name={organisationName} />
          <nav aria-label="Console pages" className="log-nav">
            <a href="/console">Sessions</a>
            <a href="/console/log" aria-current={onList ? 'page' : 'true'}>Session log</a>
          </nav>
        </div>
        <div className="row">
          <span>{userName}</span>
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      <main className="log-main">{children}</main>
    </div>
  );
}
