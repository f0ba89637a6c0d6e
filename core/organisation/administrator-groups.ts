import * as z from 'zod';
import type { AuditLog, Caller } from '../audit/audit-log';
import { DomainError } from '../errors';
import { Role } from '../model';
import { randomId } from '../random';
import type { OrganisationStore } from './store';

/**
 * A group of administrators, after the Rescue admin center. Administrator groups nest; an administrator
 * belongs to at most one; the group is assigned technician groups to manage. An administrator manages the
 * technician groups assigned to their group and to every group below it (a senior team oversees what its
 * sub-teams manage), besides any assigned to them personally. Only a master administrator shapes them.
 */
export interface AdministratorGroup {
  id: string;
  name: string;
  parentId: string | null;
  description: string;
  createdAt: number;
  memberIds: string[];
  technicianGroupIds: string[];
}

const nameSchema = z.string().trim().min(1).max(80);
const idSchema = z.string().min(1).max(64);
export const createAdminGroupSchema = z.object({ name: nameSchema, parentId: idSchema.nullable(), description: z.string().trim().max(500).default('') });
export const updateAdminGroupSchema = z.object({
  name: nameSchema.optional(),
  description: z.string().trim().max(500).optional(),
  parentId: idSchema.nullable().optional(),
  technicianGroupIds: z.array(idSchema).max(500).optional(),
});
export const adminMembershipSchema = z.object({ userId: idSchema, adminGroupId: idSchema.nullable() });

/** The technician groups administrators of `adminGroupId` manage: its own assignments and those of every group below it. */
export function technicianGroupsManagedThrough(adminGroupId: string, groups: AdministratorGroup[]): Set<string> {
  const managed = new Set<string>();
  const visit = (id: string, seen: Set<string>) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const group of groups) {
      if (group.id === id) for (const t of group.technicianGroupIds) managed.add(t);
      else if (group.parentId === id) visit(group.id, seen);
    }
  };
  visit(adminGroupId, new Set());
  return managed;
}

/** The administrator group an administrator belongs to, if any. */
export function adminGroupOf(userId: string, groups: AdministratorGroup[]): AdministratorGroup | null {
  return groups.find((g) => g.memberIds.includes(userId)) ?? null;
}

export class AdministratorGroups {
  constructor(
    private readonly store: OrganisationStore,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

  /** Master administrators see every administrator group; an administrator sees their own. */
  async list(viewer: Caller['user']): Promise<AdministratorGroup[]> {
    const groups = await this.store.adminGroups.list();
    if (viewer.role === Role.masterAdmin) return groups;
    return groups.filter((g) => g.memberIds.includes(viewer.id));
  }

  async create(by: Caller, input: z.input<typeof createAdminGroupSchema>): Promise<AdministratorGroup> {
    this.requireMaster(by);
    const { name, parentId, description } = createAdminGroupSchema.parse(input);
    const groups = await this.store.adminGroups.list();
    if (parentId !== null && !groups.some((g) => g.id === parentId)) throw DomainError.notFound('Administrator group');
    const group = { id: randomId(), name, parentId, description, createdAt: this.now() };
    await this.store.adminGroups.insert(group);
    await this.audit.record(by, 'admin_group.created', name, { details: { parentId } });
    return { ...group, memberIds: [], technicianGroupIds: [] };
  }

  /** Renames, describes, moves (never under itself or its own subgroup) or assigns the technician groups it manages. */
  async update(by: Caller, id: string, input: z.input<typeof updateAdminGroupSchema>): Promise<void> {
    this.requireMaster(by);
    const { technicianGroupIds, ...patch } = updateAdminGroupSchema.parse(input);
    const groups = await this.store.adminGroups.list();
    const group = groups.find((g) => g.id === id);
    if (!group) throw DomainError.notFound('Administrator group');
    if (patch.parentId) {
      if (!groups.some((g) => g.id === patch.parentId)) throw DomainError.notFound('Administrator group');
      if (this.ancestry(patch.parentId, groups).includes(id)) throw DomainError.invalidField('parentId', 'A group cannot move into its own subgroup.', [{ key: 'ownSubgroup' }]);
    }
    if (technicianGroupIds) {
      const known = new Set((await this.store.groups.list()).map((g) => g.id));
      const unknown = technicianGroupIds.find((t) => !known.has(t));
      if (unknown) throw DomainError.notFound('Technician group');
      await this.store.adminGroups.setTechnicianGroups(id, technicianGroupIds);
    }
    await this.store.adminGroups.update(id, patch);
    await this.audit.record(by, 'admin_group.changed', patch.name ?? group.name, {
      details: { ...patch, ...(technicianGroupIds ? { technicianGroupIds } : {}), previousName: group.name },
    });
  }

  /** Only an empty group goes: its administrators and subgroups move elsewhere first, so nobody loses a scope silently. */
  async remove(by: Caller, id: string): Promise<void> {
    this.requireMaster(by);
    const groups = await this.store.adminGroups.list();
    const group = groups.find((g) => g.id === id);
    if (!group) throw DomainError.notFound('Administrator group');
    if (group.memberIds.length > 0 || groups.some((g) => g.parentId === id)) {
      throw new DomainError('conflict', 'Move its administrators and subgroups elsewhere first.', undefined, undefined, [{ key: 'adminGroupNotEmpty' }]);
    }
    await this.store.adminGroups.remove(id);
    await this.audit.record(by, 'admin_group.removed', group.name, {});
  }

  /** Puts an administrator into one administrator group (out of any other), or into none. */
  async setMembership(by: Caller, input: z.input<typeof adminMembershipSchema>): Promise<void> {
    this.requireMaster(by);
    const { userId, adminGroupId } = adminMembershipSchema.parse(input);
    const person = await this.store.people.find(userId);
    if (!person) throw DomainError.notFound('Person');
    if (person.role !== Role.admin) throw DomainError.invalidField('userId', 'Only administrators belong to administrator groups.', [{ key: 'notAdministrator' }]);
    const groups = await this.store.adminGroups.list();
    const target = adminGroupId === null ? null : groups.find((g) => g.id === adminGroupId);
    if (target === undefined) throw DomainError.notFound('Administrator group');
    const from = adminGroupOf(userId, groups);
    await this.store.adminGroups.setMembership(userId, adminGroupId);
    await this.audit.record(by, 'admin_group.member_changed', person.email, { details: { from: from?.name ?? null, to: target?.name ?? null } });
  }

  private ancestry(id: string, groups: AdministratorGroup[]): string[] {
    const chain: string[] = [];
    for (let at: string | null = id; at !== null && !chain.includes(at); at = groups.find((g) => g.id === at)?.parentId ?? null) chain.push(at);
    return chain;
  }

  private requireMaster(by: Caller): void {
    if (by.user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator manages administrator groups.');
  }
}
