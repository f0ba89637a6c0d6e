import { widgetScriptResponse } from '../../server/widget-script';

/** The co-browse bundle (widget/cobrowse.ts), which the loader fetches once a customer agreed to co-browse. */
export function GET(request: Request): Response {
  return widgetScriptResponse(request, 'cobrowse');
}
