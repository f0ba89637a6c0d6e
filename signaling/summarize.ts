import type { SupportSession } from '../core/model';
import type { SessionSummary } from './protocol';

/** What a console is told about a session: never its hashes or tokens. */
export function summarize(session: SupportSession): SessionSummary {
  return {
    id: session.id,
    customerName: session.customerName,
    state: session.state,
    code: session.code,
    codeExpiresAt: session.codeExpiresAt,
    createdAt: session.createdAt,
    closedAt: session.closedAt,
    endReason: session.endReason,
  };
}
