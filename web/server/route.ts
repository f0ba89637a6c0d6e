import type { z } from 'zod';
import { ErrorCode, isDomainError } from '../../core/errors';
import { CLIENT_ADDRESS_HEADER, lifeline } from './context';

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_code: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  setup_locked: 403,
  not_found: 404,
  conflict: 409,
  session_closed: 410,
  peer_absent: 409,
  protocol_mismatch: 400,
  rate_limited: 429,
  internal: 500,
};

export function errorResponse(code: ErrorCode, message: string, retryAfterMs?: number): Response {
  const headers: Record<string, string> = {};
  if (retryAfterMs !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return Response.json({ ok: false, code, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, { status: statusOf[code], headers });
}

export interface RouteRequest<T> {
  input: T;
  request: Request;
  /** The caller's address as server.ts determined it (never a client-supplied header). */
  address: string;
}

/**
 * Every JSON route goes through here: Origin check (no cross-site form or fetch can act with the user's
 * cookies), a bounded JSON body parsed by the route's zod schema, and domain errors mapped to 4xx JSON bodies
 * with a code. Anything unexpected is logged and answered 500 without details.
 */
export function jsonRoute<S extends z.ZodType>(schema: S, handler: (call: RouteRequest<z.output<S>>) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const context = lifeline();
    if (!context.isOriginAllowed(request.headers.get('origin') ?? undefined, request.headers.get('host') ?? undefined)) {
      context.log.warn('web: refused cross-origin request', { url: request.url, origin: request.headers.get('origin') });
      return errorResponse(ErrorCode.forbidden, 'Cross-origin requests are not allowed.');
    }
    const text = await request.text();
    if (text.length > 64 * 1024) return errorResponse(ErrorCode.badRequest, 'Request body too large.');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      return errorResponse(ErrorCode.badRequest, 'Request body must be JSON.');
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return Response.json(
        { ok: false, code: ErrorCode.badRequest, message: issue.message, field: issue.path.join('.') || undefined },
        { status: 400 },
      );
    }
    try {
      return await handler({ input: parsed.data, request, address: request.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown' });
    } catch (error) {
      if (isDomainError(error)) {
        context.log.info('web: request refused', { url: new URL(request.url).pathname, code: error.code });
        return errorResponse(error.code, error.message, error.retryAfterMs);
      }
      context.log.error('web: route failed', { url: request.url, error });
      return errorResponse(ErrorCode.internal, 'Something went wrong on the server.');
    }
  };
}
