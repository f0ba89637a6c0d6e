import * as z from 'zod';
import type { SettingsStore } from '../auth/account-store';
import type { Mailer } from '../mail/mailer';
import type { AuditEntry } from './audit-log';

/** The security e-mails master administrators can switch on, after the RemotePC HelpDesk list. */
export const securityMailSettingsSchema = z.object({
  signInSucceeded: z.boolean(),
  signInFailed: z.boolean(),
  contactChanged: z.boolean(),
  passwordChanged: z.boolean(),
  adminAdded: z.boolean(),
  technicianAdded: z.boolean(),
  technicianChanged: z.boolean(),
});
export type SecurityMailSettings = z.infer<typeof securityMailSettingsSchema>;

export const DEFAULT_SECURITY_MAIL: SecurityMailSettings = {
  signInSucceeded: false,
  signInFailed: true,
  contactChanged: true,
  passwordChanged: false,
  adminAdded: true,
  technicianAdded: false,
  technicianChanged: false,
};

export const SECURITY_MAIL_LABELS: Record<keyof SecurityMailSettings, string> = {
  signInSucceeded: 'Someone signed in',
  signInFailed: 'A sign-in failed',
  contactChanged: 'Contact details changed',
  passwordChanged: 'A password was changed',
  adminAdded: 'An administrator was added',
  technicianAdded: 'A technician was added',
  technicianChanged: 'A technician was changed (moved, enabled, disabled)',
};

/** Which switch an audit entry falls under, if any. */
export function securityMailKind(entry: AuditEntry): keyof SecurityMailSettings | null {
  switch (entry.action) {
    case 'sign_in.succeeded':
      return 'signInSucceeded';
    case 'sign_in.failed':
      // Not for an e-mail that is nobody's: it says nothing about our people, and anyone could fill the
      // administrators' mailboxes by trying made-up addresses.
      return entry.details.reason === 'unknown_account' ? null : 'signInFailed';
    // A signed-in person who got their own password wrong: the owner of the account, or whoever has their cookie.
    case 'password.reconfirm_failed':
      return 'signInFailed';
    case 'password.changed':
    case 'password.reset':
      return 'passwordChanged';
    case 'invitation.accepted':
      return entry.details.role === 'admin' ? 'adminAdded' : 'technicianAdded';
    case 'person.changed':
      return 'email' in entry.details || 'name' in entry.details || 'nickname' in entry.details ? 'contactChanged' : 'technicianChanged';
    case 'person.moved':
    case 'person.enabled':
    case 'person.disabled':
      return 'technicianChanged';
    default:
      return null;
  }
}

/**
 * Security e-mails: each audit entry of a switched-on kind goes to every master administrator. Sent after the
 * action is stored; a mail that cannot be sent is logged and never undoes or delays the action.
 */
export class SecurityMail {
  constructor(
    private readonly settings: SettingsStore,
    private readonly mailer: Mailer,
    private readonly recipients: () => Promise<string[]>,
    private readonly log: (message: string, error: unknown) => void,
  ) {}

  async current(): Promise<SecurityMailSettings> {
    const parsed = securityMailSettingsSchema.safeParse(await this.settings.get('security_mail'));
    return parsed.success ? parsed.data : DEFAULT_SECURITY_MAIL;
  }

  async notify(entry: AuditEntry): Promise<void> {
    const kind = securityMailKind(entry);
    if (!kind || !(await this.current())[kind]) return;
    const text = [
      `${SECURITY_MAIL_LABELS[kind]}.`,
      '',
      `Who: ${entry.actorName}`,
      `What: ${entry.action} — ${entry.target}`,
      `From: ${entry.address}`,
      `When (UTC): ${new Date(entry.at).toISOString().replace('T', ' ').slice(0, 19)}`,
      '',
      'You receive this because security e-mails are switched on in Lifeline\'s settings.',
    ].join('\n');
    for (const to of await this.recipients()) {
      await this.mailer.send({ to, subject: `Lifeline security: ${SECURITY_MAIL_LABELS[kind].toLowerCase()} (${entry.target})`, text }).catch((error: unknown) => this.log('security mail failed', error));
    }
  }
}
