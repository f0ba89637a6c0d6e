/**
 * The Lifeline Helper: a small program the customer chooses to run so the technician can control their whole
 * desktop. It connects out only (signaling over HTTPS/WSS, then a peer connection with data channels and the
 * helper's own screen as video), proves itself with a pairing token bound to one session, and carries out the same input messages as
 * the co-browse executor (protocol/input.ts). Re-exported by protocol/index.ts.
 */
import * as z from 'zod';

/** The pairing token in the helper's handshake: 32 base32 characters (160 bits), only its hash is stored. */
export const pairingTokenSchema = z.string().regex(/^[a-z2-7]{32}$/, 'not a pairing token');

/** The monitor the customer's browser shares, in device pixels on the virtual desktop (see input/coordinates.ts toScreen). */
export const screenGeometrySchema = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
});
export type ScreenGeometry = z.infer<typeof screenGeometrySchema>;

export const helperHelloSchema = z.object({
  screen: screenGeometrySchema,
  /** "Debian GNU/Linux 12 (x64)": shown to the technician. */
  os: z.string().min(1).max(200),
  version: z.string().min(1).max(40),
});
export type HelperHello = z.infer<typeof helperHelloSchema>;

/** What the technician's group allows the helper to do besides input; the helper refuses the rest itself. */
export const helperRightsSchema = z.object({ systemInfo: z.boolean(), clipboardSync: z.boolean(), reboot: z.boolean() });
export type HelperRights = z.infer<typeof helperRightsSchema>;

/** The systems the helper is built for (helper/build.ts `--target`), as the download asks for one. */
export const HELPER_PLATFORMS = ['linux-x64', 'win32-x64'] as const;
export const helperPlatformSchema = z.enum(HELPER_PLATFORMS);
export type HelperPlatform = z.infer<typeof helperPlatformSchema>;

/** The helper a browser's own system wants (the customer can still pick the other). */
export function helperPlatformFor(userAgent: string): HelperPlatform {
  return /Windows/.test(userAgent) ? 'win32-x64' : 'linux-x64';
}

/**
 * The name the helper downloads under: one per pairing, so a customer helped twice does not start last time's
 * copy (a browser names the second download "lifeline-helper (1)"). The file carries its whole token anyway.
 */
export function helperFileName(token: string, platform: HelperPlatform = 'linux-x64'): string {
  return `lifeline-helper-${token.replace(/[^A-Za-z0-9]/g, '').slice(0, 6).toLowerCase()}${platform === 'win32-x64' ? '.exe' : ''}`;
}

/** The data channel for everything that is not input (input uses `control` and `pointer`, as on the page). */
export const HELPER_CHANNEL = { label: 'helper', init: { ordered: true } } as const;

const requestId = z.string().regex(/^[a-z0-9]{4,32}$/);

export const systemInfoSchema = z.object({
  os: z.object({ platform: z.string().max(40), distro: z.string().max(120), release: z.string().max(80), arch: z.string().max(20), hostname: z.string().max(255) }),
  cpu: z.object({ brand: z.string().max(200), cores: z.number().int().nonnegative(), speedGhz: z.number().nonnegative() }),
  memory: z.object({ totalBytes: z.number().nonnegative(), freeBytes: z.number().nonnegative() }),
  disks: z.array(z.object({ mount: z.string().max(500), sizeBytes: z.number().nonnegative(), usedBytes: z.number().nonnegative() })).max(64),
  uptimeSeconds: z.number().nonnegative(),
  user: z.string().max(200),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

export const helperMessageSchema = z.discriminatedUnion('type', [
  /** Technician -> helper. */
  z.object({ type: z.literal('system-info-request'), id: requestId }),
  z.object({ type: z.literal('system-info'), id: requestId, info: systemInfoSchema }),
  /** Either way: the clipboard's text changed on this side. */
  z.object({ type: z.literal('clipboard'), text: z.string().max(100_000) }),
  /** Technician -> helper: restart the computer; the helper comes back by itself with the same token. */
  z.object({ type: z.literal('reboot-request'), id: requestId }),
  /** Helper -> technician: the answer to a request it will not or cannot carry out. */
  z.object({ type: z.literal('refused'), id: requestId.optional(), reason: z.enum(['not-allowed', 'failed']), detail: z.string().max(500).optional() }),
  z.object({ type: z.literal('reboot-starting'), id: requestId }),
  /**
   * Technician -> helper: encode the helper's own screen within these caps (the console's quality preset, as
   * numbers: client/quality-presets.ts is where the presets are written). The helper applies the frame rate; the
   * bitrate it cannot apply yet (helper/app.ts says why).
   */
  z.object({ type: z.literal('screen-quality'), maxBitrate: z.number().int().min(100_000).max(50_000_000), maxFramerate: z.number().int().min(1).max(60) }),
  /**
   * Technician -> helper: send the screen again now. A still screen sends nothing after a moment (no padding
   * either), so a console that starts showing the helper's stream in an element asks for a picture to show.
   */
  z.object({ type: z.literal('screen-refresh') }),
]);
export type HelperMessage = z.infer<typeof helperMessageSchema>;
/** The caps of a `screen-quality` message. */
export type ScreenQuality = Omit<Extract<HelperMessage, { type: 'screen-quality' }>, 'type'>;
