import { abuseReportSchema } from '../../../../core/support/abuse-report-input';
import { lifeline } from '../../../server/context';
import { jsonRoute } from '../../../server/route';

/**
 * A customer reports abuse, by the code of their session or from its page: anyone may, so it is bounded per
 * address (AbuseReports). The answer says whether the report names a session we know; it is kept either way.
 */
export const POST = jsonRoute(abuseReportSchema, async ({ input, address }) => {
  const { abuseReports, log } = lifeline();
  const { matched } = await abuseReports.report(input, { address });
  log.info('abuse: customer report received', { matched });
  return Response.json({ ok: true, matched }, { status: 201 });
});
