import type { AuditLog, Caller } from '../audit/audit-log';
import type { SettingsStore } from '../auth/account-store';
import { DomainError } from '../errors';
import { Role, type TechnicianGroup, type User } from '../model';
import type { Person } from '../organisation/store';
import { randomId, randomToken } from '../random';
import { type Channel, type ChannelInput, channelInputSchema, DEFAULT_CHANNEL_LIMIT, MAX_CHANNEL_LIMIT, slugFrom } from './channel';
import { type CustomField, customFieldsSchema } from './custom-fields';
import { isWithinHours } from './working-hours';

export interface ChannelStore {
  /** Channels not removed, oldest first. */
  list(): Promise<Channel[]>;
  /** Also a removed one: its sessions still name it. */
  find(id: string): Promise<Channel | null>;
  findBySlug(slug: string): Promise<Channel | null>;
  /** False when the slug is taken. */
  insert(channel: Channel): Promise<boolean>;
  update(id: string, channel: Omit<Channel, 'id' | 'slug' | 'createdAt'>): Promise<void>;
}

/** What channels need of the organisation: who manages which groups, and who is in them. */
export interface ChannelOrganisation {
  managedGroupIds(user: User): Promise<string[]>;
  directory(): Promise<{ people: Person[]; groups: TechnicianGroup[] }>;
}

/** Whether a channel takes a live session now, and if not, why (the customer's page says it their way). */
export const Availability = { open: 'open', closed: 'closed', unstaffed: 'unstaffed', disabled: 'disabled' } as const;
export type Availability = (typeof Availability)[keyof typeof Availability];

const LIMIT_KEY = 'channel_limit';
const PRIVATE_FIELDS_KEY = 'private_session_fields';

/**
 * The organisation's channels. Master administrators manage every channel; an administrator manages the
 * channels assigned to a group they manage, and within them only what concerns their groups: they cannot take
 * a channel away from, or exclude a technician of, a group they do not manage.
 */
