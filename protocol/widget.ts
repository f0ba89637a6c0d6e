/**
 * What the widget's loader (on the company's page) and the widget's frame (Lifeline's origin) say to each other
 * by postMessage. Both sides check the sender's origin and window before reading a message, and treat its
 * content as untrusted: any script on the company's page can post the same messages as the loader, so nothing
 * from the page can consent, read the chat or act for the customer. What the page may send the frame is its
 * own recording and the executor's reports (the page is the company's to show), and a revoke (which only takes
 * rights away). Plain checks, no zod: the loader must stay small.
 */
export const WIDGET_MESSAGE = 'lifeline-widget';

/** The channel's redaction settings, applied in the page before anything is recorded (cobrowse/redaction.ts). */
export interface WidgetRedaction {
  privateSelectors: string[];
  privateByDefault: { allow: string[] } | null;
}

export type FrameToLoader =
  /** The frame has something the customer should see (a reply, a request for consent): open the panel. */
  | { kind: 'attention' }
  /** A session runs (the loader reopens the frame on the site's next page) or ended. */
  | { kind: 'session'; active: boolean }
  /** The customer agreed to co-browse: record this page (and execute granted input) until `cobrowse-stop`. */
  | { kind: 'cobrowse-start'; redaction: WidgetRedaction }
  | { kind: 'cobrowse-stop' }
  /** The customer's grant of control of the page: input with this epoch may run; null closes the gate. */
  | { kind: 'gate'; epoch: number | null; technicianName: string }
  /** A message of the technician's for the page's recorder or executor (protocol/cobrowse.ts), as it came. */
  | { kind: 'to-page'; wire: string };

export type LoaderToFrame =
  /** The recorder's output or the executor's report (protocol/cobrowse.ts), for the technician. */
  | { kind: 'from-page'; wire: string }
  /** The customer pressed the stop key on the page: end control now. */
  | { kind: 'revoke' }
  /** Co-browse could not start on this page (the recorder refused: a bad selector, another recording). */
  | { kind: 'cobrowse-failed'; reason: string };

export interface WidgetEnvelope<T> {
  type: typeof WIDGET_MESSAGE;
  v: 1;
  message: T;
}

export function envelope<T>(message: T): WidgetEnvelope<T> {
  return { type: WIDGET_MESSAGE, v: 1, message };
}

/** The message inside a posted envelope, or null for anything else (other scripts post to windows too). */
export function openEnvelope(data: unknown): { kind: string; [key: string]: unknown } | null {
  if (typeof data !== 'object' || data === null) return null;
  const e = data as Partial<WidgetEnvelope<unknown>>;
  if (e.type !== WIDGET_MESSAGE || e.v !== 1 || typeof e.message !== 'object' || e.message === null) return null;
  const message = e.message as { kind?: unknown };
  return typeof message.kind === 'string' ? (message as { kind: string }) : null;
}

/** A page's message for the frame, checked field by field; null for anything the frame does not take. */
export function loaderMessage(data: unknown): LoaderToFrame | null {
  const message = openEnvelope(data);
  if (message?.kind === 'from-page' && typeof message.wire === 'string' && message.wire.length <= 70_000) return { kind: 'from-page', wire: message.wire };
  if (message?.kind === 'revoke') return { kind: 'revoke' };
  if (message?.kind === 'cobrowse-failed' && typeof message.reason === 'string') return { kind: 'cobrowse-failed', reason: message.reason.slice(0, 200) };
  return null;
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
