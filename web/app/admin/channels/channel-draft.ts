import type { Channel, ChannelInput } from '../../../../core/channels/channel';
import { type CustomFieldType } from '../../../../core/channels/custom-fields';
import { WEEKDAYS, type Weekday, type Period } from '../../../../core/channels/working-hours';

/**
 * The channel editor's form state: what an administrator types (lists as one item a line, hours as
 * "09:00-12:00, 13:00-17:00"), and its translation to the API's input. The server validates again.
 */
export interface FieldDraft {
  id: string;
  label: string;
  type: CustomFieldType;
  required: boolean;
  technicianEditable: boolean;
  choices: string;
}

export interface ChannelDraft {
  name: string;
  description: string;
  enabled: boolean;
  groupIds: string[];
  excludedTechnicianIds: string[];
  origins: string;
  fields: FieldDraft[];
  hoursEnabled: boolean;
  timeZone: string;
  days: Record<Weekday, string>;
  closedDates: string;
  unavailableMode: 'message' | 'request' | 'redirect';
  unavailableMessage: string;
  redirectUrl: string;
  timeoutEnabled: boolean;
  timeoutMinutes: string;
  timeoutAction: 'channel' | 'group' | 'tell';
  timeoutTarget: string;
  timeoutMessage: string;
  accent: string;
  position: 'bottom-right' | 'bottom-left';
  launcherText: string;
  title: string;
  logoUrl: string;
  maskSelectors: string;
  privateByDefault: boolean;
  allowSelectors: string;
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const pad = (n: number) => String(n).padStart(2, '0');
const clock = (minute: number) => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;

export function periodsText(periods: readonly Period[] | undefined): string {
  return (periods ?? []).map((p) => `${clock(p.from)}-${clock(p.to)}`).join(', ');
}

/** "09:00-12:00, 13:00-17:00" as periods, or null when a part is not a period of the day. */
export function parsePeriods(text: string): Period[] | null {
  const periods: Period[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(part);
    if (!match) return null;
    const [from, to] = [Number(match[1]) * 60 + Number(match[2]), Number(match[3]) * 60 + Number(match[4])];
    if (Number(match[2]) > 59 || Number(match[4]) > 59 || from >= to || to > 24 * 60) return null;
    periods.push({ from, to });
  }
  return periods;
}

export function newFieldId(): string {
  return Math.random().toString(36).slice(2, 10).padEnd(8, '0');
}

export function draftOf(channel: Channel | null, browserTimeZone: string): ChannelDraft {
  const c = channel;
  const timeout = c?.waitingTimeout ?? null;
  return {
    name: c?.name ?? '',
    description: c?.description ?? '',
    enabled: c?.enabled ?? true,
    groupIds: c?.groupIds ?? [],
    excludedTechnicianIds: c?.excludedTechnicianIds ?? [],
    origins: (c?.allowedOrigins ?? []).join('\n'),
    fields: (c?.fields ?? []).map((f) => ({ ...f, choices: f.choices.join('\n') })),
    hoursEnabled: c?.hours.enabled ?? false,
    timeZone: c?.hours.enabled ? c.hours.timeZone : browserTimeZone,
    days: Object.fromEntries(WEEKDAYS.map((d, i) => [d, c?.hours.enabled ? periodsText(c.hours.weekly[d]) : i < 5 ? '09:00-17:00' : ''])) as Record<Weekday, string>,
    closedDates: (c?.hours.closedDates ?? []).join('\n'),
    unavailableMode: c?.unavailable.mode ?? 'message',
    unavailableMessage: c && c.unavailable.mode !== 'redirect' ? c.unavailable.message : '',
    redirectUrl: c?.unavailable.mode === 'redirect' ? c.unavailable.url : '',
    timeoutEnabled: timeout !== null,
    timeoutMinutes: String(timeout?.afterMinutes ?? 10),
    timeoutAction: timeout?.then.action ?? 'tell',
    timeoutTarget: timeout?.then.action === 'channel' ? timeout.then.channelId : timeout?.then.action === 'group' ? timeout.then.groupId : '',
    timeoutMessage: timeout?.then.action === 'tell' ? timeout.then.message : '',
    accent: c?.appearance.accent ?? '#0a66c2',
    position: c?.appearance.position ?? 'bottom-right',
    launcherText: c?.appearance.launcherText ?? '',
    title: c?.appearance.title ?? '',
    logoUrl: c?.appearance.logoUrl ?? '',
    maskSelectors: (c?.privacy.maskSelectors ?? []).join('\n'),
    privateByDefault: c?.privacy.privateByDefault ?? false,
    allowSelectors: (c?.privacy.allowSelectors ?? []).join('\n'),
  };
}

/** The API's input, or the field (as the server would name it) whose text does not parse. */
export function inputOf(draft: ChannelDraft): { input: ChannelInput } | { invalid: string } {
  const weekly: Partial<Record<Weekday, Period[]>> = {};
  for (const day of WEEKDAYS) {
    const periods = parsePeriods(draft.days[day]);
    if (periods === null) return { invalid: `hours.weekly.${day}` };
    if (periods.length) weekly[day] = periods;
  }
  const then =
    draft.timeoutAction === 'channel' ? { action: 'channel' as const, channelId: draft.timeoutTarget }
    : draft.timeoutAction === 'group' ? { action: 'group' as const, groupId: draft.timeoutTarget }
    : { action: 'tell' as const, message: draft.timeoutMessage };
  return {
    input: {
      name: draft.name,
      description: draft.description,
      enabled: draft.enabled,
      groupIds: draft.groupIds,
      excludedTechnicianIds: draft.excludedTechnicianIds,
      allowedOrigins: lines(draft.origins),
      fields: draft.fields.map((f) => ({ id: f.id, label: f.label, type: f.type, required: f.required, technicianEditable: f.technicianEditable, choices: f.type === 'choice' ? lines(f.choices) : [] })),
      hours: { enabled: draft.hoursEnabled, timeZone: draft.timeZone, weekly, closedDates: lines(draft.closedDates) },
      unavailable: draft.unavailableMode === 'redirect' ? { mode: 'redirect', url: draft.redirectUrl.trim() } : { mode: draft.unavailableMode, message: draft.unavailableMessage },
      waitingTimeout: draft.timeoutEnabled ? { afterMinutes: Number(draft.timeoutMinutes), then } : null,
      appearance: { accent: draft.accent, position: draft.position, launcherText: draft.launcherText, title: draft.title, logoUrl: draft.logoUrl.trim() },
      privacy: { maskSelectors: lines(draft.maskSelectors), privateByDefault: draft.privateByDefault, allowSelectors: lines(draft.allowSelectors) },
    },
  };
}
