import { describe, expect, it } from 'vitest';
import { cannedMatches } from '../../components/CannedPicker';
import { bestControlMode } from './ControlPanel';
import { shortcutOf } from './Shortcuts';

/** A key press as the window hears it, on an element that is (or is inside) `inside`, if any. */
function press(key: string, options: { code?: string; altKey?: boolean; ctrlKey?: boolean; inside?: string; repeat?: boolean } = {}): KeyboardEvent {
  const target = { closest: (selector: string) => (options.inside && selector.split(',').some((s) => s.trim().startsWith(options.inside!)) ? {} : null) };
  return { key, code: options.code ?? '', altKey: options.altKey ?? false, ctrlKey: options.ctrlKey ?? false, metaKey: false, shiftKey: false, repeat: options.repeat ?? false, isComposing: false, defaultPrevented: false, target } as unknown as KeyboardEvent;
}

describe('console shortcuts', () => {
  it('maps plain keys to actions when nothing is being typed', () => {
    expect(shortcutOf(press('s'))).toBe('screenshot');
    expect(shortcutOf(press('S'))).toBe('screenshot');
    expect(shortcutOf(press('?'))).toBe('help');
    expect(shortcutOf(press(']'))).toBe('nextTab');
    expect(shortcutOf(press('x'))).toBeNull();
  });

  it('leaves plain keys to the field being typed in, and to an open dialog', () => {
    expect(shortcutOf(press('s', { inside: 'input' }))).toBeNull();
    expect(shortcutOf(press('c', { inside: 'textarea' }))).toBeNull();
    expect(shortcutOf(press('f', { inside: 'dialog[open]' }))).toBeNull();
    expect(shortcutOf(press('r', { inside: '[data-keys="remote"]' }))).toBeNull();
  });

  it('fires Alt+N by its physical key, even in a field; other modifiers and repeats do nothing', () => {
    expect(shortcutOf(press('ñ', { code: 'KeyN', altKey: true, inside: 'input' }))).toBe('newSession');
    expect(shortcutOf(press('s', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(press('s', { repeat: true }))).toBeNull();
  });
});

describe('canned replies in the chat box', () => {
  const replies = [
    { keyword: 'wait', text: 'One moment please.' },
    { keyword: 'hello', text: 'Hello, I am here.' },
    { keyword: 'await', text: 'Still waiting for the update.' },
  ];
  it('lists keywords that start with the query first, then any that contain it', () => {
    expect(cannedMatches(replies, 'wa').map((r) => r.keyword)).toEqual(['wait', 'await']);
    expect(cannedMatches(replies, '').map((r) => r.keyword)).toEqual(['wait', 'hello', 'await']);
    expect(cannedMatches(replies, 'HERE').map((r) => r.keyword)).toEqual(['hello']);
  });
});

describe('the control mode "Request control" picks', () => {
  it('prefers the co-browsed page, then the helper already running, then the shared page, else the desktop', () => {
    expect(bestControlMode({ cobrowse: true, helper: true, sharing: true })).toBe('page');
    expect(bestControlMode({ cobrowse: false, helper: true, sharing: true })).toBe('desktop');
    expect(bestControlMode({ cobrowse: false, helper: false, sharing: true })).toBe('page');
    expect(bestControlMode({ cobrowse: false, helper: false, sharing: false })).toBe('desktop');
  });
});
