import { lifeline } from '../../../../server/context';

/**
 * A person's picture, by the SHA-256 of its bytes. Whoever holds the address may see it (the technician's
 * customers see their face on the consent page without signing in); the address cannot be guessed, and it
 * changes with the picture, so it may be cached for good. The stored type was sniffed from the bytes at upload;
 * nosniff keeps a browser from deciding otherwise.
 */
export async function GET(_request: Request, context: { params: Promise<{ hash: string }> }): Promise<Response> {
  const { hash } = await context.params;
  const avatar = await lifeline().preferences.avatar(hash);
  if (!avatar) return Response.json({ ok: false, code: 'not_found', message: 'Not found.' }, { status: 404 });
  return new Response(new Uint8Array(avatar.bytes), {
    headers: {
      'Content-Type': avatar.type,
      'Content-Length': String(avatar.bytes.length),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'public, max-age=31536000, immutable',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
