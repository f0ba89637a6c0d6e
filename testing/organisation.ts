import { sqliteAuditStore } from '../drizzle/audit-store';
import { sqliteOrganisationStore } from '../drizzle/organisation-store';
import { sqliteOutboxStore } from '../drizzle/outbox-store';
import { sqliteRepository } from '../drizzle/sqlite-repository';
import { openTestDb } from '../drizzle/testing';
import { Accounts } from '../core/auth/accounts';
import { AuditLog } from '../core/audit/audit-log';
import { ManualClock } from '../core/clock';
import { OutboxMailer } from '../core/mail/mailer';
import { AdministratorGroups } from '../core/organisation/administrator-groups';
import { Invitations } from '../core/organisation/invitations';
import { OrganisationTree } from '../core/organisation/organisation-tree';
import { OrganisationSettings } from '../core/organisation/settings';
import { sqliteSettingsStore } from '../drizzle/account-store';
import { ALL_PERMISSIONS } from '../core/organisation/permissions';
import type { Rights } from '../core/organisation/rights';
import { Channels } from '../core/channels/channels';
import { sqliteChannelStore } from '../drizzle/channel-store';

export const TEST_ADDRESS = '198.51.100.7';

/** A fresh organisation on a real SQLite file: the owner set up, every service wired as server/start.ts does. */
export async function testOrganisation() {
  const db = openTestDb();
  const repo = sqliteRepository(db);
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9));
  const now = () => clock.now();
  const audit = new AuditLog(sqliteAuditStore(db), now);
  const store = sqliteOrganisationStore(db);
  const tree = new OrganisationTree(store, audit, now);
  const adminGroups = new AdministratorGroups(store, audit, now);
  const outbox = sqliteOutboxStore(db);
  const settingsStore = sqliteSettingsStore(db);
  const settings = new OrganisationSettings(settingsStore, audit);
  const channels = new Channels(sqliteChannelStore(db), tree, settingsStore, audit, now);
  const invitations = new Invitations({
    store,
    tree,
    audit,
    mailer: new OutboxMailer(outbox, now),
    now,
    signupUrl: (token) => `https://support.example.com/signup/${token}`,
    organisationName: async () => (await repo.organisation.get())?.name ?? 'Lifeline',
    passwordPolicy: () => settings.passwordPolicy(),
  });
  const accounts = new Accounts(repo, clock, audit);
  const owner = await accounts.setupOwner({ name: 'Olivia Owner', email: 'owner@example.com', password: 'correct horse battery', organisation: 'Acme' }, TEST_ADDRESS);
  const [firstGroup] = await store.groups.list();
  const asOwner = { user: owner, address: TEST_ADDRESS };
  /** Invites and signs up a person in one go, returning their account. */
  const addPerson = async (email: string, groupId: string, role: 'technician' | 'admin' = 'technician') => {
    await invitations.invite(asOwner, { email, groupId, role });
    const [mail] = await outbox.list(1);
    const token = /\/signup\/([a-z0-9]+)/.exec(mail.text)![1];
    return invitations.accept({ token, name: email.split('@')[0], password: 'long enough password' }, TEST_ADDRESS);
  };
  return { db, repo, clock, audit, settingsStore, store, tree, adminGroups, outbox, invitations, accounts, settings, channels, owner, firstGroup, asOwner, addPerson };
}

/**
 * For tests of services whose subject is not permissions: every right granted, nobody in a group. Never used
 * by the server.
 */
export const unrestrictedRights: Rights = {
  require: async () => {},
  rightsOf: async () => ALL_PERMISSIONS,
  groupOf: async () => null,
  group: async () => null,
  person: async () => null,
  maxSessionsFor: async () => null,
};
