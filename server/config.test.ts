import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

/** The ConfigError loadConfig throws for `env`; fails the test if it does not throw one. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

function expectOneLineNaming(error: ConfigError, variable: string) {
  expect(error.message).not.toMatch(/[\r\n]/);
  // Exactly the variable: "Invalid TURN_MIN_PORT" must not pass for TURN_MIN_PORT's neighbour TURN_MAX_PORT.
  expect(error.message).toMatch(new RegExp(`^Invalid ${variable}[ :]`));
}

describe('configuration defaults', () => {
  it('an empty environment gives the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: './data',
      publicUrl: undefined,
      iceTransportPolicy: 'all',
      turn: {
        mode: 'embedded',
        port: 3478,
        listenIp: undefined,
        relayIp: undefined,
        externalIp: undefined,
        minPort: 49152,
        maxPort: 65535,
        secret: undefined,
        realm: 'lifeline',
        allowLoopbackPeers: false,
      },
      tls: undefined,
      trustedProxies: [],
      codeTtlMs: 600_000,
      idleMs: 3_600_000,
      idleWarningMs: 300_000,
      technicianGraceMs: 30_000,
      socketEvents: { burst: 200, perSecond: 50 },
      joinFailuresPerAddress: 10,
      joinFailuresGlobal: 1000,
      joinFailureWindowMs: 600_000,
      logLevel: 'info',
    });
  });

  it('an empty or unset variable counts as not set', () => {
    const config = loadConfig({ PORT: '', DATA_DIR: undefined, ICE_TRANSPORT_POLICY: '' });
    expect(config).toMatchObject({ port: 3000, dataDir: './data', iceTransportPolicy: 'all' });
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root' }).port).toBe(3000);
  });
});

describe('configuration values', () => {
  it('reads ports, paths and policies', () => {
    const config = loadConfig({ PORT: '8080', HOST: '127.0.0.1', DATA_DIR: '/var/lib/lifeline', ICE_TRANSPORT_POLICY: 'relay', LOG_LEVEL: 'debug' });
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: '/var/lib/lifeline', iceTransportPolicy: 'relay', logLevel: 'debug' });
  });

  it('turns second-based settings into milliseconds', () => {
    const config = loadConfig({ CODE_TTL_SECONDS: '60', JOIN_FAILURE_WINDOW_SECONDS: '120', JOIN_FAILURES_PER_ADDRESS: '5', JOIN_FAILURES_GLOBAL: '50' });
    expect(config).toMatchObject({ codeTtlMs: 60_000, joinFailureWindowMs: 120_000, joinFailuresPerAddress: 5, joinFailuresGlobal: 50 });
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('reads the boolean %s as %s', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value, TURN_ALLOW_LOOPBACK_PEERS: value })).toMatchObject({
      // `true` trusts a proxy on this machine only, never anyone.
      trustedProxies: expected ? ['127.0.0.0/8', '::1/128'] : [],
      turn: { allowLoopbackPeers: expected },
    });
  });

  it('reads TRUST_PROXY as the list of the reverse proxies\' addresses and ranges', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,2001:db8::/32' }).trustedProxies).toEqual(['10.0.0.5', '192.168.0.0/16', '2001:db8::/32']);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.5,proxy.example.com' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });

  it('drops trailing slashes from PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://support.example.com//' }).publicUrl).toBe('https://support.example.com');
  });

  it('TLS_CERT and TLS_KEY together turn on TLS', () => {
    expect(loadConfig({ TLS_CERT: '/etc/tls/cert.pem', TLS_KEY: '/etc/tls/key.pem' }).tls).toEqual({
      certPath: '/etc/tls/cert.pem',
      keyPath: '/etc/tls/key.pem',
    });
  });

  it('an external TURN server takes its comma-separated URLs and shared secret', () => {
    const config = loadConfig({
      TURN_MODE: 'external',
      TURN_URLS: 'turn:turn.example.com:3478?transport=udp, turns:turn.example.com:5349 ,stun:stun.example.com',
      TURN_SECRET: 'a-shared-secret-of-some-length',
    });
    expect(config.turn).toEqual({
      mode: 'external',
      urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349', 'stun:stun.example.com'],
      secret: 'a-shared-secret-of-some-length',
    });
  });

  it('the embedded relay takes its addresses and port range', () => {
    const config = loadConfig({ TURN_RELAY_IP: '192.0.2.10', TURN_EXTERNAL_IP: '198.51.100.10', TURN_MIN_PORT: '50000', TURN_MAX_PORT: '50100' });
    expect(config.turn).toMatchObject({ mode: 'embedded', relayIp: '192.0.2.10', externalIp: '198.51.100.10', minPort: 50000, maxPort: 50100 });
  });
});

describe('configuration errors', () => {
  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['PORT', { PORT: '80.5' }],
    ['ICE_TRANSPORT_POLICY', { ICE_TRANSPORT_POLICY: 'sometimes' }],
    ['TURN_MODE', { TURN_MODE: 'internal' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'maybe' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'support.example.com' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'ftp://support.example.com' }],
    ['TURN_RELAY_IP', { TURN_RELAY_IP: '192.0.2' }],
    ['CODE_TTL_SECONDS', { CODE_TTL_SECONDS: '0' }],
    ['TLS_KEY', { TLS_CERT: '/etc/tls/cert.pem' }],
    ['TLS_CERT', { TLS_KEY: '/etc/tls/key.pem' }],
    ['TURN_URLS', { TURN_MODE: 'external' }],
    ['TURN_URLS', { TURN_MODE: 'external', TURN_SECRET: 'a-shared-secret-of-some-length' }],
    ['TURN_SECRET', { TURN_MODE: 'external', TURN_URLS: 'turn:turn.example.com' }],
    ['TURN_URLS', { TURN_URLS: 'turn:turn.example.com,http://turn.example.com' }],
    ['TURN_MIN_PORT', { TURN_MIN_PORT: '60000', TURN_MAX_PORT: '50000' }],
  ])('a bad %s throws a one-line ConfigError naming it (%j)', (variable, env) => {
    expectOneLineNaming(configError(env), variable);
  });

  it('quotes the offending value', () => {
    expect(configError({ PORT: 'abc' }).message).toContain('"abc"');
    expect(configError({ ICE_TRANSPORT_POLICY: 'sometimes' }).message).toContain('"sometimes"');
  });

  it('stays on one line when the value itself holds a line break', () => {
    expectOneLineNaming(configError({ PORT: '30\n00' }), 'PORT');
  });

  it('stays on one line when a TURN URL holds a line break', () => {
    expectOneLineNaming(configError({ TURN_URLS: 'turn:a\nb' }), 'TURN_URLS');
  });
});

describe('session timeouts', () => {
  it('refuses an idle warning that is not shorter than the idle time', () => {
    expect(() => loadConfig({ SESSION_IDLE_SECONDS: '60', SESSION_IDLE_WARNING_SECONDS: '60' })).toThrow(/SESSION_IDLE_WARNING_SECONDS/);
  });
});
