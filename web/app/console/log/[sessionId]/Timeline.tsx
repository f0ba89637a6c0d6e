import type { ReactNode } from 'react';
import type { SessionEvent } from '../../../../../core/model';
import type { SessionLogEntry } from '../../../../../core/support/session-log';
import {
  endReasonLabels,
  fileStateLabels,
  formatBytes,
  formatDuration,
  formatUtc,
  isoUtc,
  rightLabels,
} from '../../../../lib/session-log-format';

/**
 * A session's timeline as sentences: who did what, when. Event data is JSON written by several parts of the
 * system (and by older versions), so every field is read defensively and shown as text, never as markup.
 */
export function Timeline({ entry, events }: { entry: SessionLogEntry; events: SessionEvent[] }) {
  if (events.length === 0) return <p className="muted">Nothing happened in this session.</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {events.map((event) => (
        <li key={event.id} className={`timeline-event ${event.actor}`} data-testid="timeline-event" data-type={event.type}>
          <time dateTime={isoUtc(event.at)!}>{formatUtc(event.at)}</time>
          <div className="timeline-body">
            <p className="timeline-what">
              <span className="timeline-actor">{actorName(event, entry)}</span>{' '}
              <span className="muted timeline-role">({event.actor})</span>{' '}
              {describe(event, entry)}
            </p>
            {details(event, entry)}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** Sessions change hands, so a technician's event names who acted when the event says so. */
function actorName(event: SessionEvent, entry: SessionLogEntry): string {
  if (event.actor === 'technician') {
    const data = event.data;
    const who = event.type === 'transferred' ? data.fromName : event.type === 'assigned' ? data.toName : data.author;
    return text(who) || entry.technicianName || 'Technician';
  }
  if (event.actor === 'customer') return entry.customerName;
  return 'Lifeline';
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
/** Ids that come back into URLs; anything else is not linked. */
const safeId = (value: unknown): string | null => (typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null);

function describe(event: SessionEvent, entry: SessionLogEntry): ReactNode {
  const data = event.data;
  switch (event.type) {
    case 'created':
      return `created the session for ${text(data.customerName) || entry.customerName}`;
    case 'joined':
      return 'joined with the code or link';
    case 'consented': {
      const rights = Array.isArray(data.rights) ? data.rights.map((r) => rightLabels[String(r)] ?? String(r)) : [];
      return rights.length ? `consented to: ${rights.join(', ')}` : 'consented';
    }
    case 'chat':
      return 'wrote:';
    case 'screen_share_started':
      return 'started sharing their screen';
    case 'screen_share_stopped':
      return 'stopped sharing their screen';
    case 'url_pushed': {
      const url = text(data.url);
      return (
        <>
          sent a link:{' '}
          {/^https?:\/\//i.test(url) ? (
            <a href={url} target="_blank" rel="noopener noreferrer nofollow" className="timeline-url">{url}</a>
          ) : (
            <code className="timeline-url">{url}</code>
          )}
        </>
      );
    }
    case 'file_transferred': {
      const size = number(data.size);
      const sent = data.direction === 'outgoing';
      const state = text(data.state);
      return (
        <>
          {sent ? 'sent the file ' : 'received the file '}
          <span className="file-name">{text(data.name) || 'unnamed'}</span>
          {size !== null && ` (${formatBytes(size)})`}{' '}
          <span className={`badge ${data.ok === true ? 'ok' : 'failed'}`}>{fileStateLabels[state] ?? (data.ok === true ? 'Completed' : 'Failed')}</span>
        </>
      );
    }
    case 'screenshot_taken': {
      const width = number(data.width);
      const height = number(data.height);
      return width && height ? `took a screenshot (${width} × ${height})` : 'took a screenshot';
    }
    case 'recording_started':
      return 'started recording the screen';
    case 'recording_stopped': {
      const duration = number(data.durationMs);
      const bytes = number(data.bytes);
      const facts = [duration !== null ? formatDuration(duration) : null, bytes !== null ? formatBytes(bytes) : null].filter(Boolean);
      return `stopped recording${facts.length ? ` (${facts.join(', ')})` : ''}`;
    }
    case 'assigned':
      return data.takeover === true ? 'took over the session' : 'took the session from the queue';
    case 'transferred':
      return data.toName ? `transferred the session to ${text(data.toName)}` : `put the session in the queue of ${text(data.groupName) || 'a group'}`;
    case 'resolved':
      return 'resolved the session';
    case 'ended': {
      const reason = text(data.reason);
      return (
        <>
          {data.reason === 'expired' || data.reason === 'idle_timeout' ? 'closed the session' : 'ended the session'}{' '}
          <span className="badge">{endReasonLabels[reason] ?? (reason || 'No reason given')}</span>
        </>
      );
    }
    default:
      return `recorded “${event.type}”`;
  }
}

function details(event: SessionEvent, entry: SessionLogEntry): ReactNode {
  const data = event.data;
  switch (event.type) {
    case 'chat':
      return <p className="timeline-chat">{text(data.text)}</p>;
    case 'transferred':
    case 'resolved':
      return text(data.note) ? <p className="timeline-chat" data-testid={`${event.type}-note`}>{text(data.note)}</p> : null;
    case 'file_transferred':
      return <FileHashes data={data} />;
    case 'screenshot_taken': {
      const id = safeId(data.screenshotId);
      if (!id) return null;
      const src = `/api/sessions/${encodeURIComponent(entry.id)}/screenshots/${id}`;
      return (
        <a href={src} className="timeline-shot" target="_blank" rel="noopener">
          <img
            src={src}
            alt={`Screenshot of ${entry.customerName}'s screen at ${formatUtc(event.at)} UTC (opens the full image)`}
            width={number(data.width) ?? undefined}
            height={number(data.height) ?? undefined}
            loading="lazy"
          />
        </a>
      );
    }
    case 'recording_stopped': {
      const id = safeId(data.recordingId);
      if (!id) return null;
      const src = `/api/sessions/${encodeURIComponent(entry.id)}/recordings/${id}`;
      return (
        <div className="timeline-recording">
          <video controls preload="metadata" src={src} aria-label={`Recording of ${entry.customerName}'s screen, ended ${formatUtc(event.at)} UTC`} />
          <a href={src} download>Download the recording</a>
        </div>
      );
    }
    default:
      return null;
  }
}

/** Both sides' hashes of one transfer: what this side computed and what the other side reported. */
function FileHashes({ data }: { data: Record<string, unknown> }) {
  const rows: [string, string][] = [
    ['SHA-256', text(data.sha256)],
    ['SHA-256, other side', text(data.peerSha256)],
    ['MD5', text(data.md5)],
    ['MD5, other side', text(data.peerMd5)],
  ];
  const shown = rows.filter(([, value]) => value);
  const compared = text(data.sha256) && text(data.peerSha256);
  const match = compared && data.sha256 === data.peerSha256 && (!data.md5 || !data.peerMd5 || data.md5 === data.peerMd5);
  return (
    <div className="timeline-file">
      {compared && (
        <p className={match ? 'hash-match' : 'hash-mismatch'}>
          {match ? '✓ Both sides computed the same hashes.' : '✗ The two sides computed different hashes.'}
        </p>
      )}
      {text(data.error) && data.state !== 'declined' && <p className="error">Error: {text(data.error)}</p>}
      {shown.length > 0 && (
        <dl className="hashes">
          {shown.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd><code>{value}</code></dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
