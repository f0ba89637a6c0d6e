import * as z from 'zod';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import type { Mailer } from '../mail/mailer';
import type { SupportSession } from '../model';
import { addressKey, FailureWindow } from '../rate-limit';
import type { Repository } from '../repository';
import type { SupportSessions } from './support-sessions';
import { abuseReportSchema } from './abuse-report-input';

/** How far back a code names a session: codes are six digits, so an old one has been drawn again since. */
export const ABUSE_CODE_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000;
/** Reports per address (IPv6 per /64) per hour: enough for a person. */
export const ABUSE_REPORTS_PER_HOUR = 5;
/**
 * Mails about reports per hour from everyone together: many addresses cannot fill the administrators'
 * mailboxes. Reports past it are still in the activity log and the session's log.
 */
export const ABUSE_MAILS_PER_HOUR = 20;

export interface AbuseReceipt {
  /** Whether the report names a session we know; the report reaches the administrators either way. */
  matched: boolean;
}

/**
 * "Report abuse": a customer who thinks the person who helped them was not who they said tells the organisation's
 * master administrators, by the session's code or from the session's own page, also after it ended. The report
 * goes to the activity log (with the session and its technician when known), to the session's log, and by mail to
 * every master administrator. Anyone may report, so it is bounded per address and says nothing of codes nobody
 * used (findByPastCode).
 */
export class AbuseReports {
  private readonly perAddress: FailureWindow;
  private readonly mails: FailureWindow;

  constructor(
    private readonly deps: {
      repo: Repository;
      sessions: SupportSessions;
      audit: AuditLog;
      mailer: Mailer;
      /** The master administrators' addresses. */
      recipients: () => Promise<string[]>;
      /** Where a master administrator reads the session's log. */
      logUrl: (sessionId: string) => string;
      clock: Clock;
      log: (message: string, error: unknown) => void;
    },
  ) {
    this.perAddress = new FailureWindow(deps.clock, ABUSE_REPORTS_PER_HOUR, 60 * 60 * 1000);
    this.mails = new FailureWindow(deps.clock, ABUSE_MAILS_PER_HOUR, 60 * 60 * 1000);
  }

  async report(input: z.input<typeof abuseReportSchema>, from: { address: string }): Promise<AbuseReceipt> {
    const report = abuseReportSchema.parse(input);
    const key = addressKey(from.address);
    const verdict = this.perAddress.check(key);
    if (!verdict.allowed) throw DomainError.rateLimited(verdict.retryAfterMs);
    this.perAddress.recordFailure(key);

    const session = await this.find(report);
    const technician = session?.technicianId ? await this.deps.repo.users.findById(session.technicianId) : null;
    await this.deps.audit.record({ user: null, address: from.address, actorName: 'Customer' }, 'abuse.reported', session ? `${session.customerName} · ${session.id}` : 'no known session', {
      groupId: session?.groupId ?? null,
      details: { sessionId: session?.id ?? null, code: report.code || null, technicianId: technician?.id ?? null, technicianName: technician?.name ?? null, text: report.text },
    });
    if (session) await this.deps.sessions.appendEvent(session.id, 'customer', 'abuse_reported', { text: report.text }, { evenIfClosed: true });
    if (this.mails.check('all').allowed) {
      this.mails.recordFailure('all');
      await this.mail(report, session, technician?.name ?? null, from.address);
    } else {
      this.deps.log('abuse reports past the hourly mail limit: kept in the activity log only', null);
    }
    return { matched: session !== null };
  }

  private async find(report: z.output<typeof abuseReportSchema>): Promise<SupportSession | null> {
    if (report.sessionId) {
      const session = await this.deps.repo.supportSessions.findById(report.sessionId);
      // The session's own page sends its id: only a session a customer was in is one to report.
      if (session && session.joinedAt !== null) return session;
    }
    if (!report.code) return null;
    return this.deps.repo.supportSessions.findByPastCode(report.code, this.deps.clock.now() - ABUSE_CODE_LOOKBACK_MS);
  }

  /** Every master administrator hears of it at once: a mail that fails is logged, never lost with the report. */
  private async mail(report: z.output<typeof abuseReportSchema>, session: SupportSession | null, technicianName: string | null, address: string): Promise<void> {
    const text = [
      'A customer reported abuse in a support session.',
      '',
      session ? `Session: ${session.customerName}, ${new Date(session.createdAt).toISOString().replace('T', ' ').slice(0, 16)} UTC` : `Session: none matched${report.code ? ` the code ${report.code}` : ''}`,
      `Technician: ${technicianName ?? (session ? 'nobody had picked it up' : 'unknown')}`,
      `From address: ${address}`,
      '',
      'What they wrote:',
      report.text,
      '',
      ...(session ? [`The session's log: ${this.deps.logUrl(session.id)}`] : []),
      'The report is in the activity log too.',
    ].join('\n');
    for (const to of await this.deps.recipients()) {
      await this.deps.mailer.send({ to, subject: `Lifeline: a customer reported abuse${technicianName ? ` (${technicianName})` : ''}`, text }).catch((error: unknown) => this.deps.log('abuse report mail failed', error));
    }
  }
}
