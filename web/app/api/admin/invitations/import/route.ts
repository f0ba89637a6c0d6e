import * as z from 'zod';
import { lifeline } from '../../../../../server/context';
import { BODY_LIMITS } from '../../../../../server/body-limits';
import { callerRoute } from '../../../../../server/route';

const body = z.object({
  /** The CSV file's text, as the browser read it. */
  csv: z.string().max(200_000, 'The file is too large for an import (at most 200 kB).'),
  /** false: only the preview; true: invite everyone, if no row has a problem. */
  confirm: z.boolean(),
});

/** Invitations from a CSV: a preview with each row's problems, then all rows or none. */
// A 200 kB file grows in JSON (quotes and line breaks are escaped): room for that, not for more.
export const POST = callerRoute({ body, maxBytes: BODY_LIMITS.csvImport }, async ({ input, caller }) => {
  const { preview, invited } = await lifeline().invitations.importCsv(caller, input.csv, input.confirm);
  return Response.json({ ok: true, preview, invited }, { status: input.confirm && !preview.ok ? 422 : 200 });
});
