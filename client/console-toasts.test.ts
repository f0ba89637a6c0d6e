import { describe, expect, it } from 'vitest';
import { ConsoleToasts, MAX_TOASTS } from './console-toasts';

describe('the console\'s toasts', () => {
  it('keep the latest few, and go when dismissed or when their session is opened', () => {
    const toasts = new ConsoleToasts();
    for (let i = 0; i < MAX_TOASTS + 2; i++) toasts.push({ kind: 'message', sessionId: i % 2 ? 'b' : 'a', customer: 'Carol', detail: `m${i}` });
    expect(toasts.state.get().map((t) => t.detail)).toEqual(['m2', 'm3', 'm4', 'm5']);
    toasts.dismiss(toasts.state.get()[0].id);
    expect(toasts.state.get().map((t) => t.detail)).toEqual(['m3', 'm4', 'm5']);
    toasts.dismissSession('b');
    expect(toasts.state.get().map((t) => t.detail)).toEqual(['m4']);
  });
});
