import * as z from 'zod';

/**
 * What a technician group may do, after the LogMeIn Rescue admin center's list. Each is enforced by the server
 * where the action is taken; rights whose capability a later issue builds (control, system information,
 * reboot, clipboard, unattended access) are stored and checked already, so that issue only adds the capability.
 */
export const PERMISSIONS = [
  'chat',
  'chatToggle',
  'remoteControl',
  'screenView',
  'sendFiles',
  'receiveFiles',
  'manageFiles',
  'sendUrls',
  'systemInfo',
  'reboot',
  'recordSessions',
  'privateSessions',
  'singlePrompt',
  'transferSessions',
  'clipboardSync',
  'shareOwnScreen',
  'inviteCollaborators',
  'editCustomFields',
  'unattendedAccess',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
export type Permissions = Record<Permission, boolean>;
/** What a group stores: only the rights it sets itself; the rest it inherits from its parent. */
export type PermissionOverrides = Partial<Permissions>;

export const permissionSchema = z.enum(PERMISSIONS);
export const permissionOverridesSchema = z.partialRecord(permissionSchema, z.boolean());

export const PERMISSION_LABELS: Record<Permission, string> = {
  chat: 'Chat (on when the session starts)',
  chatToggle: 'Technician may turn chat on and off',
  remoteControl: 'Start remote control',
  screenView: 'Start screen view',
  sendFiles: 'Send files',
  receiveFiles: 'Receive files',
  manageFiles: 'Manage files',
  sendUrls: 'Send URLs',
  systemInfo: 'View system information',
  reboot: 'Reboot',
  recordSessions: 'Record sessions',
  privateSessions: 'Start private sessions (code, link)',
  singlePrompt: 'Single prompt for all rights',
  transferSessions: 'Transfer sessions',
  clipboardSync: 'Clipboard synchronisation',
  shareOwnScreen: 'Share own screen with the customer',
  inviteCollaborators: 'Invite collaborators',
  editCustomFields: 'Edit custom fields in the queue',
  unattendedAccess: 'Unattended access',
};

/**
 * A new organisation's first group: everything a technician needs day to day. Rebooting a customer's machine
 * and unattended access stay off until an administrator decides otherwise; so does the single prompt, which
 * asks the customer for everything up front instead of for each right when it is needed.
 */
export const ROOT_DEFAULTS: Permissions = {
  ...(Object.fromEntries(PERMISSIONS.map((p) => [p, true])) as Permissions),
  reboot: false,
  unattendedAccess: false,
  singlePrompt: false,
};

export const NO_PERMISSIONS: Permissions = Object.fromEntries(PERMISSIONS.map((p) => [p, false])) as Permissions;
/**
 * A master administrator's: every right. The single prompt is a way of asking, not a right, so they ask the
 * customer for each right when it is needed, as the defaults do.
 */
export const ALL_PERMISSIONS: Permissions = { ...(Object.fromEntries(PERMISSIONS.map((p) => [p, true])) as Permissions), singlePrompt: false };

/** A group's rights: the root defaults, then each ancestor's overrides from the top down, then its own. */
export function resolvePermissions(chainFromRoot: readonly PermissionOverrides[]): Permissions {
  const resolved = { ...ROOT_DEFAULTS };
  for (const overrides of chainFromRoot) {
    for (const permission of PERMISSIONS) {
      const value = overrides[permission];
      if (value !== undefined) resolved[permission] = value;
    }
  }
  return resolved;
}
