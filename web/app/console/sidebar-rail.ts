'use client';

import { useCallback, useSyncExternalStore } from 'react';

const KEY = 'lifeline.console.rail';
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Whether the console's left sidebar is folded to a narrow rail, remembered in this browser: a technician who
 * wants the screen's room once keeps it on every visit.
 */
export function useSidebarRail(): { collapsed: boolean; set: (collapsed: boolean) => void } {
  const collapsed = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    read,
    () => false,
  );
  const set = useCallback((next: boolean) => {
    try {
      localStorage.setItem(KEY, next ? '1' : '0');
    } catch {
      // Private mode without storage: the choice lasts until the page reloads at least.
    }
    listeners.forEach((listener) => listener());
  }, []);
  return { collapsed, set };
}
