'use client';

import { useTranslations } from 'next-intl';
import type { TechnicianClient, TechnicianState } from '../../../client/technician-client';

/** The sessions the technician works on at once; each keeps its connection, chat and files when not in front. */
export function SessionTabs({ client, state }: { client: TechnicianClient; state: TechnicianState }) {
  const t = useTranslations('console');
  return (
    <nav className="session-tabs" aria-label={t('openSessions')}>
      {state.openIds.map((id) => {
        const session = state.sessions.find((s) => s.id === id);
        if (!session) return null;
        const unread = state.unread[id] ?? 0;
        // A closed session's tab is dimmed until it closes by itself (client CLOSED_TAB_MS).
        const closing = state.closingTabs[id] !== undefined;
        return (
          <div key={id} className="session-tab" data-active={id === state.selectedId} data-closing={closing || undefined}>
            <button
              type="button"
              className="tab"
              aria-current={id === state.selectedId ? 'true' : undefined}
              data-testid="session-tab"
              data-session-id={id}
              onClick={() => void client.select(id)}
              title={closing ? t('tabClosing', { customer: session.customerName }) : undefined}
            >
              <span className={`dot${session.state === 'active' ? ' ok' : ''}`} aria-hidden="true" /> {session.customerName}
              {unread > 0 && (
                <span className="badge unread" data-testid="tab-unread" aria-label={t('unread', { count: unread })}>
                  {unread}
                </span>
              )}
            </button>
            <button type="button" className="ghost small tab-close" aria-label={t('closeTab', { customer: session.customerName })} onClick={() => client.closeTab(id)}>
              ✕
            </button>
          </div>
        );
      })}
    </nav>
  );
}
