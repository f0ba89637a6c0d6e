import QRCode from 'qrcode';
import type { SignInStep } from '../../core/auth/sign-in';
import { authCookie } from './auth-cookie';
import { CLIENT_ADDRESS_HEADER, lifeline } from './context';

/** The QR code an authenticator app scans, as inline SVG. */
export function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', margin: 1, width: 200 });
}

/**
 * Answers a sign-in step: when it is done, a session and its cookie; otherwise what the page shows next (the
 * challenge to send back, and for an enrolment the QR code and the key to type by hand).
 */
export async function stepResponse(step: SignInStep, request: Request, extra: Record<string, unknown> = {}): Promise<Response> {
  if (step.kind === 'done') {
    const { authSessions, log } = lifeline();
    const address = request.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
    const { token } = await authSessions.create(step.user.id, { secondFactor: step.secondFactor, address, userAgent: request.headers.get('user-agent') ?? '' });
    log.info('auth: signed in', { user: step.user.id, address, secondFactor: step.secondFactor });
    return Response.json({ ok: true, next: null, ...extra }, { headers: { 'Set-Cookie': authCookie(token) } });
  }
  if (step.kind === 'enroll') {
    return Response.json({ ok: true, next: { kind: 'enroll', challenge: step.challenge, secret: step.enrollment.secret, uri: step.enrollment.uri, qrSvg: await qrSvg(step.enrollment.uri) }, ...extra });
  }
  return Response.json({ ok: true, next: step, ...extra });
}
