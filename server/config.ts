import { isIP } from 'node:net';
import * as z from 'zod';

/**
 * Every setting Lifeline reads, from environment variables, validated once at start. Nothing else reads
 * process.env: the parsed Config is passed to whoever needs it.
 */
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
// Digits only: Number() would quietly read ' ' as 0 and '0x10' as 16.
const digits = z.string().trim().regex(/^\d+$/, 'must be a whole number').transform(Number);
const port = digits.pipe(z.number().int().min(0).max(65535));
const seconds = digits.pipe(z.number().int().positive());
const optionalString = z.string().trim().min(1).optional();
/** Loopback, for `TRUST_PROXY=true`: the one proxy that may be trusted without naming it, one on this machine. */
export const LOOPBACK_PROXIES = ['127.0.0.0/8', '::1/128'];
const trustedProxies = z
  .string()
  .trim()
  .transform((value, context) => {
    if (['false', '0', 'no', ''].includes(value)) return [];
    if (['true', '1', 'yes'].includes(value)) return LOOPBACK_PROXIES;
    const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
    const wrong = entries.filter((entry) => !isAddressOrRange(entry));
    if (wrong.length) context.addIssue({ code: 'custom', message: `not an address or CIDR range: ${wrong.join(', ')}` });
    return entries;
  });

