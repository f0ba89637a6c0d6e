import { MAX_CONCURRENT_SESSIONS } from '../support/technician-status';
import * as z from 'zod';
import type { AuditLog, Caller } from '../audit/audit-log';
import { DomainError } from '../errors';
import { type IpRules, Role, type TechnicianGroup, type User } from '../model';
import { randomId } from '../random';
import {
  ALL_PERMISSIONS,
  NO_PERMISSIONS,
  PERMISSION_LABELS,
  PERMISSIONS,
  type Permission,
  type PermissionOverrides,
  type Permissions,
  permissionSchema,
  resolvePermissions,
} from './permissions';
import { adminGroupOf, technicianGroupsManagedThrough } from './administrator-groups';
import { effectiveIpRules, ipRulesSchema } from './ip-rules';
import type { Rights } from './rights';
import type { OrganisationStore, Person } from './store';

export const FIRST_GROUP_NAME = 'Technicians';

export const groupNameSchema = z.string().trim().min(1, 'Enter a group name.').max(80, 'Use at most 80 characters.');
const idSchema = z.string().min(1).max(64);
export const createGroupSchema = z.object({
  name: groupNameSchema,
  parentId: idSchema.nullable(),
  description: z.string().trim().max(500).default(''),
});
export const updateGroupSchema = z.object({
  name: groupNameSchema.optional(),
  description: z.string().trim().max(500).optional(),
  /** null: follow the parent group (the top follows "technician"). */
  inputPriority: z.enum(['technician', 'customer']).nullable().optional(),
  /** At most this many concurrent sessions per technician; null: no maximum. */
  maxSessions: z.number().int().min(1).max(MAX_CONCURRENT_SESSIONS).nullable().optional(),
});
/** Where a change of rights applies: the group alone, the group and (by clearing their overrides) its subgroups, or every group. */
export const permissionScopeSchema = z.enum(['group', 'subgroups', 'all']);
export type PermissionScope = z.infer<typeof permissionScopeSchema>;
/** true/false sets a right on the group; null makes it inherit from the parent again. */
export const permissionChangesSchema = z.partialRecord(permissionSchema, z.boolean().nullable());
export const groupSecuritySchema = z.object({
  requireTwoFactor: z.boolean().optional(),
  /** null: follow the parent group. */
  ipRules: ipRulesSchema.nullable().optional(),
  scope: z.enum(['group', 'subgroups']).default('group'),
});
export const updatePersonSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(80).optional(),
  nickname: z.string().trim().min(1, 'Enter the name customers see.').max(80).optional(),
  description: z.string().trim().max(500).optional(),
  enabled: z.boolean().optional(),
  twoFactorRequired: z.boolean().optional(),
});

export interface GroupView extends TechnicianGroup {
  /** Rights after inheritance: what its technicians may do. */
  effective: Permissions;
}

export interface OrganisationSnapshot {
  groups: GroupView[];
  people: Person[];
  /** Groups the caller may change (and whose people they may change). */
  manageable: string[];
}

export function newGroup(name: string, parentId: string | null, now: number, id = randomId()): TechnicianGroup {
  return { id, name, parentId, description: '', permissions: {}, requireTwoFactor: false, ipRules: null, inputPriority: null, maxSessions: null, createdAt: now };
}

/**
 * The organisation tree: nested technician groups with inherited rights, and who belongs where. It decides
 * who may change what: master administrators anything, administrators the groups assigned to them and
 * those groups' subgroups, technicians nothing. Every change is audited.
 */
export class OrganisationTree implements Rights {
  private readonly personListeners = new Set<(person: Person) => void>();
  private readonly rightsListeners = new Set<(nothing: undefined) => void>();

