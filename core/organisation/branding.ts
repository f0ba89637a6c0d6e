import { sha256 } from '@oslojs/crypto/sha2';
import { decodeBase64, encodeBase64, encodeBase64urlNoPadding } from '@oslojs/encoding';
import * as z from 'zod';
import type { AuditLog, Caller } from '../audit/audit-log';
import type { SettingsStore } from '../auth/account-store';
import { DomainError, ErrorCode } from '../errors';
import { sniffImageType, WEB_IMAGE_TYPES, type WebImageType } from '../image-type';
import { Role } from '../model';
import { KeyedQueue } from '../keyed-queue';

/**
 * How the organisation looks to its customers: its name, logo, accent colour and a line saying how to reach
 * support otherwise. Customers meet these on the code page before anything else, so a page that says only
 * "Lifeline" does not read like someone else's.
 */
export interface Branding {
  name: string;
  /** #rrggbb, or null for Lifeline's own blue. */
  accent: string | null;
  /** "Call us on 01 23 45 67 89", '' for none: shown as text, never as a link (a page must not send people away). */
  contact: string;
  logo: LogoRef | null;
}

export interface LogoRef {
  /** A hash of the bytes: the logo's address carries it, so the browser may keep it for good. */
  hash: string;
  type: WebImageType;
}

export const LOGO_MAX_BYTES = 256 * 1024;
export const ORGANISATION_NAME_MAX = 80;
export const CONTACT_MAX = 200;

export const brandingInputSchema = z.object({
  name: z.string().trim().min(1).max(ORGANISATION_NAME_MAX),
  accent: z.string().regex(/^#[0-9a-fA-F]{6}$/).transform((c) => c.toLowerCase()).nullable(),
  contact: z.string().trim().max(CONTACT_MAX).refine((text) => !/[\u0000-\u001f\u007f]/.test(text), { message: 'One line of plain text.' }),
});
export type BrandingInput = z.input<typeof brandingInputSchema>;

interface StoredBranding {
  accent: string | null;
  contact: string;
  logo: LogoRef | null;
}

const storedSchema = z.object({
  accent: z.string().nullable(),
  contact: z.string(),
  logo: z.object({ hash: z.string(), type: z.enum(WEB_IMAGE_TYPES) }).nullable(),
});

const BRANDING_KEY = 'branding';
const LOGO_KEY = 'branding_logo';

/** The organisation's branding: master administrators change it; every customer page reads it. */
export class BrandingSettings {
  /** The logo's bytes, kept after the first read: every customer page's logo request would otherwise read them. */
  private logoCache: { hash: string; bytes: Uint8Array } | null = null;
  private readonly writes = new KeyedQueue();

  constructor(
    private readonly store: SettingsStore,
    private readonly organisation: { get(): Promise<{ name: string } | null>; setName(name: string): Promise<void> },
    private readonly audit: AuditLog,
  ) {}

  async get(): Promise<Branding> {
    const [organisation, stored] = await Promise.all([this.organisation.get(), this.stored()]);
    return { name: organisation?.name ?? 'Lifeline', ...stored };
  }

  async set(by: Caller, input: unknown): Promise<Branding> {
    mustBeMaster(by);
    const { name, accent, contact } = brandingInputSchema.parse(input);
    const stored = await this.update((current) => ({ ...current, accent, contact }));
    await this.organisation.setName(name);
    await this.audit.record(by, 'settings.branding_changed', name, { details: { name, accent, contact } });
    return { name, ...stored };
  }

  /** A new logo from its bytes (base64, as the form sends it): bounded, and only an image type we serve as is. */
  async setLogo(by: Caller, base64: string): Promise<Branding> {
    mustBeMaster(by);
    let bytes: Uint8Array;
    try {
      bytes = decodeBase64(base64);
    } catch {
      throw new DomainError(ErrorCode.badRequest, 'The logo did not arrive whole: choose the file again.', undefined, 'logo');
    }
    if (bytes.byteLength > LOGO_MAX_BYTES) {
      throw new DomainError(ErrorCode.tooLarge, 'The logo is too large.', undefined, 'logo', [{ key: 'logoTooLarge', values: { maximum: LOGO_MAX_BYTES / 1024 } }]);
    }
    const type = sniffImageType(bytes);
    if (!type) throw new DomainError(ErrorCode.badRequest, 'The logo must be a PNG, JPEG or WebP image.', undefined, 'logo', [{ key: 'logoType' }]);
    const hash = encodeBase64urlNoPadding(sha256(bytes)).slice(0, 22);
    await this.store.set(LOGO_KEY, { hash, data: encodeBase64(bytes) });
    const stored = await this.update((current) => ({ ...current, logo: { hash, type } }));
    this.logoCache = { hash, bytes };
    await this.audit.record(by, 'settings.branding_changed', 'Logo', { details: { logo: hash, type, bytes: bytes.byteLength } });
    return { ...(await this.get()), logo: stored.logo };
  }

  async removeLogo(by: Caller): Promise<Branding> {
    mustBeMaster(by);
    await this.update((current) => ({ ...current, logo: null }));
    await this.store.set(LOGO_KEY, null);
    this.logoCache = null;
    await this.audit.record(by, 'settings.branding_changed', 'Logo', { details: { logo: null } });
    return this.get();
  }

  /**
   * Read, change and write the stored branding one change at a time: a logo upload and a Save of the colours at
   * the same moment would otherwise each write back what they read, and the slower one undo the other.
   */
  private update(change: (current: StoredBranding) => StoredBranding): Promise<StoredBranding> {
    return this.writes.run(BRANDING_KEY, async () => {
      const next = change(await this.stored());
      await this.store.set(BRANDING_KEY, next);
      return next;
    });
  }

  /** The current logo's bytes and type when `hash` names it; null for an old or unknown one. */
  async logo(hash: string): Promise<{ bytes: Uint8Array; type: WebImageType } | null> {
    const { logo } = await this.stored();
    if (!logo || logo.hash !== hash) return null;
    if (this.logoCache?.hash !== hash) {
      const parsed = z.object({ hash: z.string(), data: z.string() }).safeParse(await this.store.get(LOGO_KEY));
      if (!parsed.success || parsed.data.hash !== hash) return null;
      this.logoCache = { hash, bytes: decodeBase64(parsed.data.data) };
    }
    return { bytes: this.logoCache.bytes, type: logo.type };
  }

  private async stored(): Promise<StoredBranding> {
    const parsed = storedSchema.safeParse(await this.store.get(BRANDING_KEY));
    return parsed.success ? parsed.data : { accent: null, contact: '', logo: null };
  }
}

function mustBeMaster(by: Caller): void {
  if (by.user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator changes the branding.');
}
