import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Timestamps are UTC milliseconds (integers) everywhere, as DESIGN.md says.

export const organisation = sqliteTable('organisation', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  /** What customers see ("Alex from Support"). */
  nickname: text('nickname').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['master_admin', 'admin', 'technician'] }).notNull(),
  groupId: text('group_id').references(() => technicianGroups.id),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  description: text('description').notNull().default(''),
  /** An administrator requires a second factor of this person (their group may require it too). */
  twoFactorRequired: integer('two_factor_required', { mode: 'boolean' }).notNull().default(false),
  /** The TOTP secret, encrypted with the server's key (data/secret.key); null until enrolled. */
  totpSecret: text('totp_secret'),
  passwordChangedAt: integer('password_changed_at'),
  /** Set by an administrator's reset: the next sign-in must choose a new password. */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
}, (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`), index('users_group').on(t.groupId)]);

/** The organisation tree's technician groups; a group with no parent is a top-level group. */
export const technicianGroups = sqliteTable('technician_groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  parentId: text('parent_id').references((): AnySQLiteColumn => technicianGroups.id),
  description: text('description').notNull().default(''),
  /** JSON object of the rights this group sets itself; the others come from its parent. */
  permissions: text('permissions').notNull().default('{}'),
  /** Its technicians sign in with a second factor. */
  requireTwoFactor: integer('require_two_factor', { mode: 'boolean' }).notNull().default(false),
  /** JSON {mode: 'allow_all_except' | 'deny_all_except', ranges: CIDR[]}, or null to inherit from the parent. */
  ipRules: text('ip_rules'),
  /** Whose input wins during remote control: 'technician' or 'customer'; null to inherit from the parent. */
  inputPriority: text('input_priority', { enum: ['technician', 'customer'] }),
  /** At most this many concurrent sessions per technician of the group; null: no maximum. */
  maxSessions: integer('max_sessions'),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('technician_groups_parent').on(t.parentId)]);

/** Administrators manage the technician groups assigned to them (and those groups' subgroups). */
export const groupAdministrators = sqliteTable('group_administrators', {
  groupId: text('group_id').notNull().references(() => technicianGroups.id, { onDelete: 'cascade' }),
  userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
}, (t) => [primaryKey({ columns: [t.groupId, t.userId] })]);

/**
 * Administrator groups organise administrators: they nest, an administrator belongs to at most one, and an
 * administrator manages the technician groups assigned to their group and to the groups below it.
 */
export const administratorGroups = sqliteTable('administrator_groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  parentId: text('parent_id').references((): AnySQLiteColumn => administratorGroups.id),
  description: text('description').notNull().default(''),
  createdAt: integer('created_at').notNull(),
});

/** user_id is the key: one administrator, one administrator group at most. */
export const administratorGroupMembers = sqliteTable('administrator_group_members', {
  userId: text('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  adminGroupId: text('admin_group_id').notNull().references(() => administratorGroups.id, { onDelete: 'cascade' }),
}, (t) => [index('administrator_group_members_group').on(t.adminGroupId)]);

/** The technician groups an administrator group manages. */
export const administratorGroupScopes = sqliteTable('administrator_group_scopes', {
  adminGroupId: text('admin_group_id').notNull().references(() => administratorGroups.id, { onDelete: 'cascade' }),
  technicianGroupId: text('technician_group_id').notNull().references(() => technicianGroups.id, { onDelete: 'cascade' }),
}, (t) => [primaryKey({ columns: [t.adminGroupId, t.technicianGroupId] })]);

export const invitations = sqliteTable('invitations', {
  id: text('id').primaryKey(),
  email: text('email').notNull(),
  groupId: text('group_id').notNull().references(() => technicianGroups.id),
  role: text('role', { enum: ['admin', 'technician'] }).notNull(),
  /** SHA-256 of the sign-up link's token; the token itself only travels in the e-mail. */
  tokenHash: text('token_hash').notNull(),
  invitedBy: text('invited_by').notNull().references(() => users.id),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  acceptedAt: integer('accepted_at'),
  twoFactorRequired: integer('two_factor_required', { mode: 'boolean' }).notNull().default(false),
}, (t) => [uniqueIndex('invitations_token_unique').on(t.tokenHash), index('invitations_email').on(sql`lower(${t.email})`)]);

/** Mail that had no SMTP server to go to (the embedded default): master administrators read it in the admin center. */
export const outbox = sqliteTable('outbox', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Append-only record of every administrative and authentication action. */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull(),
  /** Who acted; null for an unknown caller (a failed sign-in with an unknown e-mail). */
  actorId: text('actor_id'),
  actorName: text('actor_name').notNull(),
  action: text('action').notNull(),
  /** What was acted on, as a person would read it ("Technicians", "ana@example.com"). */
  target: text('target').notNull(),
  targetGroupId: text('target_group_id'),
  address: text('address').notNull(),
  details: text('details').notNull().default('{}'),
}, (t) => [index('audit_log_at').on(t.at), index('audit_log_actor').on(t.actorId, t.at)]);

export const authSessions = sqliteTable('auth_sessions', {
  /** SHA-256 of the cookie token; the token itself is never stored. */
  id: text('id').primaryKey(),
  userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: integer('expires_at').notNull(),
  createdAt: integer('created_at').notNull(),
  /** The second factor this sign-in passed ('totp', 'recovery', 'email'), null when none was asked. */
  secondFactor: text('second_factor'),
  /** Where and with what the sign-in happened, for the account page's list of sign-ins. */
  address: text('address').notNull().default(''),
  userAgent: text('user_agent').notNull().default(''),
}, (t) => [index('auth_sessions_user').on(t.userId)]);

export const supportSessions = sqliteTable('support_sessions', {
  id: text('id').primaryKey(),
  /** The technician working it; null while it waits unassigned in its group's queue. */
  technicianId: text('technician_id').references(() => users.id),
  /** The queue it belongs to: its technician's group when created, the target group when transferred to one. */
  groupId: text('group_id').references(() => technicianGroups.id),
  /** When its technician first had it open with the customer there (for pick-up times and waiting estimates). */
  pickedUpAt: integer('picked_up_at'),
  /** When the customer started waiting for the technician who has it now: joining, or the last hand-over. */
  queuedAt: integer('queued_at'),
  customerName: text('customer_name').notNull(),
  state: text('state', { enum: ['created', 'waiting', 'active', 'closed'] }).notNull(),
  /** Live code while the session waits to be joined; cleared when spent, expired or closed. */
  code: text('code'),
  codeExpiresAt: integer('code_expires_at').notNull(),
  linkTokenHash: text('link_token_hash').notNull(),
  /** SHA-256 of the customer's join token, issued when the code or link was redeemed. */
  customerTokenHash: text('customer_token_hash'),
  createdAt: integer('created_at').notNull(),
  joinedAt: integer('joined_at'),
  consentedAt: integer('consented_at'),
  closedAt: integer('closed_at'),
  endReason: text('end_reason'),
  notes: text('notes').notNull().default(''),
  /** Chat is on: the group's "chat" right decides at creation, a technician with "chatToggle" changes it. */
  chatEnabled: integer('chat_enabled', { mode: 'boolean' }).notNull().default(true),
  /** SHA-256 of the Lifeline Helper's pairing token, issued when the technician asks for desktop control. */
  helperTokenHash: text('helper_token_hash'),
  /** The channel the customer started it from; null for a private session (code and link). */
  channelId: text('channel_id').references(() => channels.id),
  /** JSON array of { id, label, value }: the custom fields' answers, with the labels they had when asked. */
  customFields: text('custom_fields').notNull().default('[]'),
  /** A request left outside the channel's hours: the customer is not waiting on the page, they wait to be contacted. */
  request: integer('request', { mode: 'boolean' }).notNull().default(false),
  /** The customer's satisfaction, 1-5, given once on the ended page (core/support/ratings.ts); null until then. */
  rating: integer('rating'),
  ratingComment: text('rating_comment'),
  ratedAt: integer('rated_at'),
}, (t) => [
  // Unique among live sessions: closing clears the code, so SQLite's NULLs make the index partial for free.
  uniqueIndex('support_sessions_code_unique').on(t.code),
  uniqueIndex('support_sessions_link_unique').on(t.linkTokenHash),
  uniqueIndex('support_sessions_customer_token_unique').on(t.customerTokenHash),
  uniqueIndex('support_sessions_helper_token_unique').on(t.helperTokenHash),
  index('support_sessions_technician').on(t.technicianId, t.state),
  index('support_sessions_group').on(t.groupId, t.state),
  index('support_sessions_channel').on(t.channelId, t.state),
]);

/**
 * Ways for customers to start support themselves (see core/channels/channel.ts). The settings an administrator
 * edits are one JSON document: they are read and written whole, and queue visibility is decided in core/.
 */
export const channels = sqliteTable('channels', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  /** JSON: everything else of core's Channel (groups, exclusions, origins, fields, hours, behaviours, looks). */
  settings: text('settings').notNull(),
  createdAt: integer('created_at').notNull(),
  removedAt: integer('removed_at'),
}, (t) => [uniqueIndex('channels_slug_unique').on(t.slug)]);

/** Append-only timeline of a support session: chat, consent, sharing, end. */
export const sessionEvents = sqliteTable('session_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sessionId: text('session_id').notNull().references(() => supportSessions.id),
  at: integer('at').notNull(),
  actor: text('actor', { enum: ['technician', 'customer', 'system'] }).notNull(),
  type: text('type').notNull(),
  /** JSON object; its shape depends on `type` (see core/support/events.ts). */
  data: text('data').notNull(),
  /**
   * The event's link in its session's tamper-evident chain (core/support/event-chain.ts): its place from 1, the
   * previous event's hash and its own. Events written before the chain existed (migration 0013) have no seq or
   * prev_hash and the hash 'before-chain'.
   */
  seq: integer('seq'),
  prevHash: text('prev_hash'),
  hash: text('hash'),
}, (t) => [
  index('session_events_session').on(t.sessionId, t.id),
  // Two appends that read the same newest event cannot both take the next place: the second fails loudly
  // instead of forking the chain (a backstop for the store's transaction; NULLs of older events do not collide).
  uniqueIndex('session_events_chain').on(t.sessionId, t.seq),
]);

/** Chat snippets a technician inserts by keyword: their own (scope = user id) or organisation-wide ('org'). */
export const cannedReplies = sqliteTable('canned_replies', {
  id: text('id').primaryKey(),
  scope: text('scope').notNull(),
  keyword: text('keyword').notNull(),
  text: text('text').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [uniqueIndex('canned_replies_scope_keyword').on(t.scope, t.keyword)]);

/** One-time recovery codes for a lost authenticator, stored hashed; a used one is spent. */
export const recoveryCodes = sqliteTable('recovery_codes', {
  userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  codeHash: text('code_hash').notNull(),
  usedAt: integer('used_at'),
}, (t) => [primaryKey({ columns: [t.userId, t.codeHash] })]);

/** Organisation-wide settings only master administrators change (password policy, security e-mails). JSON by key. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * A person's own choices that follow them to any browser (web/app/account): language, theme, alert sound, and
 * their picture. The picture is addressed by the SHA-256 of its bytes (an unguessable name, see
 * core/preferences/preferences.ts); a row exists once they chose something.
 */
export const personPreferences = sqliteTable('person_preferences', {
  userId: text('user_id').primaryKey().references(() => users.id),
  language: text('language'),
  theme: text('theme', { enum: ['light', 'dark'] }),
  sound: integer('sound', { mode: 'boolean' }).notNull().default(true),
  avatarHash: text('avatar_hash'),
  avatarType: text('avatar_type'),
  avatar: blob('avatar', { mode: 'buffer' }),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('person_preferences_avatar').on(t.avatarHash)]);
