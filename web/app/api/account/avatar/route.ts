import { AVATAR_MAX_BYTES } from '../../../../../core/preferences/preferences';
import { lifeline } from '../../../../server/context';
import { callerUploadRoute } from '../../../../server/route';

/** The caller's picture: the raw bytes of a PNG, JPEG or WebP (judged by its bytes), at most 256 KB. */
export const POST = callerUploadRoute(AVATAR_MAX_BYTES, async ({ bytes, user }) => {
  const preferences = await lifeline().preferences.setAvatar(user, bytes);
  return Response.json({ ok: true, preferences }, { status: 201 });
});
