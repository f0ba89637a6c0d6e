import type { ReactNode } from 'react';
import type { Role } from '../../core/model';
import { viewerPreferences } from '../server/viewer-preferences';
import { type FramePage, StaffTopbar } from './StaffTopbar';

export type { FramePage } from './StaffTopbar';

/** The console's pages beyond the live console: the staff top bar (StaffTopbar) over the page. */
export async function PageFrame({ organisationName, user, current, children }: {
  organisationName: string;
  user: { name: string; nickname?: string; role: Role };
  current: FramePage;
  children: ReactNode;
}) {
  const preferences = await viewerPreferences();
  return (
    <div className="frame-page">
      <StaffTopbar organisationName={organisationName} user={{ ...user, nickname: preferences?.nickname ?? user.nickname }} avatarUrl={preferences?.avatarUrl} current={current} />
      <main className="frame-main">{children}</main>
    </div>
  );
}
