'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { SessionSummary } from '../../../protocol';
import type { WorkspaceState } from '../../../client/technician-client';
import type { FileTransfers } from '../../../client/files/file-transfers';
import { FileTransfersPanel } from '../../components/FileTransfersPanel';
import { durationText } from '../../i18n/units';

/**
 * Where the screen was, once the session ended: how long it ran, how it ended and with what note, the files
 * that came in (still downloadable: they stay in this console until the tab closes), what was saved as
 * evidence, and the way to its log entry.
 */
export function ClosedSummary({ session, workspace, files }: { session: SessionSummary; workspace: WorkspaceState; files: FileTransfers }) {
  const t = useTranslations('workspace.summary');
  const log = useTranslations('sessionLog');
  const units = useTranslations('units');
  const format = useFormatter();
  const started = session.pickedUpAt ?? session.joinedAt;
  const duration = started !== null && session.closedAt !== null ? session.closedAt - started : null;
  return (
    <section className="closed-summary card" aria-labelledby="summary-title" data-testid="session-summary">
      <h2 id="summary-title">{t('title', { customer: session.customerName })}</h2>
      <dl className="summary-facts">
        <div><dt>{t('duration')}</dt><dd data-testid="summary-duration">{duration === null ? t('neverJoined') : durationText(units, format, duration)}</dd></div>
        <div><dt>{t('ended')}</dt><dd>{session.endReason ? log(`endReasons.${session.endReason}`) : '–'}</dd></div>
        {workspace.resolution && <div><dt>{t('resolution')}</dt><dd className="summary-note">{workspace.resolution}</dd></div>}
        <div><dt>{t('evidence')}</dt><dd>{t('evidenceCounts', { screenshots: workspace.evidence.screenshots, recordings: workspace.evidence.recordings })}</dd></div>
      </dl>
      <FileTransfersPanel files={files} side="technician" peerName={session.customerName} allows={{ send: false, receive: false }} />
      <p className="muted field-hint">{t('filesHint')}</p>
      <p>
        <a className="button secondary small" href={`/console/log/${session.id}`} data-testid="summary-log-link">{t('openLog')}</a>
      </p>
    </section>
  );
}
