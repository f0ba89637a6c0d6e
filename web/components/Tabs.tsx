'use client';

import { type KeyboardEvent, type ReactNode, useRef } from 'react';

export interface TabSpec {
  id: string;
  label: string;
  /** Unsaved changes in this tab: marked on the tab (`unsavedLabel` for screen readers) and kept while another is open. */
  dirty?: boolean;
  /** Something new behind this tab (a message, a file waiting), said to screen readers by this text. */
  dot?: string | null;
  content: ReactNode;
}

/**
 * ARIA tabs (WAI-ARIA Authoring Practices, automatic activation): arrow keys, Home and End move between tabs.
 * Every panel stays mounted and is only hidden, so what was typed in one tab is still there after a look at
 * another; a tab with unsaved changes says so.
 */
export function Tabs({ idPrefix, label, tabs, selected, onSelect, unsavedLabel = '', testIdPrefix = 'admin-tab', className = 'tabs' }: {
  idPrefix: string;
  label: string;
  tabs: TabSpec[];
  selected: string;
  onSelect: (id: string) => void;
  unsavedLabel?: string;
  /** Tabs are found by `<testIdPrefix>-<id>`: the admin center's pages and the console's session panel. */
  testIdPrefix?: string;
  /** The layout around them: a page's sections (`tabs`) or the console's narrow session panel (`panel-tabs`). */
  className?: string;
}) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((t) => t.id === selected);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    onSelect(tab.id);
    refs.current[tab.id]?.focus();
  }
  return (
    <div className={className}>
      <div role="tablist" aria-label={label} className="tab-list" onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${tab.id}`}
            aria-controls={`${idPrefix}-panel-${tab.id}`}
            aria-selected={tab.id === selected}
            tabIndex={tab.id === selected ? 0 : -1}
            ref={(el) => {
              refs.current[tab.id] = el;
            }}
            onClick={() => onSelect(tab.id)}
            data-testid={`${testIdPrefix}-${tab.id}`}
          >
            {tab.label}
            {tab.dirty && (
              <span className="tab-dirty" data-testid="tab-unsaved">
                <span aria-hidden="true"> •</span>
                <span className="visually-hidden"> ({unsavedLabel})</span>
              </span>
            )}
            {tab.dot && <span className="tab-dot" data-testid="panel-unread" role="img" aria-label={tab.dot} />}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div key={tab.id} role="tabpanel" id={`${idPrefix}-panel-${tab.id}`} aria-labelledby={`${idPrefix}-tab-${tab.id}`} hidden={tab.id !== selected} tabIndex={0} className="tab-panel">
          {tab.content}
        </div>
      ))}
    </div>
  );
}
