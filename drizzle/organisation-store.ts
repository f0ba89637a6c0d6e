import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Invitation, IpRules, TechnicianGroup } from '../core/model';
import type { OrganisationStore, Person } from '../core/organisation/store';
import type { Db } from './database';
import { administratorGroupMembers, administratorGroups, administratorGroupScopes, groupAdministrators, invitations, technicianGroups, users } from './schema';

const personColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  nickname: users.nickname,
  role: users.role,
  groupId: users.groupId,
  enabled: users.enabled,
  description: users.description,
  twoFactorRequired: users.twoFactorRequired,
  passwordChangedAt: users.passwordChangedAt,
  mustChangePassword: users.mustChangePassword,
  createdAt: users.createdAt,
};

const toGroup = (row: typeof technicianGroups.$inferSelect): TechnicianGroup => ({
  ...row,
  permissions: JSON.parse(row.permissions) as TechnicianGroup['permissions'],
  ipRules: row.ipRules ? (JSON.parse(row.ipRules) as IpRules) : null,
});

/** A group as its row stores it: the JSON columns as text. */
export const groupRow = (group: TechnicianGroup): typeof technicianGroups.$inferInsert => ({
  ...group,
  permissions: JSON.stringify(group.permissions),
  ipRules: group.ipRules ? JSON.stringify(group.ipRules) : null,
});

export function sqliteOrganisationStore(db: Db): OrganisationStore {
  return {
    groups: {
      async list() {
        return db.select().from(technicianGroups).orderBy(asc(technicianGroups.name), asc(technicianGroups.id)).all().map(toGroup);
      },
      async find(id) {
        const row = db.select().from(technicianGroups).where(eq(technicianGroups.id, id)).get();
        return row ? toGroup(row) : null;
      },
      async insert(group) {
        db.insert(technicianGroups).values(groupRow(group)).run();
      },
      async update(id, patch) {
        const { permissions, ipRules, ...rest } = patch;
        db.update(technicianGroups)
          .set({
            ...rest,
            ...(permissions ? { permissions: JSON.stringify(permissions) } : {}),
            ...(ipRules !== undefined ? { ipRules: ipRules ? JSON.stringify(ipRules) : null } : {}),
          })
          .where(eq(technicianGroups.id, id))
          .run();
      },
      async setPermissions(changes) {
        db.transaction((tx) => {
          for (const change of changes) {
            tx.update(technicianGroups).set({ permissions: JSON.stringify(change.permissions) }).where(eq(technicianGroups.id, change.groupId)).run();
          }
        });
      },
      async administeredBy(userId) {
        return db.select({ id: groupAdministrators.groupId }).from(groupAdministrators).where(eq(groupAdministrators.userId, userId)).all().map((r) => r.id);
      },
      async assignAdministrator(groupId, userId) {
        db.insert(groupAdministrators).values({ groupId, userId }).onConflictDoNothing().run();
      },
      async unassignAdministrator(groupId, userId) {
        db.delete(groupAdministrators).where(and(eq(groupAdministrators.groupId, groupId), eq(groupAdministrators.userId, userId))).run();
      },
    },
    adminGroups: {
      async list() {
        const members = db.select().from(administratorGroupMembers).all();
        const scopes = db.select().from(administratorGroupScopes).all();
        return db.select().from(administratorGroups).orderBy(asc(administratorGroups.name), asc(administratorGroups.id)).all().map((g) => ({
          ...g,
          memberIds: members.filter((m) => m.adminGroupId === g.id).map((m) => m.userId),
          technicianGroupIds: scopes.filter((s) => s.adminGroupId === g.id).map((s) => s.technicianGroupId),
        }));
      },
      async insert(group) {
        db.insert(administratorGroups).values(group).run();
      },
      async update(id, patch) {
        if (Object.keys(patch).length > 0) db.update(administratorGroups).set(patch).where(eq(administratorGroups.id, id)).run();
      },
      async remove(id) {
        db.delete(administratorGroups).where(eq(administratorGroups.id, id)).run();
      },
      async setMembership(userId, adminGroupId) {
        db.transaction((tx) => {
          tx.delete(administratorGroupMembers).where(eq(administratorGroupMembers.userId, userId)).run();
          if (adminGroupId) tx.insert(administratorGroupMembers).values({ userId, adminGroupId }).run();
        });
      },
      async setTechnicianGroups(adminGroupId, technicianGroupIds) {
        db.transaction((tx) => {
          tx.delete(administratorGroupScopes).where(eq(administratorGroupScopes.adminGroupId, adminGroupId)).run();
          for (const technicianGroupId of new Set(technicianGroupIds)) tx.insert(administratorGroupScopes).values({ adminGroupId, technicianGroupId }).run();
        });
      },
    },
    people: {
      async list() {
        return db.select(personColumns).from(users).orderBy(asc(users.name), asc(users.id)).all() as Person[];
      },
      async find(id) {
        return (db.select(personColumns).from(users).where(eq(users.id, id)).get() as Person | undefined) ?? null;
      },
      async findByEmail(email) {
        return (db.select(personColumns).from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).get() as Person | undefined) ?? null;
      },
      async update(id, patch) {
        if (Object.keys(patch).length > 0) db.update(users).set(patch).where(eq(users.id, id)).run();
      },
    },
    invitations: {
      async insert(invitation) {
        await this.insertMany([invitation]);
      },
      async insertMany(list) {
        db.transaction((tx) => {
          for (const invitation of list) {
            tx.delete(invitations).where(and(sql`lower(${invitations.email}) = ${invitation.email.toLowerCase()}`, isNull(invitations.acceptedAt))).run();
            tx.insert(invitations).values(invitation).run();
          }
        });
      },
      async findByTokenHash(hash) {
        return (db.select().from(invitations).where(eq(invitations.tokenHash, hash)).get() as Invitation | undefined) ?? null;
      },
      async listPending(now) {
        return db.select().from(invitations).where(and(isNull(invitations.acceptedAt), gt(invitations.expiresAt, now))).orderBy(asc(invitations.email)).all() as Invitation[];
      },
      async find(id) {
        return (db.select().from(invitations).where(eq(invitations.id, id)).get() as Invitation | undefined) ?? null;
      },
      async renew(id, tokenHash, expiresAt) {
        return db.update(invitations).set({ tokenHash, expiresAt }).where(and(eq(invitations.id, id), isNull(invitations.acceptedAt))).run().changes === 1;
      },
      async withdraw(id) {
        return db.delete(invitations).where(and(eq(invitations.id, id), isNull(invitations.acceptedAt))).run().changes === 1;
      },
      async accept(invitationId, user, now) {
        return db.transaction((tx) => {
          const taken = tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${user.email.toLowerCase()}`).get();
          if (taken) return false;
          const spent = tx.update(invitations).set({ acceptedAt: now }).where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt))).run();
          if (spent.changes !== 1) return false;
          tx.insert(users).values(user).run();
          return true;
        }, { behavior: 'immediate' });
      },
    },
  };
}
