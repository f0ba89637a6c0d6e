import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pairingTrailer } from '../../../../../protocol/helper-pairing';
import { isDomainError } from '../../../../../core/errors';
import { helperFileName, helperPlatformFor, helperPlatformSchema, pairingTokenSchema } from '../../../../../protocol';
import { lifeline } from '../../../../server/context';
import { errorResponse } from '../../../../server/route';

/**
 * The Lifeline Helper for one session: the same executable for everyone on a system, with this session's pairing
 * appended (protocol/helper-pairing.ts). The token in the address is the only credential: it is long, bound to one
 * live session and replaced when the technician asks again. `?platform=` picks the system (the customer's page
 * offers theirs first); without it, the browser's own.
 */
export async function GET(request: Request, context: { params: Promise<{ token: string }> }): Promise<Response> {
  const { helperPairing, helperBinaries, publicUrl, log } = lifeline();
  const token = pairingTokenSchema.safeParse((await context.params).token);
  if (!token.success) return errorResponse('not_found', 'Not found.');
  const asked = new URL(request.url).searchParams.get('platform');
  const platform = helperPlatformSchema.safeParse(asked ?? helperPlatformFor(request.headers.get('user-agent') ?? ''));
  if (!platform.success) return errorResponse('not_found', 'There is no Lifeline Helper for this system.');
  let sessionId: string;
  try {
    sessionId = (await helperPairing.sessionFor(token.data)).id;
  } catch (error) {
    if (isDomainError(error)) return errorResponse(error.code, 'This download link is not valid any more. Ask your technician to ask for control again.');
    throw error;
  }
  const binary = helperBinaries[platform.data];
  const size = await stat(binary).then((s) => s.size).catch(() => null);
  if (size === null) {
    log.warn(`web: the Lifeline Helper is not built (npm run build:helper -- --target ${platform.data})`, { binary });
    return errorResponse('not_found', 'The Lifeline Helper is not available on this server.');
  }
  const trailer = pairingTrailer({ v: 1, server: publicUrl(), sessionId, token: token.data });
  const body = Readable.toWeb(Readable.from((async function* () {
    yield* createReadStream(binary);
    yield trailer;
  })())) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(size + trailer.length),
      'Content-Disposition': `attachment; filename="${helperFileName(token.data, platform.data)}"`,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    },
  });
}
