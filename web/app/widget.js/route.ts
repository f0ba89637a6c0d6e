import { widgetScriptResponse } from '../../server/widget-script';

/** The widget's loader (widget/loader.ts): the one script tag a company puts on its pages. */
export function GET(request: Request): Response {
  return widgetScriptResponse(request, 'loader');
}
