import * as z from 'zod';
import { ErrorCode, isDomainError, type Reason } from '../../core/errors';
import { reasonOf } from '../../core/zod-reasons';
import type { AuthSession, SupportSession, User } from '../../core/model';
import { AUTH_COOKIE, readCookie } from '../../signaling/cookie';
import { BODY_LIMITS, readBounded, tooLargeBody } from './body-limits';
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
  too_large: 413,
  internal: 500,
};

export function errorResponse(code: ErrorCode, message: string, retryAfterMs?: number, field?: string, reasons?: Reason[]): Response {
  const headers: Record<string, string> = {};
  if (retryAfterMs !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return Response.json(
    { ok: false, code, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), ...(field ? { field } : {}), ...(reasons?.length ? { reasons } : {}) },
    { status: statusOf[code], headers },
  );
}

export interface RouteRequest<T> {
  input: T;
  request: Request;
  /** The caller's address as server.ts determined it (never a client-supplied header). */
  address: string;
}

/** Refuses requests that change something from another site: no cross-site form or fetch acts with our cookies. */
function refuseCrossOrigin(request: Request): Response | null {
  const context = lifeline();
  if (request.method === 'GET' || request.method === 'HEAD') return null;
  if (context.isOriginAllowed(request.headers.get('origin') ?? undefined, request.headers.get('host') ?? undefined)) return null;
  context.log.warn('web: refused cross-origin request', { url: request.url, origin: request.headers.get('origin') });
  return errorResponse(ErrorCode.forbidden, 'Cross-origin requests are not allowed.');
}

/** Domain refusals become 4xx JSON with their code; anything unexpected is logged and answered 500 without details. */
async function answer(request: Request, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    const context = lifeline();
    if (isDomainError(error)) {
      context.log.info('web: request refused', { url: new URL(request.url).pathname, code: error.code });
      return errorResponse(error.code, error.message, error.retryAfterMs, error.field, error.reasons);
    }
    context.log.error('web: route failed', { url: request.url, error });
    return errorResponse(ErrorCode.internal, 'Something went wrong on the server.');
  }
}

/**
 * Every JSON route goes through here: Origin check, a bounded JSON body parsed by the route's zod schema, and
 * errors mapped by `answer`.
 */
