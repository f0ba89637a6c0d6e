import { slugSchema } from '../../../../../../core/channels/channel';
import { isDomainError } from '../../../../../../core/errors';
import type { WidgetConfig } from '../../../../../../protocol/widget';
import { lifeline } from '../../../../../server/context';

/**
 * What the widget's loader needs to draw its launcher, for pages of the channel's allowed origins only. Other
 * origins get the reason (with CORS, so the loader can print it in the page's console): the page's owner
 * sees why the widget does not start. Nothing here is secret; the frame itself is what the origins guard.
 */
export async function GET(request: Request, context: { params: Promise<{ slug: string }> }): Promise<Response> {
  const origin = request.headers.get('origin');
  const cors: Record<string, string> = origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
  const refuse = (status: number, code: string, message: string) => Response.json({ ok: false, code, message }, { status, headers: cors });
  const slug = slugSchema.safeParse((await context.params).slug);
  if (!slug.success) return refuse(404, 'not_found', 'There is no such channel: check data-channel in the script tag.');
  const { channels, log } = lifeline();
  let channel;
  try {
    channel = await channels.bySlug(slug.data);
  } catch (error) {
    if (isDomainError(error)) return refuse(404, 'not_found', `There is no channel "${slug.data}": check data-channel in the script tag.`);
    throw error;
  }
  if (!channel.enabled) return refuse(404, 'not_found', `The channel "${channel.name}" is switched off in the admin center.`);
  if (!origin || !channel.allowedOrigins.includes(origin)) {
    log.info('widget: refused an origin', { channel: channel.id, origin });
    return refuse(403, 'forbidden', `This site (${origin ?? 'unknown'}) is not allowed to show the channel "${channel.name}": add its origin to the channel's sites in Lifeline's admin center.`);
  }
  const { accent, position, launcherText, title, logoUrl } = channel.appearance;
  const config: WidgetConfig = { name: channel.name, accent, position, launcherText, title, logoUrl };
  return Response.json({ ok: true, config }, { headers: cors });
}
