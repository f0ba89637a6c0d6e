'use client';

import { type KeyboardEvent, type ReactNode, useRef } from 'react';

export type PanelTab = 'chat' | 'files' | 'notes' | 'details';

/**
 * The session panel's tabs (WAI-ARIA tabs: arrows, Home and End move between them, the selected one is the
 * only tab stop). Every panel stays in the page while another is shown, so a chat being typed, a transfer in
 * progress and notes keep their state.
 */
export function PanelTabs({ label, tabs, selected, onSelect, panels }: {
  label: string;
  tabs: { id: PanelTab; label: string; dot?: string | null }[];
  selected: PanelTab;
  onSelect: (tab: PanelTab) => void;
  panels: Record<PanelTab, ReactNode>;
}) {
  const list = useRef<HTMLDivElement>(null);
  function onKey(event: KeyboardEvent) {
    const index = tabs.findIndex((tab) => tab.id === selected);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    onSelect(tab.id);
    list.current?.querySelector<HTMLButtonElement>(`#panel-tab-${tab.id}`)?.focus();
  }
  return (
    <div className="panel-tabs">
      <div role="tablist" aria-label={label} className="tab-list" ref={list} onKeyDown={onKey}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`panel-tab-${tab.id}`}
            aria-selected={tab.id === selected}
            aria-controls={`panel-${tab.id}`}
            tabIndex={tab.id === selected ? 0 : -1}
            data-testid={`panel-tab-${tab.id}`}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
            {tab.dot && <span className="tab-dot" data-testid="panel-unread" role="img" aria-label={tab.dot} />}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div key={tab.id} role="tabpanel" id={`panel-${tab.id}`} aria-labelledby={`panel-tab-${tab.id}`} className="tab-panel" hidden={tab.id !== selected} tabIndex={0}>
          {panels[tab.id]}
        </div>
      ))}
    </div>
  );
}
