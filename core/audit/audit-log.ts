import * as z from 'zod';
import { DomainError } from '../errors';
import type { User } from '../model';

/** Who asked, from where: every administrative action is recorded with both. */
export interface Caller {
  user: User;
  address: string;
}

export interface AuditEntry {
  id: number;
  at: number;
  actorId: string | null;
  actorName: string;
  action: AuditAction;
  target: string;
  /** The technician group the action concerns, so an administrator sees their groups' entries. */
  targetGroupId: string | null;
  address: string;
  details: Record<string, unknown>;
}

export const AUDIT_ACTIONS = [
  'organisation.setup',
  'sign_in.succeeded',
  'sign_in.failed',
  'sign_out',
  'group.created',
  'group.changed',
  'group.moved',
  'group.permissions_changed',
  'group.security_changed',
  'admin_group.created',
  'admin_group.changed',
  'admin_group.removed',
  'admin_group.member_changed',
  'settings.password_policy_changed',
  'settings.security_mail_changed',
  'settings.channel_limit_changed',
  'settings.private_fields_changed',
  'settings.branding_changed',
  'settings.console_changed',
  'channel.created',
  'channel.changed',
  'channel.removed',
  'two_factor.enrolled',
  'two_factor.reset',
  'two_factor.recovery_codes_renewed',
  'password.changed',
  'password.reset',
  'password.reconfirm_failed',
  'person.changed',
  'person.moved',
  'person.enabled',
  'person.disabled',
  'invitation.sent',
  'invitation.accepted',
  'invitation.resent',
  'invitation.revoked',
  'abuse.reported',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditFilterSchema = z.object({
  actorId: z.string().max(64).optional(),
  groupId: z.string().max(64).optional(),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export interface AuditStore {
  append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  /** Newest first; `groupIds` narrows to entries about those groups (an administrator's view). */
  list(filter: AuditFilter & { groupIds?: string[] }): Promise<AuditEntry[]>;
}

/** The web activity log: append-only, written by the domain services as they act. */
export class AuditLog {
  private readonly listeners = new Set<(entry: AuditEntry) => void>();

  constructor(
    private readonly store: AuditStore,
    private readonly now: () => number,
  ) {}

  /** Called after each entry is stored (security e-mails). A listener's failure is its own business. */
  onRecord(listener: (entry: AuditEntry) => void): void {
    this.listeners.add(listener);
  }

  async record(
    by: { user: Pick<User, 'id' | 'name'> | null; address: string; actorName?: string },
    action: AuditAction,
    target: string,
    options: { groupId?: string | null; details?: Record<string, unknown> } = {},
  ): Promise<AuditEntry> {
    const entry = await this.store.append({
      at: this.now(),
      actorId: by.user?.id ?? null,
      actorName: by.user?.name ?? by.actorName ?? 'unknown',
      action,
      target,
      targetGroupId: options.groupId ?? null,
      address: by.address,
      details: options.details ?? {},
    });
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  list(filter: AuditFilter): Promise<AuditEntry[]> {
    return this.store.list(filter);
  }

  /**
   * The activity log as `viewer` may read it: everything for a master administrator, the entries about the
   * groups they manage for an administrator, nothing for a technician.
   */
  async listFor(viewer: User, manageable: string[], filter: AuditFilter): Promise<AuditEntry[]> {
    if (viewer.role === 'master_admin') return this.store.list(filter);
    if (viewer.role !== 'admin') throw DomainError.forbidden('The activity log is for administrators.');
    if (filter.groupId && !manageable.includes(filter.groupId)) throw DomainError.forbidden('You do not manage that group.');
    return this.store.list({ ...filter, groupIds: manageable });
  }
}
