import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Attention, type AttentionDocument } from './attention';

class FakeDocument implements AttentionDocument {
  hidden = false;
  title = 'Support session';
  private readonly listeners = new Set<() => void>();
  addEventListener(_type: string, listener: () => void) {
    this.listeners.add(listener);
  }
  removeEventListener(_type: string, listener: () => void) {
    this.listeners.delete(listener);
  }
  show() {
    this.hidden = false;
    this.listeners.forEach((listener) => listener());
  }
}

describe('calling the customer back to a hidden page', () => {
  let doc: FakeDocument;
  let tones: number;
  let attention: Attention;
  beforeEach(() => {
    vi.useFakeTimers();
    doc = new FakeDocument();
    tones = 0;
    attention = new Attention({ document: doc, playTone: () => tones++, flashMs: 1000 });
  });
  afterEach(() => {
    attention.dispose();
    vi.useRealTimers();
  });

  it('the history already on the page never alerts, even hidden', () => {
    doc.hidden = true;
    attention.observe(['m1', 'm2'], () => 'New message');
    expect([tones, doc.title]).toEqual([0, 'Support session']);
  });

  it('something new while hidden plays a tone and flashes the title until the page is shown again', () => {
    attention.observe(['m1'], () => 'New message');
    doc.hidden = true;
    attention.observe(['m1', 'm2'], () => 'New message');
    expect(tones).toBe(1);
    expect(doc.title).toBe('New message');
    vi.advanceTimersByTime(1000);
    expect(doc.title).toBe('Support session');
    vi.advanceTimersByTime(1000);
    expect(doc.title).toBe('New message');
    doc.show();
    vi.advanceTimersByTime(5000);
    expect(doc.title).toBe('Support session');
  });

  it('a request that went away and comes back is news again', () => {
    attention.observe(['call'], () => 'Call');
    doc.hidden = true;
    attention.observe([], () => 'Call');
    attention.observe(['call'], () => 'Call');
    expect([tones, doc.title]).toEqual([1, 'Call']);
  });

  it('nothing happens for news on a visible page, nor twice for the same key', () => {
    attention.observe([], () => 'New message');
    attention.observe(['m1'], () => 'New message');
    doc.hidden = true;
    attention.observe(['m1'], () => 'New message');
    expect([tones, doc.title]).toEqual([0, 'Support session']);
  });

  it('muted, the title still flashes but no tone plays; the choice is kept', () => {
    const kept = new Map<string, string>();
    const storage = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) };
    const first = new Attention({ document: doc, playTone: () => tones++, storage });
    first.setMuted(true);
    first.dispose();
    const muted = new Attention({ document: doc, playTone: () => tones++, storage });
    expect(muted.muted.get()).toBe(true);
    muted.observe([], () => 'x');
    doc.hidden = true;
    muted.observe(['r1'], () => 'A request');
    expect([tones, doc.title]).toEqual([0, 'A request']);
    muted.dispose();
    expect(doc.title).toBe('Support session');
  });
});
