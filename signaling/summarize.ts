import type { SupportSession } from '../core/model';
import type { SessionSummary } from '../protocol';

/** What a console is told about a session: never its hashes or tokens. Names come from the organisation. */
export function summarize(
  session: SupportSession,
  names: Pick<SessionSummary, 'assignee' | 'group' | 'collaborators' | 'channel'> & { editableFieldIds: ReadonlySet<string> },
): SessionSummary {
  return {
    id: session.id,
    customerName: session.customerName,
    state: session.state,
    code: session.code,
    codeExpiresAt: session.codeExpiresAt,
    createdAt: session.createdAt,
    joinedAt: session.joinedAt,
    queuedAt: session.queuedAt,
    pickedUpAt: session.pickedUpAt,
    closedAt: session.closedAt,
    endReason: session.endReason,
    assignee: names.assignee,
    group: names.group,
    collaborators: names.collaborators,
    channel: names.channel,
    customFields: session.customFields.map((f) => ({ ...f, editable: names.editableFieldIds.has(f.id) })),
    request: session.request,
  };
}
