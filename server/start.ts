import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { Accounts } from '../core/auth/accounts';
import { AuthSessions } from '../core/auth/auth-sessions';
import { type Clock, systemClock } from '../core/clock';
import { SessionEvidence } from '../core/support/evidence';
import { SessionReports } from '../core/support/reports';
import { AbuseReports } from '../core/support/abuse-reports';
import { ServiceQueue } from '../core/support/service-queue';
import { Channels } from '../core/channels/channels';
import { WaitingTimeouts } from '../core/channels/waiting-timeouts';
import { sqliteChannelStore } from '../drizzle/channel-store';
import { buildWidgetScripts } from '../widget/build';
import { buildCustomerPages } from './customer-pages';
import { sendWebResponse, webRequest } from './web-response';
import { customerRoute } from '../web/server/customer-routes';
import { outerBodyLimit, tooLargeBody } from '../web/server/body-limits';
import { SupportSessions, defaultSupportSessionOptions } from '../core/support/support-sessions';
import { CannedReplies } from '../core/canned-replies';
import { AuditLog } from '../core/audit/audit-log';
import { SecurityMail } from '../core/audit/security-mail';
import { sealedOutbox } from '../core/mail/sealed-outbox';
import { OutboxMailer } from '../core/mail/mailer';
import { AdministratorGroups } from '../core/organisation/administrator-groups';
import { Invitations } from '../core/organisation/invitations';
import { HelperPairing } from '../core/support/helper-pairing';
import { OrganisationTree } from '../core/organisation/organisation-tree';
import { OrganisationSettings } from '../core/organisation/settings';
import { BrandingSettings } from '../core/organisation/branding';
import { SessionRatings } from '../core/support/ratings';
import { ConsoleSettingsStore } from '../core/organisation/console-settings';
import { PersonSecurity } from '../core/organisation/person-security';
import { SecretBox } from '../core/auth/secret-box';
import { AccountSettings } from '../core/auth/account-settings';
import { SessionGate } from '../core/auth/session-gate';
import { SignIn } from '../core/auth/sign-in';
import { TwoFactor } from '../core/auth/two-factor';
import { sqliteAccountStore, sqliteSettingsStore } from '../drizzle/account-store';
import { sqliteAuditStore } from '../drizzle/audit-store';
import { sqliteOrganisationStore } from '../drizzle/organisation-store';
import { sqliteOutboxStore } from '../drizzle/outbox-store';
import { sqliteCannedReplyStore } from '../drizzle/canned-reply-store';
import { sqlitePreferencesStore } from '../drizzle/preferences-store';
import { PersonPreferences } from '../core/preferences/preferences';
import { openDatabase } from '../drizzle/database';
import { sqliteRepository } from '../drizzle/sqlite-repository';
import { attachSignaling } from '../signaling/server';
import { IceServers } from '../turn/ice-servers';
import { EmbeddedRelay } from '../turn/relay';
import { CLIENT_ADDRESS_HEADER, provideLifelineContext, releaseLifelineContext } from '../web/server/context';
import { clientAddress, originChecker, reachedOverTls, TrustedProxies } from './client-address';
import { type HeaderOptions, NONCE_HEADER, newNonce, securityHeaders } from '../web/server/security-headers';
import type { Config } from './config';
import { diskStore } from './disk-store';
import { loadSecretKey } from './secret-key';
import { smtpMailer } from './smtp-mailer';
import type { Logger } from '../core/logger';
import { createLogger } from './log';
import { HELPER_PLATFORMS, type HelperPlatform } from '../protocol/helper';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const webDir = path.join(root, 'web');

export interface StartOptions {
  clock?: Clock;
  log?: Logger;
  /** Next.js in development mode (hot reload) instead of serving the production build. */
  dev?: boolean;
}

export interface RunningLifeline {
  url: string;
  port: number;
  turnPort: number | null;
  /** Runs the sweeps now (they also run every 15 s): expired codes close, channel sessions that waited too long move on. */
  expireDue(): Promise<void>;
  /**
   * Stops serving. `drainMs`: a graceful stop (SIGTERM, a deploy): no new connections, the pages' sockets told
   * to reconnect (to the next server), and requests under way (an upload) given that long to finish first.
   */
  close(options?: { drainMs?: number }): Promise<void>;
}