export function jsonRoute<S extends z.ZodType, P extends z.ZodType = z.ZodObject<Record<string, never>>>(
  schema: S,
  handler: (call: RouteRequest<z.output<S>> & { params: z.output<P> }) => Promise<Response>,
  paramsSchema?: P,
) {
  return async (request: Request, context?: { params?: Promise<unknown> }): Promise<Response> => {
    const refused = refuseCrossOrigin(request);
    if (refused) return refused;
    const params = (paramsSchema ?? z.object({})).safeParse((await context?.params) ?? {});
    if (!params.success) return errorResponse(ErrorCode.notFound, 'Not found.');
    const parsed = await parseBody(request, schema);
    if (parsed instanceof Response) return parsed;
    return answer(request, () => handler({ input: parsed.data, params: params.data as z.output<P>, request, address: request.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown' }));
  };
}

/** A bounded JSON body parsed by `schema`; a 400 naming the first problem's field otherwise. */
async function parseBody<S extends z.ZodType>(request: Request, schema: S, maxBytes: number = BODY_LIMITS.json): Promise<{ data: z.output<S> } | Response> {
  const bytes = await readBounded(request, maxBytes);
  if (!bytes) {
    const refused = tooLargeBody(maxBytes);
    return Response.json(refused.body, { status: refused.status });
  }
  const text = new TextDecoder().decode(bytes);
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    return errorResponse(ErrorCode.badRequest, 'Request body must be JSON.');
  }
  const parsed = schema.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return errorResponse(ErrorCode.badRequest, issue.message, undefined, issue.path.join('.') || undefined, [reasonOf(issue)]);
  }
  return { data: parsed.data };
}

/**
 * The caller of a request from their sign-in cookie, past the gate (address rules, a newly required second
 * factor); a 401 response when there is no sign-in. Gate refusals are thrown, for `answer` to map.
 */
async function signedIn(request: Request): Promise<{ signIn: AuthSession; user: User; address: string } | Response> {
  const { authSessions, gate } = lifeline();
  const { session, user } = await authSessions.validate(readCookie(request.headers.get('cookie') ?? undefined, AUTH_COOKIE));
  if (!user) return errorResponse(ErrorCode.unauthorized, 'Sign in first.');
  const address = request.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
  await gate.check(session, user, address);
  return { signIn: session, user, address };
}

/**
 * Routes that act for a signed-in person (the admin center's forms): Origin check, the caller from the sign-in
 * cookie (401 without one), route params and the JSON body each parsed by their zod schema. What the caller may
 * do is the domain's decision: the handler passes the caller on to a service that checks it.
 */
export function callerRoute<B extends z.ZodType, P extends z.ZodType = z.ZodObject<Record<string, never>>>(
  schemas: { body: B; params?: P; /** Larger bodies are refused as they arrive (default BODY_LIMITS.json). */ maxBytes?: number },
  handler: (call: { input: z.output<B>; params: z.output<P>; caller: { user: User; address: string }; signIn: AuthSession; request: Request }) => Promise<Response>,
) {
  return async (request: Request, context?: { params?: Promise<unknown> }): Promise<Response> => {
    const refused = refuseCrossOrigin(request);
    if (refused) return refused;
    // Who asks comes first: a stranger learns nothing, not even what a valid body looks like.
    return answer(request, async () => {
      const caller = await signedIn(request);
      if (caller instanceof Response) return caller;
      const { signIn, user, address } = caller;
      const params = (schemas.params ?? z.object({})).safeParse((await context?.params) ?? {});
      if (!params.success) return errorResponse(ErrorCode.notFound, 'Not found.');
      const body = await parseBody(request, schemas.body, schemas.maxBytes);
      if (body instanceof Response) return body;
      return handler({ input: body.data, params: params.data as z.output<P>, caller: { user, address }, signIn, request });
    });
  };
}

/**
 * Routes for a signed-in user on one support session (`params.sessionId`), with raw bodies (images, video):
 * Origin check, sign-in from the cookie, the session must be theirs (master administrators may read any),
 * route params checked against `params`, errors mapped by `answer`.
 */
export function sessionRoute<P extends z.ZodType<{ sessionId: string }>>(
  params: P,
  handler: (call: { request: Request; user: User; session: SupportSession; params: z.output<P> }) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<unknown> }): Promise<Response> => {
    const refused = refuseCrossOrigin(request);
    if (refused) return refused;
    return answer(request, async () => {
      const parsed = params.safeParse(await context.params);
      if (!parsed.success) return errorResponse(ErrorCode.notFound, 'Not found.');
      const caller = await signedIn(request);
      if (caller instanceof Response) return caller;
      const { user } = caller;
      const { supportSessions } = lifeline();
      const readOnly = request.method === 'GET' || request.method === 'HEAD';
      const session = readOnly && user.role === 'master_admin'
        ? await supportSessions.get(parsed.data.sessionId)
        : await supportSessions.forTechnician(user, parsed.data.sessionId);
      if (!session) return errorResponse(ErrorCode.notFound, 'Session not found.');
      return handler({ request, user, session, params: parsed.data });
    });
  };
}

/**
 * Routes that take a signed-in person's raw upload (their picture): Origin check, the caller from the sign-in
 * cookie (401 without one), the body read up to `maxBytes` (a larger one is refused with 413 before it is
 * read whole), errors mapped by `answer`.
 */
export function callerUploadRoute(maxBytes: number, handler: (call: { bytes: Uint8Array; user: User }) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const refused = refuseCrossOrigin(request);
    if (refused) return refused;
    return answer(request, async () => {
      const caller = await signedIn(request);
      if (caller instanceof Response) return caller;
      const bytes = await readBounded(request, maxBytes);
      if (!bytes) {
        const tooLarge = tooLargeBody(maxBytes);
        return Response.json(tooLarge.body, { status: tooLarge.status });
      }
      return handler({ bytes, user: caller.user });
    });
  };
}
