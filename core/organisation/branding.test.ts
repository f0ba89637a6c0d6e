import { describe, expect, it } from 'vitest';
import { sniffImageType } from '../image-type';
import { brandingInputSchema } from './branding';

describe('the logo, by its bytes', () => {
  it('knows PNG, JPEG and WebP from their signatures, and nothing else', () => {
    expect(sniffImageType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WAVE'))).toBeNull();
    expect(sniffImageType(new Uint8Array(0))).toBeNull();
  });

  it('takes a colour only as #rrggbb, kept in lower case, and one line of contact text', () => {
    expect(brandingInputSchema.parse({ name: ' Acme ', accent: '#AbCdEf', contact: ' Call us ' })).toEqual({ name: 'Acme', accent: '#abcdef', contact: 'Call us' });
    expect(brandingInputSchema.safeParse({ name: 'Acme', accent: '#abc', contact: '' }).success).toBe(false);
    expect(brandingInputSchema.safeParse({ name: 'Acme', accent: null, contact: 'a\u0007b' }).success).toBe(false);
  });
});
