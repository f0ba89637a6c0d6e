/** The domain's records, independent of how a repository stores them. */

export const Role = { masterAdmin: 'master_admin', admin: 'admin', technician: 'technician' } as const;
export type Role = (typeof Role)[keyof typeof Role];

export interface User {
  id: string;
  email: string;
  name: string;
  nickname: string;
  passwordHash: string;
  role: Role;
  /** The technician group whose rights apply; null for a master administrator outside any group. */
  groupId: string | null;
  /** A disabled person cannot sign in; their sign-ins stop working at once. */
  enabled: boolean;
  description: string;
  /** An administrator requires a second factor of this person (their group may too). */
  twoFactorRequired: boolean;
  /** The TOTP secret, encrypted at rest; null until the person enrolled an authenticator. */
  totpSecret: string | null;
  passwordChangedAt: number | null;
  /** After an administrator's reset: the next sign-in must choose a new password. */
  mustChangePassword: boolean;
  createdAt: number;
}

/** A node of the organisation tree: technicians inherit its rights, subgroups inherit unless they override. */
export interface TechnicianGroup {
  id: string;
  name: string;
  parentId: string | null;
  description: string;
  /** Only the rights this group sets itself (see core/organisation/permissions.ts). */
  permissions: Partial<Record<string, boolean>>;
  /** Its technicians sign in with a second factor. */
  requireTwoFactor: boolean;
  /** Where its technicians may sign in from; null: as the parent group says (see core/organisation/ip-rules.ts). */
  ipRules: IpRules | null;
  /** Whose input wins during remote control (the customer's pauses the technician's for a moment); null: as the parent says. */
  inputPriority: 'technician' | 'customer' | null;
  /** At most this many sessions at once per technician of the group (assigning more is refused); null: no maximum. */
  maxSessions: number | null;
  createdAt: number;
}

export interface IpRules {
  mode: 'allow_all_except' | 'deny_all_except';
  /** CIDR ranges, IPv4 or IPv6 ("203.0.113.0/24", "2001:db8::/32"); a bare address is a /32 or /128. */
  ranges: string[];
}

export interface Invitation {
  id: string;
  email: string;
  groupId: string;
  role: Exclude<Role, 'master_admin'>;
  /** SHA-256 of the sign-up link's token. */
  tokenHash: string;
  invitedBy: string;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  twoFactorRequired: boolean;
}

export interface AuthSession {
  /** SHA-256 of the cookie token. */
  id: string;
  userId: string;
  expiresAt: number;
  createdAt: number;
  /** The second factor this sign-in passed; null when none was asked. */
  secondFactor: 'totp' | 'recovery' | 'email' | null;
  address: string;
  userAgent: string;
}

export interface Organisation {
  name: string;
}

export const SessionState = { created: 'created', waiting: 'waiting', active: 'active', closed: 'closed' } as const;
export type SessionState = (typeof SessionState)[keyof typeof SessionState];

export const EndReason = {
  technicianEnded: 'technician_ended',
  customerEnded: 'customer_ended',
  expired: 'expired',
  idleTimeout: 'idle_timeout',
  resolved: 'resolved',
} as const;
export type EndReason = (typeof EndReason)[keyof typeof EndReason];

export interface SupportSession {
  id: string;
  /** Who works it; null while it waits unassigned in its group's queue. */
  technicianId: string | null;
  /** The queue it sits in: its technician's group at creation, or the group it was transferred to. */
  groupId: string | null;
  /** When its technician first had it open with the customer there; null until then. */
  pickedUpAt: number | null;
  /** When the customer started waiting for the technician who has it now: joining, or the last hand-over. */
  queuedAt: number | null;
  customerName: string;
  state: SessionState;
  code: string | null;
  codeExpiresAt: number;
  linkTokenHash: string;
  customerTokenHash: string | null;
  createdAt: number;
  joinedAt: number | null;
  consentedAt: number | null;
  closedAt: number | null;
  endReason: EndReason | null;
  /** The technician's notes, saved as they type; never shown to the customer. */
  notes: string;
  /** Whether chat is on in this session (the Rescue "chat trio": on at the start, or turned on by the technician). */
  chatEnabled: boolean;
  /** The Lifeline Helper's pairing token (hashed); null until desktop control is asked for. */
  helperTokenHash: string | null;
  /** The channel the customer started it from; null for a private session (code and link). */
  channelId: string | null;
  /** The custom fields' answers, with the labels they had when asked (a later rename does not rewrite history). */
  customFields: CustomFieldEntry[];
  /** A request left while the channel was closed: the customer waits to be contacted, not on the page. */
  request: boolean;
}

export interface CustomFieldEntry {
  id: string;
  label: string;
  value: string;
}

export type Actor = 'technician' | 'customer' | 'system';

export interface SessionEvent {
  id: number;
  sessionId: string;
  at: number;
  actor: Actor;
  type: SessionEventType;
  data: Record<string, unknown>;
}

export const SessionEventType = {
  created: 'created',
  joined: 'joined',
  consented: 'consented',
  chat: 'chat',
  screenShareStarted: 'screen_share_started',
  screenShareStopped: 'screen_share_stopped',
  urlPushed: 'url_pushed',
  fileTransferred: 'file_transferred',
  screenshotTaken: 'screenshot_taken',
  recordingStarted: 'recording_started',
  recordingStopped: 'recording_stopped',
  callStarted: 'call_started',
  callEnded: 'call_ended',
  assigned: 'assigned',
  customFieldsEdited: 'custom_fields_edited',
  waitingTimedOut: 'waiting_timed_out',
  transferred: 'transferred',
  resolved: 'resolved',
  collaboratorInvited: 'collaborator_invited',
  collaboratorRemoved: 'collaborator_removed',
  chatToggled: 'chat_toggled',
  cobrowseRequested: 'cobrowse_requested',
  cobrowseStarted: 'cobrowse_started',
  cobrowseStopped: 'cobrowse_stopped',
  /** The customer reported abuse (core/support/abuse-reports.ts), also after the session ended. */
  abuseReported: 'abuse_reported',
  controlRequested: 'control_requested',
  controlGranted: 'control_granted',
  controlDeclined: 'control_declined',
  controlStopped: 'control_stopped',
  ended: 'ended',
} as const;
export type SessionEventType = (typeof SessionEventType)[keyof typeof SessionEventType];
