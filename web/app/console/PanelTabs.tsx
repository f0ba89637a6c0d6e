'use client';

import type { ReactNode } from 'react';
import { Tabs } from '../../components/Tabs';

export type PanelTab = 'chat' | 'files' | 'notes' | 'details';

/**
 * The session panel's tabs: the product's one tab list (web/components/Tabs.tsx), narrow. Every panel stays in
 * the page while another is shown, so a chat being typed, a transfer in progress and notes keep their state.
 */
export function PanelTabs({ label, tabs, selected, onSelect, panels }: {
  label: string;
  tabs: { id: PanelTab; label: string; dot?: string | null }[];
  selected: PanelTab;
  onSelect: (tab: PanelTab) => void;
  panels: Record<PanelTab, ReactNode>;
}) {
  return (
    <Tabs
      idPrefix="session"
      className="panel-tabs"
      testIdPrefix="panel-tab"
      label={label}
      selected={selected}
      onSelect={(id) => onSelect(id as PanelTab)}
      tabs={tabs.map((tab) => ({ ...tab, content: panels[tab.id] }))}
    />
  );
}
