/**
 * The pictures people upload (an avatar, the organisation's logo), by what their bytes say they are, never by a
 * name or a header. SVG is not among them: it may carry script and external references, and sanitising it is a
 * project of its own.
 */
export const WEB_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type WebImageType = (typeof WEB_IMAGE_TYPES)[number];

/** PNG, JPEG or WebP from the file's first bytes; null for anything else (SVG, HTML, GIF, a renamed file...). */
export function sniffImageType(bytes: Uint8Array): WebImageType | null {
  const starts = (signature: number[], at = 0) => bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF....WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}
