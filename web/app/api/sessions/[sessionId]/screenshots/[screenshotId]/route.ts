import { lifeline } from '../../../../../../server/context';
import { blobResponse, screenshotParams } from '../../../../../../server/evidence-params';
import { sessionRoute } from '../../../../../../server/route';

export const GET = sessionRoute(screenshotParams, async ({ session, params }) =>
  blobResponse(await lifeline().evidence.readScreenshot(session.id, params.screenshotId), 'image/png'),
);