  constructor(
    private readonly store: OrganisationStore,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

  /** Called after a person's record changes (moved, disabled, renamed): live connections re-check what they may do. */
  onPersonChanged(listener: (person: Person) => void): void {
    this.personListeners.add(listener);
  }

  /**
   * Called after anyone's rights may have changed (a group's rights saved, a person moved or disabled): what
   * the customer's side enforces for a live session is sent again, as the server's own checks read fresh anyway.
   */
  onRightsChanged(listener: () => void): void {
    this.rightsListeners.add(listener);
  }

  async snapshot(viewer: User): Promise<OrganisationSnapshot> {
    const [groups, people] = await Promise.all([this.store.groups.list(), this.store.people.list()]);
    const manageable = await this.manageableIds(viewer, groups);
    const byId = new Map(groups.map((g) => [g.id, g]));
    const views = groups.map((g) => ({ ...g, effective: resolvePermissions(chainOf(g.id, byId).map((c) => c.permissions)) }));
    if (viewer.role === Role.masterAdmin) return { groups: views, people, manageable };
    const visible = new Set(manageable);
    return {
      groups: views.filter((g) => visible.has(g.id)),
      people: people.filter((p) => p.groupId !== null && visible.has(p.groupId)),
      manageable,
    };
  }

  /** What this person may do now, read fresh: a move or a change of rights applies at the next action. */
  async rightsOf(user: Pick<User, 'id' | 'role'>): Promise<Permissions> {
    if (user.role === Role.masterAdmin) return ALL_PERMISSIONS;
    const person = await this.store.people.find(user.id);
    if (!person?.enabled || !person.groupId) return NO_PERMISSIONS;
    const groups = new Map((await this.store.groups.list()).map((g) => [g.id, g]));
    return resolvePermissions(chainOf(person.groupId, groups).map((g) => g.permissions));
  }

  async require(user: Pick<User, 'id' | 'role'>, permission: Permission): Promise<void> {
    if (!(await this.rightsOf(user))[permission]) {
      throw DomainError.forbidden(`Your group does not allow this: ${PERMISSION_LABELS[permission]}.`);
    }
  }

  /** A master administrator assigns an administrator to manage a group (and its subgroups), or withdraws it. */
  async setAdministrator(by: Caller, groupId: string, userId: string, assigned: boolean): Promise<void> {
    if (by.user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator assigns administrators.');
    const group = await this.store.groups.find(groupId);
    if (!group) throw DomainError.notFound('Group');
    const person = await this.store.people.find(userId);
    if (!person || person.role !== Role.admin) throw DomainError.badRequest('Only administrators can be assigned to manage a group.');
    if (assigned) await this.store.groups.assignAdministrator(groupId, userId);
    else await this.store.groups.unassignAdministrator(groupId, userId);
    await this.audit.record(by, 'group.changed', group.name, { groupId, details: { administrator: person.email, assigned } });
  }

  /** Everyone enabled and every group: whom a session can be handed to. */
  async directory(): Promise<{ people: Person[]; groups: TechnicianGroup[] }> {
    const [people, groups] = await Promise.all([this.store.people.list(), this.store.groups.list()]);
    return { people: people.filter((p) => p.enabled), groups };
  }

  /**
   * What signing in asks of this person now: a second factor when they or any group above them require it, and
   * the address rules of their group and of every group above it (all must pass).
   */
  async accessFor(userId: string): Promise<{ requireTwoFactor: boolean; ipRules: IpRules[] }> {
    const person = await this.store.people.find(userId);
    if (!person) return { requireTwoFactor: false, ipRules: [] };
    if (!person.groupId) return { requireTwoFactor: person.twoFactorRequired, ipRules: [] };
    const chain = chainOf(person.groupId, new Map((await this.store.groups.list()).map((g) => [g.id, g])));
    return { requireTwoFactor: person.twoFactorRequired || chain.some((g) => g.requireTwoFactor), ipRules: effectiveIpRules(chain) };
  }

  /** Two-step verification and address rules for a group, or for the group and its subgroups (theirs cleared). */
  async setGroupSecurity(by: Caller, groupId: string, input: z.input<typeof groupSecuritySchema>): Promise<void> {
    const { requireTwoFactor, ipRules, scope } = groupSecuritySchema.parse(input);
    const group = await this.managedGroup(by.user, groupId);
    await this.store.groups.update(groupId, {
      ...(requireTwoFactor !== undefined ? { requireTwoFactor } : {}),
      ...(ipRules !== undefined ? { ipRules } : {}),
    });
    if (scope === 'subgroups') {
      const groups = await this.store.groups.list();
      const byId = new Map(groups.map((g) => [g.id, g]));
      for (const g of groups) {
        if (g.id === groupId || !chainOf(g.id, byId).some((c) => c.id === groupId)) continue;
        await this.store.groups.update(g.id, {
          ...(requireTwoFactor !== undefined ? { requireTwoFactor: false } : {}),
          ...(ipRules !== undefined ? { ipRules: null } : {}),
        });
      }
    }
    await this.audit.record(by, 'group.security_changed', group.name, { groupId, details: { requireTwoFactor, ipRules, scope } });
  }

  /** Whose input wins while this technician controls a customer's computer: their group's setting, else its parents'. */
  async inputPriorityFor(userId: string): Promise<'technician' | 'customer'> {
    const person = await this.store.people.find(userId);
    if (!person?.groupId) return 'technician';
    const chain = chainOf(person.groupId, new Map((await this.store.groups.list()).map((g) => [g.id, g])));
    return chain.map((g) => g.inputPriority).filter((p) => p !== null).at(-1) ?? 'technician';
  }

  /** At most this many concurrent sessions for this technician: their group's maximum, else its parents'. */
  async maxSessionsFor(userId: string): Promise<number | null> {
    const person = await this.store.people.find(userId);
    if (!person?.groupId) return null;
    const chain = chainOf(person.groupId, new Map((await this.store.groups.list()).map((g) => [g.id, g])));
    return chain.map((g) => g.maxSessions).filter((m) => m !== null).at(-1) ?? null;
  }

  async groupOf(userId: string): Promise<string | null> {
    return (await this.store.people.find(userId))?.groupId ?? null;
  }

  async person(userId: string): Promise<Person | null> {
    return this.store.people.find(userId);
  }

  /** The technician groups `user` manages (every group for a master administrator, none for a technician). */
  async managedGroupIds(user: User): Promise<string[]> {
    return this.manageableIds(user, await this.store.groups.list());
  }

  async manages(user: User, groupId: string): Promise<boolean> {
    return (await this.manageableIds(user, await this.store.groups.list())).includes(groupId);
  }

  async group(id: string): Promise<TechnicianGroup | null> {
    return this.store.groups.find(id);
  }

  async createGroup(by: Caller, input: z.input<typeof createGroupSchema>): Promise<TechnicianGroup> {
    const { name, parentId, description } = createGroupSchema.parse(input);
    if (parentId === null ? by.user.role !== Role.masterAdmin : !(await this.manages(by.user, parentId))) {
      throw DomainError.forbidden(parentId === null ? 'Only a master administrator creates top-level groups.' : 'You do not manage that group.');
    }
    if (parentId !== null && !(await this.store.groups.find(parentId))) throw DomainError.notFound('Group');
    const group = { ...newGroup(name, parentId, this.now()), description };
    await this.store.groups.insert(group);
    await this.audit.record(by, 'group.created', name, { groupId: group.id, details: { parentId } });
    return group;
  }

  async updateGroup(by: Caller, groupId: string, input: z.input<typeof updateGroupSchema>): Promise<void> {
    const patch = updateGroupSchema.parse(input);
    const group = await this.managedGroup(by.user, groupId);
    await this.store.groups.update(groupId, patch);
    await this.audit.record(by, 'group.changed', patch.name ?? group.name, { groupId, details: { ...patch, previousName: group.name } });
  }

  /** Moves a group under another (or to the top); never under itself or one of its own subgroups. */
  async moveGroup(by: Caller, groupId: string, parentId: string | null): Promise<void> {
    const group = await this.managedGroup(by.user, groupId);
    if (parentId === null && by.user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator creates top-level groups.');
    if (parentId !== null) {
      await this.managedGroup(by.user, parentId);
      const groups = new Map((await this.store.groups.list()).map((g) => [g.id, g]));
      if (chainOf(parentId, groups).some((g) => g.id === groupId)) throw DomainError.invalidField('parentId', 'A group cannot move into its own subgroup.', [{ key: 'ownSubgroup' }]);
    }
    await this.store.groups.update(groupId, { parentId });
    await this.audit.record(by, 'group.moved', group.name, { groupId, details: { from: group.parentId, to: parentId } });
    // It inherits from its new parent now: so do its members' rights.
    this.notify(this.rightsListeners, undefined);
  }

  /**
   * Saves rights "to this group", "to this group and its subgroups" (their own settings for these rights are
   * cleared so they inherit) or "to all groups" (master administrators only).
   */
  async setPermissions(by: Caller, groupId: string, changes: z.input<typeof permissionChangesSchema>, scope: PermissionScope): Promise<void> {
    const parsed = permissionChangesSchema.parse(changes);
    const group = await this.managedGroup(by.user, groupId);
    if (scope === 'all' && by.user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator saves rights to all groups.');
    const groups = await this.store.groups.list();
    const byId = new Map(groups.map((g) => [g.id, g]));
    const keys = PERMISSIONS.filter((p) => p in parsed);
    const apply = (current: PermissionOverrides, value: (p: Permission) => boolean | null) => {
      const next = { ...current };
      for (const key of keys) {
        const v = value(key);
        if (v === null) delete next[key];
        else next[key] = v;
      }
      return next;
    };
    const updates: { groupId: string; permissions: PermissionOverrides }[] = [];
    for (const g of groups) {
      if (g.id === groupId || scope === 'all') updates.push({ groupId: g.id, permissions: apply(g.permissions, (p) => parsed[p] ?? null) });
      else if (scope === 'subgroups' && chainOf(g.id, byId).some((c) => c.id === groupId)) updates.push({ groupId: g.id, permissions: apply(g.permissions, () => null) });
    }
    await this.store.groups.setPermissions(updates);
    await this.audit.record(by, 'group.permissions_changed', group.name, { groupId, details: { changes: parsed, scope } });
    this.notify(this.rightsListeners, undefined);
  }

  async updatePerson(by: Caller, personId: string, input: z.input<typeof updatePersonSchema>): Promise<Person> {
    const patch = updatePersonSchema.parse(input);
    const person = await this.managedPerson(by.user, personId);
    if (patch.enabled === false && person.id === by.user.id) throw DomainError.badRequest('You cannot disable yourself.');
    await this.store.people.update(personId, patch);
    const updated = { ...person, ...patch };
    const action = patch.enabled === undefined || patch.enabled === person.enabled ? 'person.changed' : patch.enabled ? 'person.enabled' : 'person.disabled';
    await this.audit.record(by, action, person.email, { groupId: person.groupId, details: patch });
    this.personChanged(updated);
    return updated;
  }

  async movePerson(by: Caller, personId: string, groupId: string): Promise<Person> {
    const person = await this.managedPerson(by.user, personId);
    const target = await this.managedGroup(by.user, groupId);
    await this.store.people.update(personId, { groupId });
    const updated = { ...person, groupId };
    await this.audit.record(by, 'person.moved', person.email, { groupId, details: { from: person.groupId, to: groupId, toName: target.name } });
    this.personChanged(updated);
    return updated;
  }

  private personChanged(person: Person): void {
    this.notify(this.personListeners, person);
    // A move, or being disabled, changes what they may do in the sessions they have.
    this.notify(this.rightsListeners, undefined);
  }

  private notify<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        console.error('organisation listener failed', error);
      }
    }
  }

  private async managedGroup(user: User, groupId: string): Promise<TechnicianGroup> {
    const group = await this.store.groups.find(groupId);
    if (!group) throw DomainError.notFound('Group');
    if (!(await this.manages(user, groupId))) throw DomainError.forbidden('You do not manage that group.');
    return group;
  }

  /** Master administrators change anyone; administrators change technicians of the groups they manage (directly or through their administrator group). */
  async managedPerson(user: User, personId: string): Promise<Person> {
    const person = await this.store.people.find(personId);
    if (!person) throw DomainError.notFound('Person');
    if (user.role === Role.masterAdmin) return person;
    const allowed = person.role === Role.technician && person.groupId !== null && (await this.manages(user, person.groupId));
    if (!allowed) throw DomainError.forbidden('You do not manage this person.');
    return person;
  }

  private async manageableIds(user: User, groups: TechnicianGroup[]): Promise<string[]> {
    if (user.role === Role.masterAdmin) return groups.map((g) => g.id);
    if (user.role !== Role.admin) return [];
    const adminGroups = await this.store.adminGroups.list();
    const membership = adminGroupOf(user.id, adminGroups);
    const assigned = new Set(await this.store.groups.administeredBy(user.id));
    if (membership) for (const id of technicianGroupsManagedThrough(membership.id, adminGroups)) assigned.add(id);
    const byId = new Map(groups.map((g) => [g.id, g]));
    return groups.filter((g) => chainOf(g.id, byId).some((c) => assigned.has(c.id))).map((g) => g.id);
  }
}

/** The group and its ancestors, root first. Stops at a missing parent or a cycle rather than looping. */
export function chainOf(groupId: string, groups: Map<string, TechnicianGroup>): TechnicianGroup[] {
  const chain: TechnicianGroup[] = [];
  const seen = new Set<string>();
  for (let id: string | null = groupId; id !== null && !seen.has(id); ) {
    const group = groups.get(id);
    if (!group) break;
    seen.add(id);
    chain.unshift(group);
    id = group.parentId;
  }
  return chain;
}
