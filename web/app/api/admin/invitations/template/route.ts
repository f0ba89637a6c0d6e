import { csvImportTemplate } from '../../../../../../core/organisation/csv-import';
import { lifeline } from '../../../../../server/context';
import { errorResponse } from '../../../../../server/route';
import { requestViewer } from '../../../../../server/viewer';

/** The CSV template, with the caller's first group as the example. */
export async function GET(request: Request): Promise<Response> {
  const viewer = await requestViewer(request);
  if (!viewer) return errorResponse('unauthorized', 'Sign in first.');
  const { groups, manageable } = await lifeline().organisation.snapshot(viewer);
  if (manageable.length === 0) return errorResponse('forbidden', 'You do not manage any group.');
  const example = groups.find((g) => g.id === manageable[0])?.name ?? 'Technicians';
  return new Response(csvImportTemplate(example), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="lifeline-people-template.csv"' },
  });
}
