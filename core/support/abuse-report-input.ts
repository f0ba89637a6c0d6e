import * as z from 'zod';
import { ID_PATTERN } from '../ids';

export const ABUSE_TEXT_MAX = 4000;

/** What a customer's abuse report holds (core/support/abuse-reports.ts); the report page uses the same bounds. */
export const abuseReportSchema = z.object({
  /** The six digits the customer typed to join (spaces allowed, as the page shows them), or nothing. */
  code: z.string().transform((code) => code.replace(/\s+/g, '')).pipe(z.string().regex(/^(\d{6})?$/, 'A session code has six digits.')).optional(),
  /** The session the report link came from (the customer's page knows it, also for a link or a channel). */
  sessionId: z.string().regex(ID_PATTERN, 'not a session id').optional(),
  text: z.string().trim().min(1).max(ABUSE_TEXT_MAX),
});
