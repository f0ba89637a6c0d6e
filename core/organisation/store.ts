import type { Invitation, TechnicianGroup, User } from '../model';
import type { AdministratorGroup } from './administrator-groups';

/** Everyone in the organisation as the admin center shows them: no password hashes, no TOTP secrets. */
export type Person = Omit<User, 'passwordHash' | 'totpSecret'>;

/** What the organisation tree and invitations need from storage. */
export interface OrganisationStore {
  groups: {
    list(): Promise<TechnicianGroup[]>;
    find(id: string): Promise<TechnicianGroup | null>;
    insert(group: TechnicianGroup): Promise<void>;
    update(id: string, patch: Partial<Omit<TechnicianGroup, 'id' | 'createdAt'>>): Promise<void>;
    /** Sets or clears (null) single rights on several groups in one transaction. */
    setPermissions(changes: { groupId: string; permissions: TechnicianGroup['permissions'] }[]): Promise<void>;
    /** Group ids assigned to an administrator. */
    administeredBy(userId: string): Promise<string[]>;
    assignAdministrator(groupId: string, userId: string): Promise<void>;
    unassignAdministrator(groupId: string, userId: string): Promise<void>;
  };
  adminGroups: {
    list(): Promise<AdministratorGroup[]>;
    insert(group: Omit<AdministratorGroup, 'memberIds' | 'technicianGroupIds'>): Promise<void>;
    update(id: string, patch: Partial<Pick<AdministratorGroup, 'name' | 'description' | 'parentId'>>): Promise<void>;
    /** Deletes an administrator group that has neither members nor subgroups left. */
    remove(id: string): Promise<void>;
    /** Puts an administrator in one group (leaving any other), or in none. */
    setMembership(userId: string, adminGroupId: string | null): Promise<void>;
    setTechnicianGroups(adminGroupId: string, technicianGroupIds: string[]): Promise<void>;
  };
  people: {
    list(): Promise<Person[]>;
    find(id: string): Promise<Person | null>;
    findByEmail(email: string): Promise<Person | null>;
    update(id: string, patch: Partial<Pick<User, 'groupId' | 'enabled' | 'name' | 'nickname' | 'description' | 'email' | 'twoFactorRequired'>>): Promise<void>;
  };
  invitations: {
    /** Stores a new invitation and withdraws any earlier unaccepted one for the same address. */
    insert(invitation: Invitation): Promise<void>;
    /** Stores several at once, all or none (a CSV import), each withdrawing earlier ones for its address. */
    insertMany(invitations: Invitation[]): Promise<void>;
    findByTokenHash(hash: string): Promise<Invitation | null>;
    listPending(now: number): Promise<Invitation[]>;
    find(id: string): Promise<Invitation | null>;
    /** A fresh link for an unaccepted invitation: the old token stops working. False when it was accepted or withdrawn meanwhile. */
    renew(id: string, tokenHash: string, expiresAt: number): Promise<boolean>;
    /** Withdraws an unaccepted invitation; false when there was none to withdraw. */
    withdraw(id: string): Promise<boolean>;
    /**
     * Creates the invitee's account and spends the invitation, atomically. False when the invitation was
     * spent already or the address belongs to someone by now.
     */
    accept(invitationId: string, user: User, now: number): Promise<boolean>;
  };
}