/** Builds every part from the config and serves them from one Node process. */
export async function startLifeline(config: Config, options: StartOptions = {}): Promise<RunningLifeline> {
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const dev = options.dev ?? false;

  // The database, recordings, screenshots and the key that seals second factors: this process's user only (other
  // accounts on the machine cannot even list the folder).
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(config.dataDir, 0o700);
  const database = openDatabase(config.dataDir);
  const repo = sqliteRepository(database.db);
  const now = () => clock.now();
  const authSessions = new AuthSessions(repo, clock);
  const audit = new AuditLog(sqliteAuditStore(database.db), now);
  const accounts = new Accounts(repo, clock, audit);
  const organisationStore = sqliteOrganisationStore(database.db);
  const organisation = new OrganisationTree(organisationStore, audit, now);
  const secretBox = new SecretBox(loadSecretKey(config.dataDir, config.secretKey));
  const outbox = sealedOutbox(sqliteOutboxStore(database.db), secretBox, now);
  const mailer = config.smtp ? smtpMailer(config.smtp.url, config.smtp.from) : new OutboxMailer(outbox, now);
  const settingsStore = sqliteSettingsStore(database.db);
  const settings = new OrganisationSettings(settingsStore, audit);
  const consoleSettings = new ConsoleSettingsStore(settingsStore, audit);
  const masterAddresses = async () => (await organisationStore.people.list()).filter((p) => p.role === 'master_admin' && p.enabled).map((p) => p.email);
  const securityMail = new SecurityMail(
    settingsStore,
    mailer,
    masterAddresses,
    (message, error) => log.error(`audit: ${message}`, { error }),
  );
  audit.onRecord((entry) => void securityMail.notify(entry).catch((error: unknown) => log.error('audit: security mail failed', { error })));
  const accountStore = sqliteAccountStore(database.db);
  const organisationName = async () => (await repo.organisation.get())?.name ?? 'Lifeline';
  const twoFactor = new TwoFactor(accountStore, secretBox, clock, mailer, async () => `Lifeline (${await organisationName()})`);
  const gate = new SessionGate((userId) => organisation.accessFor(userId));
  const accountSettings = new AccountSettings({
    store: accountStore,
    authSessions,
    twoFactor,
    mailer,
    audit,
    clock,
    passwordPolicy: () => settings.passwordPolicy(),
    requiresTwoFactor: async (userId) => (await organisation.accessFor(userId)).requireTwoFactor,
  });
  const signIn = new SignIn({
    accounts,
    findUser: (id) => repo.users.findById(id),
    access: (userId) => organisation.accessFor(userId),
    twoFactor,
    store: accountStore,
    passwordPolicy: () => settings.passwordPolicy(),
    audit,
    clock,
  });
  const supportSessions = new SupportSessions(repo, clock, {
    ...defaultSupportSessionOptions,
    codeTtlMs: config.codeTtlMs,
    joinFailuresPerAddress: config.joinFailuresPerAddress,
    joinFailuresGlobal: config.joinFailuresGlobal,
    joinFailureWindowMs: config.joinFailureWindowMs,
  }, organisation);

  const channels = new Channels(sqliteChannelStore(database.db), organisation, settingsStore, audit, now);
  const preferences = new PersonPreferences(sqlitePreferencesStore(database.db), now);
  const waitingTimeouts = new WaitingTimeouts(repo, supportSessions, channels, clock);
  const cannedReplies = new CannedReplies(sqliteCannedReplyStore(database.db), () => clock.now());
  const evidence = new SessionEvidence(supportSessions, diskStore(config.dataDir), () => clock.now());
  // Recordings stop with their session; what arrived stays playable.
  supportSessions.onChange((session) => {
    if (session.state === 'closed') evidence.stopAll(session.id).catch((error: unknown) => log.error('evidence: stopping recordings failed', { error }));
  });

  let relay: EmbeddedRelay | undefined;
  let iceUrls: string[];
  if (config.turn.mode === 'embedded') {
    const relayIp = config.turn.relayIp ?? defaultRelayIp(config.host);
    const announced = config.turn.externalIp ?? relayIp;
    relay = new EmbeddedRelay({
      listenIp: config.turn.listenIp ?? relayIp,
      port: config.turn.port,
      relayIp,
      externalIp: config.turn.externalIp,
      minPort: config.turn.minPort,
      maxPort: config.turn.maxPort,
      realm: config.turn.realm,
      allowLoopbackPeers: config.turn.allowLoopbackPeers,
      maxAllocationsPerUser: 20,
      log: (message) => log.warn(message),
    });
    await relay.start();
    iceUrls = [`stun:${announced}:${config.turn.port}`, `turn:${announced}:${config.turn.port}?transport=udp`];
  } else {
    iceUrls = config.turn.urls;
  }
  const ice = new IceServers({
    urls: iceUrls,
    secret: config.turn.secret,
    iceTransportPolicy: config.iceTransportPolicy,
    relay,
    now: () => clock.now(),
  });

  if (!dev) ensureWebBuilt(log);
  const app = next({ dev, dir: webDir, quiet: !dev });
  const customerPagesBuilt = buildCustomerPages();
  customerPagesBuilt.catch(() => undefined); // awaited below; this only keeps a failed prepare() from hiding it
  await app.prepare();
  const handle = app.getRequestHandler();

  const proxies = new TrustedProxies(config.trustedProxies);
  // HSTS wherever browsers reach us over TLS: our own certificate, an https PUBLIC_URL (a proxy in front terminates
  // TLS), or a trusted proxy's X-Forwarded-Proto per request.
  const servesTls = Boolean(config.tls) || Boolean(config.publicUrl?.startsWith('https:'));
  const listener: http.RequestListener = (request, response) => {
    request.headers[CLIENT_ADDRESS_HEADER] = clientAddress(request, proxies);
    // One nonce per response, whatever a client sent in these headers: the page's renderer reads it from ours
    // (web/app/layout.tsx, the customer pages), and Next finds it in the request's Content-Security-Policy, the
    // place Next 16 reads a nonce from for the scripts it writes (app-render's getScriptNonceFromHeader).
    const policy = {
      nonce: newNonce(),
      host: request.headers.host,
      dev,
      tls: servesTls || reachedOverTls(request, proxies),
    };
    const headers = securityHeaders({ ...policy, frameAncestors: 'none' });
    request.headers[NONCE_HEADER] = policy.nonce;
    request.headers['content-security-policy'] = headers['Content-Security-Policy'];
    delete request.headers['content-security-policy-report-only'];
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    // A body larger than any route here takes is refused before a byte of it is read (the route checks again as it
    // reads, for a body that declares no length); the connection closes rather than drain it.
    const path = (request.url ?? '/').split('?')[0];
    const limit = outerBodyLimit(path);
    const declared = request.headers['content-length'];
    if (declared !== undefined && !(Number(declared) <= limit)) {
      const refused = tooLargeBody(limit);
      log.info('web: refused an oversized body', { path: path.replace(/^\/(api\/helper|s)\/[^/]+/, '/$1/[token]'), declared });
      response.writeHead(refused.status, { 'Content-Type': 'application/json', Connection: 'close' }).end(JSON.stringify(refused.body));
      return;
    }
    // The widget's frame may be framed, by the channel's allowed origins only (every other page: by nobody).
    const framed = /^\/w\/([a-z0-9-]{4,64})(?:[/?]|$)/.exec(request.url ?? '');
    const ready = framed ? allowFraming(response, framed[1], policy) : Promise.resolve();
    // The customer's pages and the scripts customers and companies' pages load are ours, not Next's.
    const own = customerRoute(path);
    const answer = own ? () => own(webRequest(request, scheme)).then((reply) => sendWebResponse(reply, response, request.method === 'HEAD')) : () => handle(request, response);
    ready.then(answer).catch((error: unknown) => {
      // A helper's download address is its pairing token, a customer's link its join token: logs get the route,
      // not the secret.
      log.error('web: request failed', { url: request.url?.replace(/^\/(api\/helper|s)\/[^/?#]+/, '/$1/[token]'), error });
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Something went wrong on our side. Please reload the page in a moment.');
      }
    });
  };
  const server = config.tls
    ? https.createServer({ cert: readFileSync(config.tls.certPath), key: readFileSync(config.tls.keyPath) }, listener)
    : http.createServer(listener);
  // Requests under way, which a graceful stop lets finish (an upload's last bytes, and its answer).
  const inFlight = new Set<http.ServerResponse>();
  server.on('request', (_request: http.IncomingMessage, response: http.ServerResponse) => {
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
  });

  let port = config.port;
  const scheme = config.tls ? 'https' : 'http';
  const publicUrl = () => config.publicUrl ?? `${scheme}://${displayHost(config.host)}:${port}`;
  const helperPairing = new HelperPairing(repo);
  const widgetScripts = buildWidgetScripts();
  const allowFraming = async (response: http.ServerResponse, slug: string, policy: Omit<HeaderOptions, 'frameAncestors'>) => {
    const channel = await channels.bySlug(slug).catch(() => null);
    const headers = securityHeaders({ ...policy, frameAncestors: channel?.enabled ? channel.allowedOrigins : 'none' });
    if (!headers['X-Frame-Options']) response.removeHeader('X-Frame-Options');
    response.setHeader('Content-Security-Policy', headers['Content-Security-Policy']);
  };
  const isOriginAllowed = originChecker(publicUrl, Boolean(config.publicUrl));
  const invitations = new Invitations({
    store: organisationStore,
    tree: organisation,
    audit,
    mailer,
    now,
    signupUrl: (token) => `${publicUrl()}/signup/${token}`,
    organisationName,
    passwordPolicy: () => settings.passwordPolicy(),
  });

  let signaling: ReturnType<typeof attachSignaling> | undefined;
  provideLifelineContext({
    repo,
    accounts,
    authSessions,
    supportSessions,
    evidence,
    organisation,
    adminGroups: new AdministratorGroups(organisationStore, audit, now),
    helperPairing,
    helperBinaries: Object.fromEntries(HELPER_PLATFORMS.map((platform) => [platform, path.resolve(import.meta.dirname, '..', 'dist', 'helper', `lifeline-helper-${platform}${platform === 'win32-x64' ? '.exe' : ''}`)])) as Record<HelperPlatform, string>,
    publicUrl,
    invitations,
    audit,
    outbox,
    signIn,
    settings,
    branding: new BrandingSettings(settingsStore, repo.organisation, audit),
    ratings: new SessionRatings(repo, clock),
    consoleSettings,
    securityMail,
    accountSettings,
    preferences,
    reports: new SessionReports(repo),
    abuseReports: new AbuseReports({
      repo,
      sessions: supportSessions,
      audit,
      mailer,
      recipients: masterAddresses,
      logUrl: (sessionId) => `${publicUrl()}/console/log/${sessionId}`,
      clock,
      log: (message, error) => log.error(`abuse: ${message}`, { error }),
    }),
    personSecurity: new PersonSecurity({ tree: organisation, store: accountStore, twoFactor, authSessions, audit, clock }),
    twoFactor,
    gate,
    log,
    secureCookies: Boolean(config.tls) || Boolean(config.publicUrl?.startsWith('https:')),
    isOriginAllowed,
    channels,
    widgetScripts,
    customerPages: await customerPagesBuilt,
    // Signaling starts after the web context; until it does, nobody is signed in to a console.
    isTechnicianOnline: (userId) => signaling?.isOnline(userId) ?? false,
  });

  signaling = attachSignaling(server, {
    avatarOf: async (personId) => (await preferences.of({ id: personId, nickname: '' })).avatarUrl,
    repo,
    authSessions,
    supportSessions,
    recordingOf: (sessionId) => evidence.recordingOf(sessionId),
    cannedReplies,
    organisation,
    queue: new ServiceQueue(repo, supportSessions, organisation, clock, channels),
    channels,
    waitingTimeouts,
    helperPairing,
    gate,
    clientAddress: (request) => clientAddress(request, proxies),
    ice,
    publicUrl,
    isOriginAllowed,
    log,
    timeouts: { idleMs: config.idleMs, idleWarningMs: config.idleWarningMs, technicianGraceMs: config.technicianGraceMs },
    eventBudget: config.socketEvents,
    consoleSettings: () => consoleSettings.current(),
    audit,
    clock,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  const expireDue = async () => {
    try {
      await supportSessions.expireDue();
    } catch (error) {
      log.error('sweep: expiring sessions failed', { error });
    }
    try {
      await waitingTimeouts.sweep();
    } catch (error) {
      log.error('sweep: channel waiting timeouts failed', { error });
    }
    try {
      await signaling?.sweepStatuses();
    } catch (error) {
      log.error('sweep: technician statuses failed', { error });
    }
  };
  const sweep = setInterval(expireDue, 15_000);
  sweep.unref();

  log.info(`Lifeline is serving ${publicUrl()}`, { dataDir: config.dataDir, turn: config.turn.mode, iceTransportPolicy: config.iceTransportPolicy });

  return {
    url: publicUrl(),
    port,
    turnPort: config.turn.mode === 'embedded' ? config.turn.port : null,
    expireDue,
    async close({ drainMs = 0 } = {}) {
      clearInterval(sweep);
      // Socket.IO's close ends the pages' sockets (they reconnect on their own) and closes the HTTP server, which
      // then waits for its connections: idle ones go at once (browsers keep them a minute), busy ones get
      // `drainMs` to finish what they are doing.
      const closed = signaling!.close();
      server.closeIdleConnections();
      const deadline = Date.now() + drainMs;
      if (inFlight.size > 0 && drainMs > 0) log.info('Stopping: letting requests under way finish', { requests: inFlight.size, drainMs });
      while (inFlight.size > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        server.closeIdleConnections();
      }
      server.closeAllConnections();
      await closed;
      await app.close();
      relay?.stop();
      releaseLifelineContext();
      database.close();
    },
  };
}

/** `npm start` alone must work on a fresh clone: build the web app once when its production build is missing. */
function ensureWebBuilt(log: Logger): void {
  if (existsSync(path.join(webDir, '.next', 'BUILD_ID'))) return;
  log.info('No production build of the web app yet: building it once (next build)…');
  const result = spawnSync(process.execPath, [createRequire(import.meta.url).resolve('next/dist/bin/next'), 'build', webDir], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('Building the web app failed (see the output above).');
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
}

/** The relay must allocate on an address browsers can reach: loopback for a loopback server, else the LAN IPv4. */
function defaultRelayIp(host: string): string {
  if (host === '127.0.0.1' || host === 'localhost') return '127.0.0.1';
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return '127.0.0.1';
}