export class Channels {
  constructor(
    private readonly store: ChannelStore,
    private readonly organisation: ChannelOrganisation,
    private readonly settings: SettingsStore,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

  async limit(): Promise<number> {
    const stored = await this.settings.get(LIMIT_KEY);
    return typeof stored === 'number' && Number.isInteger(stored) && stored >= 1 ? Math.min(stored, MAX_CHANNEL_LIMIT) : DEFAULT_CHANNEL_LIMIT;
  }

  async setLimit(by: Caller, limit: number): Promise<number> {
    if (by.user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator changes how many channels there may be.');
    if (!Number.isInteger(limit) || limit < DEFAULT_CHANNEL_LIMIT || limit > MAX_CHANNEL_LIMIT) {
      throw DomainError.invalidField('limit', `Choose between ${DEFAULT_CHANNEL_LIMIT} and ${MAX_CHANNEL_LIMIT}.`, [{ key: 'between', values: { minimum: DEFAULT_CHANNEL_LIMIT, maximum: MAX_CHANNEL_LIMIT } }]);
    }
    await this.settings.set(LIMIT_KEY, limit);
    await this.audit.record(by, 'settings.channel_limit_changed', 'Channels', { details: { limit } });
    return limit;
  }

  /**
   * The custom fields switched on for private sessions (code and link): the technician fills them in when
   * creating a session. None until a master administrator sets some.
   */
  async privateFields(): Promise<CustomField[]> {
    const parsed = customFieldsSchema.safeParse(await this.settings.get(PRIVATE_FIELDS_KEY));
    return parsed.success ? parsed.data : [];
  }

  async setPrivateFields(by: Caller, input: unknown): Promise<CustomField[]> {
    if (by.user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator sets the fields of private sessions.');
    const fields = customFieldsSchema.parse(input);
    await this.settings.set(PRIVATE_FIELDS_KEY, fields);
    await this.audit.record(by, 'settings.private_fields_changed', 'Private sessions', { details: { labels: fields.map((f) => f.label) } });
    return fields;
  }

  /** The channels `viewer` manages (all of them for a master administrator). */
  async list(viewer: User): Promise<Channel[]> {
    const all = await this.store.list();
    if (viewer.role === Role.masterAdmin) return all;
    if (viewer.role !== Role.admin) throw DomainError.forbidden('Channels are managed in the admin center.');
    const managed = new Set(await this.organisation.managedGroupIds(viewer));
    return all.filter((c) => c.groupIds.some((g) => managed.has(g)));
  }

  async get(viewer: User, id: string): Promise<Channel> {
    const channel = await this.store.find(id);
    if (!channel || channel.removedAt !== null) throw DomainError.notFound('Channel');
    if (!(await this.list(viewer)).some((c) => c.id === id)) throw DomainError.forbidden('You do not manage that channel.');
    return channel;
  }

  async create(by: Caller, input: ChannelInput): Promise<Channel> {
    if (by.user.role !== Role.masterAdmin && by.user.role !== Role.admin) throw DomainError.forbidden('Channels are managed in the admin center.');
    const parsed = channelInputSchema.parse(input);
    if ((await this.store.list()).length >= (await this.limit())) {
      throw DomainError.conflict(`This organisation has its ${await this.limit()} channels already: remove one, or ask a master administrator to allow more.`);
    }
    const settled = await this.settle(by.user, parsed, null);
    if (by.user.role === Role.admin && settled.groupIds.length === 0) {
      throw DomainError.invalidField('groupIds', 'Assign the channel to a group you manage.', [{ key: 'required' }]);
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      const channel: Channel = { ...settled, id: randomId(), slug: slugFrom(parsed.name, randomToken(4).slice(0, 6)), createdAt: this.now(), removedAt: null };
      if (await this.store.insert(channel)) {
        await this.audit.record(by, 'channel.created', channel.name, { groupId: channel.groupIds[0] ?? null, details: { channelId: channel.id, slug: channel.slug, groupIds: channel.groupIds } });
        return channel;
      }
    }
    throw new Error('Could not draw a free channel slug after 5 attempts');
  }

  async update(by: Caller, id: string, input: ChannelInput): Promise<Channel> {
    const current = await this.get(by.user, id);
    const parsed = channelInputSchema.parse(input);
    const settled = await this.settle(by.user, parsed, current);
    const updated: Channel = { ...current, ...settled };
    await this.store.update(id, updated);
    await this.audit.record(by, 'channel.changed', updated.name, { groupId: updated.groupIds[0] ?? null, details: { channelId: id, changed: changedKeys(current, updated) } });
    return updated;
  }

  async remove(by: Caller, id: string): Promise<void> {
    const current = await this.get(by.user, id);
    await this.store.update(id, { ...current, enabled: false, removedAt: this.now() });
    await this.audit.record(by, 'channel.removed', current.name, { groupId: current.groupIds[0] ?? null, details: { channelId: id } });
  }

  /** A channel that takes customers (not removed), by its public slug. */
  async bySlug(slug: string): Promise<Channel> {
    const channel = await this.store.findBySlug(slug);
    if (!channel || channel.removedAt !== null) throw DomainError.notFound('Channel');
    return channel;
  }

  find(id: string): Promise<Channel | null> {
    return this.store.find(id);
  }

  /** Every channel that names any of these (for the queue: a removed channel's waiting sessions still show). */
  async all(): Promise<Channel[]> {
    return this.store.list();
  }

  /** The ids of the channels whose queue `person` works: their group is assigned and they are not excluded. */
  async channelIdsFor(person: Pick<Person, 'id' | 'groupId'>): Promise<string[]> {
    if (!person.groupId) return [];
    return (await this.store.list()).filter((c) => worksChannel(c, person)).map((c) => c.id);
  }

  /** The fields that apply to a session: its channel's, or those of private sessions. */
  async fieldsOf(channelId: string | null): Promise<CustomField[]> {
    return channelId === null ? this.privateFields() : ((await this.store.find(channelId))?.fields ?? []);
  }

  /** The people who see the channel's waiting sessions: enabled members of its groups, less the excluded. */
  async techniciansOf(channel: Channel): Promise<Person[]> {
    const { people } = await this.organisation.directory();
    return people.filter((p) => p.enabled && worksChannel(channel, p));
  }

  /**
   * Whether the channel takes a live session now: enabled, within its hours, and with someone signed in who can
   * pick its sessions up (`isOnline`): one of its technicians, or a master administrator, whose queue holds every
   * live session. Outside that, its `unavailable` behaviour applies.
   */
  async availability(channel: Channel, isOnline: (userId: string) => boolean): Promise<Availability> {
    if (!channel.enabled || channel.removedAt !== null) return Availability.disabled;
    if (!isWithinHours(channel.hours, this.now())) return Availability.closed;
    const { people } = await this.organisation.directory();
    const staffed = people.some((p) => p.enabled && (worksChannel(channel, p) || p.role === Role.masterAdmin) && isOnline(p.id));
    return staffed ? Availability.open : Availability.unstaffed;
  }

  /**
   * The parsed input as it may be stored for this administrator: groups and exclusions they do not manage stay
   * as they were, and every referenced group and person must exist.
   */
  private async settle(user: User, input: ReturnType<typeof channelInputSchema.parse>, current: Channel | null): Promise<Omit<Channel, 'id' | 'slug' | 'createdAt' | 'removedAt'>> {
    const { people, groups } = await this.organisation.directory();
    const groupIds = new Set(groups.map((g) => g.id));
    for (const id of input.groupIds) if (!groupIds.has(id)) throw DomainError.notFound('Group');
    const personGroup = new Map(people.map((p) => [p.id, p.groupId]));
    for (const id of input.excludedTechnicianIds) if (!personGroup.has(id)) throw DomainError.notFound('Technician');
    if (input.waitingTimeout?.then.action === 'group' && !groupIds.has(input.waitingTimeout.then.groupId)) throw DomainError.notFound('Group');
    if (input.waitingTimeout?.then.action === 'channel') {
      const target = await this.store.find(input.waitingTimeout.then.channelId);
      if (!target || target.removedAt !== null || target.id === current?.id) throw DomainError.invalidField('waitingTimeout', 'Choose another channel.', [{ key: 'invalidChoice' }]);
    }
    let assigned = unique(input.groupIds);
    let excluded = unique(input.excludedTechnicianIds);
    if (user.role !== Role.masterAdmin) {
      const managed = new Set(await this.organisation.managedGroupIds(user));
      const keptGroups = (current?.groupIds ?? []).filter((g) => !managed.has(g));
      const refused = assigned.find((g) => !managed.has(g) && !keptGroups.includes(g));
      if (refused) throw DomainError.forbidden('You can only assign a channel to groups you manage.');
      assigned = unique([...keptGroups, ...assigned.filter((g) => managed.has(g))]);
      const managesPerson = (id: string) => managed.has(personGroup.get(id) ?? '');
      const keptExclusions = (current?.excludedTechnicianIds ?? []).filter((id) => !managesPerson(id));
      if (excluded.some((id) => !managesPerson(id) && !keptExclusions.includes(id))) throw DomainError.forbidden('You can only exclude technicians of groups you manage.');
      excluded = unique([...keptExclusions, ...excluded.filter(managesPerson)]);
    }
    return { ...input, groupIds: assigned, excludedTechnicianIds: excluded, allowedOrigins: unique(input.allowedOrigins) };
  }
}

export function worksChannel(channel: Pick<Channel, 'groupIds' | 'excludedTechnicianIds'>, person: Pick<Person, 'id' | 'groupId'>): boolean {
  return person.groupId !== null && channel.groupIds.includes(person.groupId) && !channel.excludedTechnicianIds.includes(person.id);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function changedKeys(before: Channel, after: Channel): string[] {
  return (Object.keys(after) as (keyof Channel)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}
