/**
 * What the widget's loader (on the company's page) and the widget's frame (Lifeline's origin) say to each other
 * by postMessage. Both sides check the sender's origin and window before reading a message, and treat its
 * content as untrusted: any script on the company's page can post the same messages as the loader, so nothing
 * here can consent, read the chat or act for the customer. The frame only tells the loader how to lay itself out.
 */
export const WIDGET_MESSAGE = 'lifeline-widget';

export type FrameToLoader =
  /** The frame has something the customer should see (a reply, a request for consent): open the panel. */
  | { kind: 'attention' }
  /** The session ended: the launcher goes back to its idle look. */
  | { kind: 'ended' };

export interface WidgetEnvelope<T> {
  type: typeof WIDGET_MESSAGE;
  v: 1;
  message: T;
}

export function envelope<T>(message: T): WidgetEnvelope<T> {
  return { type: WIDGET_MESSAGE, v: 1, message };
}

/** The message inside a posted envelope, or null for anything else (other scripts post to windows too). */
export function openEnvelope(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return null;
  const e = data as Partial<WidgetEnvelope<unknown>>;
  return e.type === WIDGET_MESSAGE && e.v === 1 ? e.message : null;
}

/** What the loader reads from the server before it shows anything (GET /api/channels/<slug>/widget). */
export interface WidgetConfig {
  name: string;
  accent: string;
  position: 'bottom-right' | 'bottom-left';
  launcherText: string;
  title: string;
  logoUrl: string;
}
