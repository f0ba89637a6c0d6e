import type { HelperPlatform } from '../../protocol/helper';
import type { ConsoleSettingsStore } from '../../core/organisation/console-settings';
import type { Accounts } from '../../core/auth/accounts';
import type { AuthSessions } from '../../core/auth/auth-sessions';
import type { AuditLog } from '../../core/audit/audit-log';
import type { SecurityMail } from '../../core/audit/security-mail';
import type { AccountSettings } from '../../core/auth/account-settings';
import type { PersonPreferences } from '../../core/preferences/preferences';
import type { SessionGate } from '../../core/auth/session-gate';
import type { SignIn } from '../../core/auth/sign-in';
import type { TwoFactor } from '../../core/auth/two-factor';
import type { OrganisationSettings } from '../../core/organisation/settings';
import type { BrandingSettings } from '../../core/organisation/branding';
import type { SessionRatings } from '../../core/support/ratings';
import type { PersonSecurity } from '../../core/organisation/person-security';
import type { OutboxStore } from '../../core/mail/mailer';
import type { Invitations } from '../../core/organisation/invitations';
import type { AdministratorGroups } from '../../core/organisation/administrator-groups';
import type { OrganisationTree } from '../../core/organisation/organisation-tree';
import type { HelperPairing } from '../../core/support/helper-pairing';
import type { Repository } from '../../core/repository';
import type { SessionEvidence } from '../../core/support/evidence';
import type { SessionReports } from '../../core/support/reports';
import type { AbuseReports } from '../../core/support/abuse-reports';
import type { SupportSessions } from '../../core/support/support-sessions';
import type { Logger } from '../../core/logger';
import type { Channels } from '../../core/channels/channels';
import type { CustomerPage } from '../customer/CustomerApp';
import type { CustomerBrand } from '../customer/BrandHeader';
import type { Locale } from '../i18n/locales';

/**
 * The services Next.js route handlers and server components use. server.ts builds them once; Next bundles its
 * routes separately from server.ts's module graph, so the one instance is handed over through globalThis.
 * Types only are imported here: the web bundle never loads SQLite or argon2 itself.
 */
export interface LifelineContext {
  repo: Repository;
  accounts: Accounts;
  authSessions: AuthSessions;
  supportSessions: SupportSessions;
  evidence: SessionEvidence;
  organisation: OrganisationTree;
  helperPairing: HelperPairing;
  /** The Lifeline Helper executables this server hands out, by platform (built by `npm run build:helper`). */
  helperBinaries: Record<HelperPlatform, string>;
  /** Base URL customers and helpers reach this server at. */
  publicUrl: () => string;
  adminGroups: AdministratorGroups;
  invitations: Invitations;
  audit: AuditLog;
  /** Mail kept when no SMTP server is configured; master administrators read it. */
  outbox: OutboxStore;
  signIn: SignIn;
  accountSettings: AccountSettings;
  /** Each person's own nickname, picture, language, theme and sound (web/app/account). */
  preferences: PersonPreferences;
  reports: SessionReports;
  abuseReports: AbuseReports;
  personSecurity: PersonSecurity;
  gate: SessionGate;
  settings: OrganisationSettings;
  /** The organisation's name, logo, accent colour and contact line, as customers see them. */
  branding: BrandingSettings;
  /** Customers' ratings of their sessions. */
  ratings: SessionRatings;
  securityMail: SecurityMail;
  consoleSettings: ConsoleSettingsStore;
  twoFactor: TwoFactor;
  log: Logger;
  /** Cookies get `Secure` when we serve TLS or sit behind an https PUBLIC_URL. */
  secureCookies: boolean;
  isOriginAllowed: (origin: string | undefined, host: string | undefined) => boolean;
  channels: Channels;
  /** The widget's scripts (loader and co-browse bundle), built when the server started. */
  widgetScripts: Record<'loader' | 'cobrowse', { code: string; etag: string }>;
  /** The customer's pages, rendered without Next's client runtime (server/customer-pages.ts). */
  customerPages: CustomerPages;
  /** Whether the person has a console open now (a channel is staffed only while one of its technicians has). */
  isTechnicianOnline: (userId: string) => boolean;
}

export interface CustomerPageHead {
  title: string;
  description?: string;
  /** On <html> from the first paint (the widget's frame: `in-widget`). */
  htmlClass?: string;
}

/** The customer pages' script, at an address that changes with its content (so browsers may keep it for good). */
export interface CustomerScript {
  code: string;
  /** The code as sent: compressed once, at full effort, in each encoding a browser may ask for. */
  encoded: Record<'identity' | 'gzip' | 'br', Uint8Array<ArrayBuffer>>;
  etag: string;
  path: string;
}

export interface CustomerPages {
  /** A whole HTML document: the page rendered on the server, the words it needs, and its script. */
  html(reader: { locale: Locale; timeZone: string; nonce: string; brand: CustomerBrand }, page: CustomerPage, head: CustomerPageHead): string;
  script(): CustomerScript;
}

const KEY = Symbol.for('lifeline.context');
type Holder = { [KEY]?: LifelineContext };

export function provideLifelineContext(context: LifelineContext): void {
  const holder = globalThis as Holder;
  if (holder[KEY]) throw new Error('One Lifeline server per process: a second one would share the first one\'s web routes.');
  holder[KEY] = context;
}

export function releaseLifelineContext(): void {
  delete (globalThis as Holder)[KEY];
}

export function lifeline(): LifelineContext {
  const context = (globalThis as Holder)[KEY];
  if (!context) throw new Error('Lifeline services are missing: start the app with `npm start` (server.ts), not `next start`.');
  return context;
}

/** Set by server.ts on every request from the socket address (or the trusted proxy's header); never by the client. */
export const CLIENT_ADDRESS_HEADER = 'x-lifeline-client-address';
