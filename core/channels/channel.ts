import * as z from 'zod';
import { customFieldsSchema, type CustomField } from './custom-fields';
import { ALWAYS_OPEN, workingHoursSchema, type WorkingHours } from './working-hours';

/**
 * A channel: a way for customers to start support themselves (LogMeIn Rescue's channels). It has a hosted form
 * at /c/<slug>, a widget for the company's own site (the same slug as `data-channel`), and a queue: its
 * sessions wait for every signed-in technician of the groups it is assigned to, less those excluded one by one.
 */
export interface Channel {
  id: string;
  /** Public and stable: the hosted page's address and the widget's `data-channel`. */
  slug: string;
  name: string;
  description: string;
  enabled: boolean;
  groupIds: string[];
  excludedTechnicianIds: string[];
  /** Origins ("https://www.example.com") whose pages may embed the widget. */
  allowedOrigins: string[];
  fields: CustomField[];
  hours: WorkingHours;
  /** What a customer meets outside working hours, or when no technician of the channel is online. */
  unavailable: Unavailable;
  /** After this long unpicked, the session moves on or the customer is told; null: it waits. */
  waitingTimeout: WaitingTimeout | null;
  appearance: Appearance;
  privacy: Privacy;
  createdAt: number;
  /** Removed channels keep their sessions' history; they take no customers and leave the list. */
  removedAt: number | null;
}

/** Channels per organisation unless a master administrator raises it (Rescue's default). */
export const DEFAULT_CHANNEL_LIMIT = 10;
export const MAX_CHANNEL_LIMIT = 100;

export const UnavailableMode = { message: 'message', request: 'request', redirect: 'redirect' } as const;
export type UnavailableMode = (typeof UnavailableMode)[keyof typeof UnavailableMode];

const webUrl = z.url({ protocol: /^https?$/, message: 'Enter an http or https address.' }).max(2048);

export const unavailableSchema = z.discriminatedUnion('mode', [
  /** Show a message. */
  z.object({ mode: z.literal('message'), message: z.string().trim().max(1000).default('') }),
  /** Take a request (name, contact, problem) that waits in the queue as a pending session. */
  z.object({ mode: z.literal('request'), message: z.string().trim().max(1000).default('') }),
  /** Send the customer to another page (a ticket form, a status page). */
  z.object({ mode: z.literal('redirect'), url: webUrl }),
]);
export type Unavailable = z.infer<typeof unavailableSchema>;

export const WaitingTimeoutAction = { channel: 'channel', group: 'group', tell: 'tell' } as const;
export const waitingTimeoutSchema = z.object({
  afterMinutes: z.number().int().min(1).max(24 * 60),
  then: z.discriminatedUnion('action', [
    z.object({ action: z.literal('channel'), channelId: z.string().min(1).max(64) }),
    z.object({ action: z.literal('group'), groupId: z.string().min(1).max(64) }),
    z.object({ action: z.literal('tell'), message: z.string().trim().max(1000).default('') }),
  ]),
});
export type WaitingTimeout = z.infer<typeof waitingTimeoutSchema>;

export const appearanceSchema = z.object({
  accent: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #0a66c2.').default('#0a66c2'),
  position: z.enum(['bottom-right', 'bottom-left']).default('bottom-right'),
  /** The launcher's label and the widget's title; empty: the page's language decides ("Get help"). */
  launcherText: z.string().trim().max(40).default(''),
  title: z.string().trim().max(80).default(''),
  logoUrl: z.union([z.literal(''), z.url({ protocol: /^https$/, message: 'Use an https address.' }).max(2048)]).default(''),
});
export type Appearance = z.infer<typeof appearanceSchema>;

/** CSS selectors checked in the customer's browser before anything is mirrored (see cobrowse/). */
const selectorList = z.array(z.string().trim().min(1).max(200)).max(50);
export const privacySchema = z.object({
  maskSelectors: selectorList.default([]),
  /** Mask all text except `allowSelectors`: for pages where almost everything is personal. */
  privateByDefault: z.boolean().default(false),
  allowSelectors: selectorList.default([]),
});
export type Privacy = z.infer<typeof privacySchema>;

/** An origin as browsers send it: scheme, host and port, nothing else. */
export function normaliseOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}

const originSchema = z.string().max(300).transform((value, context) => {
  const origin = normaliseOrigin(value);
  if (!origin) {
    context.addIssue({ code: 'custom', message: 'Enter an origin like https://www.example.com.', params: { format: 'origin' } });
    return z.NEVER;
  }
  return origin;
});

const idSchema = z.string().min(1).max(64);

/** What an administrator edits; the server fills in the rest. */
export const channelInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(80),
  description: z.string().trim().max(500).default(''),
  enabled: z.boolean().default(true),
  groupIds: z.array(idSchema).max(100).default([]),
  excludedTechnicianIds: z.array(idSchema).max(1000).default([]),
  allowedOrigins: z.array(originSchema).max(50).default([]),
  fields: customFieldsSchema.default([]),
  hours: workingHoursSchema.default(ALWAYS_OPEN),
  unavailable: unavailableSchema.default({ mode: 'message', message: '' }),
  waitingTimeout: waitingTimeoutSchema.nullable().default(null),
  appearance: appearanceSchema.default(appearanceSchema.parse({})),
  privacy: privacySchema.default(privacySchema.parse({})),
});
export type ChannelInput = z.input<typeof channelInputSchema>;

/** A slug from a channel's name: lower-case words joined by dashes, then a random tail so it cannot clash. */
export function slugFrom(name: string, tail: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return words ? `${words}-${tail}` : tail;
}

export const slugSchema = z.string().regex(/^[a-z0-9-]{4,64}$/);

/** What anyone may read about a channel: what its form and widget need, nothing about who works it. */
export interface PublicChannel {
  slug: string;
  name: string;
  description: string;
  fields: CustomField[];
  appearance: Appearance;
  privacy: Privacy;
  allowedOrigins: string[];
}

export function publicView(channel: Channel): PublicChannel {
  const { slug, name, description, fields, appearance, privacy, allowedOrigins } = channel;
  return { slug, name, description, fields, appearance, privacy, allowedOrigins };
}