function isAddressOrRange(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  /** Where customers reach us, as they type it: used for links and Origin checks. Defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  ICE_TRANSPORT_POLICY: z.enum(['all', 'relay']).default('all'),
  /** embedded: node-turn in this process. external: TURN_URLS served by e.g. coturn with TURN_SECRET. */
  TURN_MODE: z.enum(['embedded', 'external']).default('embedded'),
  TURN_PORT: port.default(3478),
  TURN_LISTEN_IP: z.ipv4().optional(),
  /** Address the embedded relay allocates on and announces; defaults to the first non-internal IPv4. */
  TURN_RELAY_IP: z.ipv4().optional(),
  /** Public address announced for relayed candidates when the relay is behind NAT. */
  TURN_EXTERNAL_IP: z.ipv4().optional(),
  TURN_MIN_PORT: port.default(49152),
  TURN_MAX_PORT: port.default(65535),
  /** Comma-separated turn:/turns:/stun: URLs handed to browsers; required when TURN_MODE=external. */
  TURN_URLS: optionalString,
  /** TURN REST shared secret (coturn's static-auth-secret); a random one per start when embedded. */
  TURN_SECRET: z.string().min(16).optional(),
  TURN_REALM: z.string().trim().min(1).default('lifeline'),
  /** For tests on one machine only: lets the relay talk to loopback peers. */
  TURN_ALLOW_LOOPBACK_PEERS: bool.default(false),
  TLS_CERT: optionalString,
  TLS_KEY: optionalString,
  /**
   * The reverse proxies in front of Lifeline (addresses or CIDR ranges, comma-separated): a request from one of them
   * is taken to come from the address it names in X-Forwarded-For. `true` means a proxy on this machine (loopback).
   */
  TRUST_PROXY: trustedProxies.default([]),
  CODE_TTL_SECONDS: seconds.default(600),
  /** An active session in which nothing happens this long closes, after a warning. */
  SESSION_IDLE_SECONDS: seconds.default(3600),
  SESSION_IDLE_WARNING_SECONDS: seconds.default(300),
  /** A technician whose console drops has this long to come back before the customer is told. */
  TECHNICIAN_GRACE_SECONDS: seconds.default(30),
  /** Events one socket may send at once, and then each second: past them it is answered rate_limited. */
  SOCKET_EVENTS_BURST: seconds.default(200),
  SOCKET_EVENTS_PER_SECOND: seconds.default(50),
  JOIN_FAILURES_PER_ADDRESS: seconds.default(10),
  JOIN_FAILURES_GLOBAL: seconds.default(1000),
  JOIN_FAILURE_WINDOW_SECONDS: seconds.default(600),
  /** smtp://user:pass@host:port or smtps://…; without it mail goes to the admin center's outbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().trim().min(3).default('Lifeline <lifeline@localhost>'),
  /** Seals TOTP seeds at rest (base64, 32 bytes); default: a key generated into DATA_DIR/secret.key. */
  SECRET_KEY: z.string().trim().min(40).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
}).superRefine((env, ctx) => {
  if (Boolean(env.TLS_CERT) !== Boolean(env.TLS_KEY)) {
    ctx.addIssue({ code: 'custom', path: [env.TLS_CERT ? 'TLS_KEY' : 'TLS_CERT'], message: 'TLS_CERT and TLS_KEY go together' });
  }
  if (env.TURN_MODE === 'external' && (!env.TURN_URLS || !env.TURN_SECRET)) {
    ctx.addIssue({ code: 'custom', path: [env.TURN_URLS ? 'TURN_SECRET' : 'TURN_URLS'], message: 'required when TURN_MODE=external' });
  }
  if (env.SESSION_IDLE_WARNING_SECONDS >= env.SESSION_IDLE_SECONDS) {
    ctx.addIssue({ code: 'custom', path: ['SESSION_IDLE_WARNING_SECONDS'], message: 'must be less than SESSION_IDLE_SECONDS' });
  }
  if (env.TURN_MIN_PORT > env.TURN_MAX_PORT) {
    ctx.addIssue({ code: 'custom', path: ['TURN_MIN_PORT'], message: 'must not exceed TURN_MAX_PORT' });
  }
  for (const url of env.TURN_URLS?.split(',') ?? []) {
    if (!/^(turns?|stuns?):[^\s]+$/.test(url.trim())) {
      ctx.addIssue({ code: 'custom', path: ['TURN_URLS'], message: `${JSON.stringify(url.trim())} is not a turn:, turns: or stun: URL` });
    }
  }
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl?: string;
  iceTransportPolicy: 'all' | 'relay';
  turn:
    | {
        mode: 'embedded';
        port: number;
        listenIp?: string;
        relayIp?: string;
        externalIp?: string;
        minPort: number;
        maxPort: number;
        secret?: string;
        realm: string;
        allowLoopbackPeers: boolean;
      }
    | { mode: 'external'; urls: string[]; secret: string };
  tls?: { certPath: string; keyPath: string };
  /** Reverse proxies whose X-Forwarded-For is believed (addresses and CIDR ranges); none by default. */
  trustedProxies: string[];
  codeTtlMs: number;
  idleMs: number;
  idleWarningMs: number;
  technicianGraceMs: number;
  socketEvents: { burst: number; perSecond: number };
  joinFailuresPerAddress: number;
  joinFailuresGlobal: number;
  joinFailureWindowMs: number;
  /** Absent: mail is kept in the outbox master administrators read. */
  smtp?: { url: string; from: string };
  secretKey?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export class ConfigError extends Error {}

/** Parses the environment; a bad value throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    // Secrets are never echoed to the terminal or the logs.
    const value = /SECRET|KEY|SMTP_URL/.test(name) ? undefined : present[name];
    throw new ConfigError(`Invalid ${name}${value !== undefined ? ` (${JSON.stringify(value)})` : ''}: ${issue.message.replace(/\s+/g, ' ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    iceTransportPolicy: e.ICE_TRANSPORT_POLICY,
    turn: e.TURN_MODE === 'external'
      ? { mode: 'external', urls: e.TURN_URLS!.split(',').map((url) => url.trim()), secret: e.TURN_SECRET! }
      : {
          mode: 'embedded',
          port: e.TURN_PORT,
          listenIp: e.TURN_LISTEN_IP,
          relayIp: e.TURN_RELAY_IP,
          externalIp: e.TURN_EXTERNAL_IP,
          minPort: e.TURN_MIN_PORT,
          maxPort: e.TURN_MAX_PORT,
          secret: e.TURN_SECRET,
          realm: e.TURN_REALM,
          allowLoopbackPeers: e.TURN_ALLOW_LOOPBACK_PEERS,
        },
    tls: e.TLS_CERT && e.TLS_KEY ? { certPath: e.TLS_CERT, keyPath: e.TLS_KEY } : undefined,
    trustedProxies: e.TRUST_PROXY,
    codeTtlMs: e.CODE_TTL_SECONDS * 1000,
    idleMs: e.SESSION_IDLE_SECONDS * 1000,
    idleWarningMs: e.SESSION_IDLE_WARNING_SECONDS * 1000,
    technicianGraceMs: e.TECHNICIAN_GRACE_SECONDS * 1000,
    socketEvents: { burst: e.SOCKET_EVENTS_BURST, perSecond: e.SOCKET_EVENTS_PER_SECOND },
    joinFailuresPerAddress: e.JOIN_FAILURES_PER_ADDRESS,
    joinFailuresGlobal: e.JOIN_FAILURES_GLOBAL,
    joinFailureWindowMs: e.JOIN_FAILURE_WINDOW_SECONDS * 1000,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM } : undefined,
    secretKey: e.SECRET_KEY,
    logLevel: e.LOG_LEVEL,
  };
}
