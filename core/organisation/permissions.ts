import * as z from 'zod';

/**
 * What a technician group may do, after the LogMeIn Rescue admin center's list. A right is listed here only once
 * its feature exists and is enforced: by the server where the action is taken, and, for what flows peer to peer
 * (the screen, files, the helper's extras), also by the customer's side (CUSTOMER_ENFORCED_RIGHTS, the helper's
 * rights). Rescue's "manage files", "share own screen" and "unattended access" come back with their features:
 * a switch for something that does not exist promises what nothing checks. Rights a group stored under a name
 * no longer listed are ignored when read (resolvePermissions) and refused when set.
 */
export const PERMISSIONS = [
  'chat',
  'chatToggle',
  'remoteControl',
  'screenView',
  'sendFiles',
  'receiveFiles',
  'sendUrls',
  'systemInfo',
  'reboot',
  'recordSessions',
  'privateSessions',
  'singlePrompt',
  'transferSessions',
  'clipboardSync',
  'inviteCollaborators',
  'editCustomFields',
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
  sendUrls: 'Send URLs',
  systemInfo: 'View system information',
  reboot: 'Reboot',
  recordSessions: 'Record sessions',
  privateSessions: 'Start private sessions (code, link)',
  singlePrompt: 'Single prompt for all rights',
  transferSessions: 'Transfer sessions',
  clipboardSync: 'Clipboard synchronisation',
  inviteCollaborators: 'Invite collaborators',
  editCustomFields: 'Edit custom fields in the queue',
};

/**
 * A new organisation's first group: everything a technician needs day to day. Rebooting a customer's machine
 * stays off until an administrator decides otherwise; so does the single prompt, which
 * asks the customer for everything up front instead of for each right when it is needed.
 */
export const ROOT_DEFAULTS: Permissions = {
  ...(Object.fromEntries(PERMISSIONS.map((p) => [p, true])) as Permissions),
  reboot: false,
  singlePrompt: false,
};

export const NO_PERMISSIONS: Permissions = Object.fromEntries(PERMISSIONS.map((p) => [p, false])) as Permissions;
/**
 * A master administrator's: every right. The single prompt is a way of asking, not a right, so they ask the
 * customer for each right when it is needed, as the defaults do.
 */
export const ALL_PERMISSIONS: Permissions = { ...(Object.fromEntries(PERMISSIONS.map((p) => [p, true])) as Permissions), singlePrompt: false };

/**
 * The technician's rights the customer's side enforces itself, because what they allow flows peer to peer where
 * the server sees nothing: the screen (video and the page's DOM) and files in each direction. The server sends
 * them with who helps the customer (and again when that changes); the customer's page refuses the rest.
 */
export const CUSTOMER_ENFORCED_RIGHTS = ['screenView', 'sendFiles', 'receiveFiles'] as const satisfies readonly Permission[];
export type CustomerEnforcedRight = (typeof CUSTOMER_ENFORCED_RIGHTS)[number];
export type CustomerEnforcedRights = Record<CustomerEnforcedRight, boolean>;
export const NO_CUSTOMER_RIGHTS = Object.fromEntries(CUSTOMER_ENFORCED_RIGHTS.map((r) => [r, false])) as CustomerEnforcedRights;

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
