import { getFormatter, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import type { SessionEvent } from '../../../../../core/model';
import type { SessionLogEntry } from '../../../../../core/support/session-log';
import { durationText, sizeText } from '../../../../i18n/units';
import { isoUtc } from '../../../../lib/session-log-format';

type Translator = Awaited<ReturnType<typeof getTranslations>>;
type Formatter = Awaited<ReturnType<typeof getFormatter>>;

/** The namespaces and formatter a timeline's sentences come from, handed to each helper below. */
interface Words {
  t: Translator;
  log: Translator;
  units: Translator;
  files: Translator;
  format: Formatter;
}

/**
 * A session's timeline as sentences: who did what, when. Event data is JSON written by several parts of the
 * system (and by older versions), so every field is read defensively and shown as text, never as markup.
 */
export async function Timeline({ entry, events }: { entry: SessionLogEntry; events: SessionEvent[] }) {
  const [t, log, units, files, format] = await Promise.all([
    getTranslations('timeline'),
    getTranslations('sessionLog'),
    getTranslations('units'),
    // The file transfer errors are the customer area's words: the same sentences both sides saw.
    getTranslations('files'),
    getFormatter(),
  ]);
  const words: Words = { t, log, units, files, format };
  if (events.length === 0) return <p className="muted">{t('nothing')}</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {events.map((event, i) => (
        // Numbered from 1 as the log's verification names events (VerifyLog.tsx links to these).
        <li key={event.id} id={`event-${i + 1}`} className={`timeline-event ${event.actor}`} data-testid="timeline-event" data-type={event.type}>
          <time dateTime={isoUtc(event.at)!}>{timeOf(words, event.at)}</time>
          <div className="timeline-body">
            <p className="timeline-what">
              <span className="timeline-actor">{actorName(words, event, entry)}</span>{' '}
              <span className="muted timeline-role">{t('role', { actor: event.actor })}</span>{' '}
              {describe(words, event, entry)}
            </p>
            {details(words, event, entry)}
          </div>
        </li>
      ))}
    </ol>
  );
}

const timeOf = ({ format }: Words, at: number) => format.dateTime(at, { dateStyle: 'medium', timeStyle: 'medium' });
/** With the time zone named, for text read on its own (an image's description), away from the page's note. */
const zonedTimeOf = ({ format }: Words, at: number) => format.dateTime(at, { dateStyle: 'medium', timeStyle: 'long' });

/** Sessions change hands, so a technician's event names who acted when the event says so. */
function actorName({ t }: Words, event: SessionEvent, entry: SessionLogEntry): string {
  if (event.actor === 'technician') {
    const data = event.data;
    const who = event.type === 'transferred' ? data.fromName : event.type === 'assigned' ? data.toName : data.author;
    return text(who) || entry.technicianName || t('technician');
  }
  if (event.actor === 'customer') return entry.customerName;
  return t('system');
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
/** Ids that come back into URLs; anything else is not linked. */
const safeId = (value: unknown): string | null => (typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null);

const RIGHTS = new Set(['chat', 'screen_view', 'remote_control', 'file_access', 'clipboard']);
const FILE_STATES = new Set(['done', 'failed', 'declined']);
const END_REASONS = new Set(['technician_ended', 'customer_ended', 'expired', 'idle_timeout', 'resolved']);

function describe(words: Words, event: SessionEvent, entry: SessionLogEntry): ReactNode {
  const { t, log, units, format } = words;
  const data = event.data;
  switch (event.type) {
    case 'created':
      if (data.channelId) return data.request === true ? t('leftRequest', { channel: entry.channelName ?? '' }) : t('startedFromChannel', { channel: entry.channelName ?? '' });
      return t('created', { customer: text(data.customerName) || entry.customerName });
    case 'joined':
      return t('joined');
    case 'consented': {
      const rights = Array.isArray(data.rights) ? data.rights.map((r) => (RIGHTS.has(String(r)) ? t(`rights.${String(r)}`) : String(r))) : [];
      return rights.length ? t('consentedTo', { rights: format.list(rights, { type: 'unit', style: 'short' }) }) : t('consented');
    }
    case 'chat':
      return t('wrote');
    case 'screen_share_started':
      return t('shareStarted');
    case 'screen_share_stopped':
      return t('shareStopped');
    case 'url_pushed': {
      const url = text(data.url);
      return t.rich('sentLink', {
        link: () => (/^https?:\/\//i.test(url) ? (
          <a href={url} target="_blank" rel="noopener noreferrer nofollow" className="timeline-url">{url}</a>
        ) : (
          <code className="timeline-url">{url}</code>
        )),
      });
    }
    case 'file_transferred': {
      const size = number(data.size);
      const state = text(data.state);
      const name = text(data.name) || t('unnamed');
      const values = { name, size: size === null ? '' : sizeText(units, format, size), file: (chunks: ReactNode) => <span className="file-name">{chunks}</span> };
      const key = `${data.direction === 'outgoing' ? 'fileSent' : 'fileReceived'}${size === null ? '' : 'WithSize'}`;
      const label = FILE_STATES.has(state) ? t(`fileStates.${state}`) : t(`fileStates.${data.ok === true ? 'done' : 'failed'}`);
      return (
        <>
          {t.rich(key, values)}{' '}
          <span className={`badge ${data.ok === true ? 'ok' : 'failed'}`}>{label}</span>
        </>
      );
    }
    case 'screenshot_taken': {
      const width = number(data.width);
      const height = number(data.height);
      return width && height ? t('screenshotSized', { width: String(width), height: String(height) }) : t('screenshot');
    }
    case 'recording_started':
      return t('recordingStarted');
    case 'recording_stopped': {
      const duration = number(data.durationMs);
      const bytes = number(data.bytes);
      const facts = [duration !== null ? durationText(units, format, duration) : null, bytes !== null ? sizeText(units, format, bytes) : null].filter((f): f is string => f !== null);
      if (facts.length === 2) return t('recordingStoppedBoth', { duration: facts[0], size: facts[1] });
      if (facts.length === 1) return t('recordingStoppedOne', { fact: facts[0] });
      return t('recordingStopped');
    }
    case 'assigned':
      return data.takeover === true ? t('tookOver') : t('pickedUp');
    case 'transferred':
      return data.toName ? t('transferredTo', { name: text(data.toName) }) : text(data.groupName) ? t('transferredToQueue', { group: text(data.groupName) }) : t('transferredToAQueue');
    case 'resolved':
      return t('resolved');
    case 'call_started':
      return t('callStarted');
    case 'call_ended':
      return t('callEnded');
    case 'collaborator_invited':
      return t('collaboratorInvited', { name: text(data.name) || t('someone') });
    case 'collaborator_removed':
      return data.by === 'rights' ? t('collaboratorRemovedByRights', { name: text(data.name) || t('someone') }) : t('collaboratorRemoved', { name: text(data.name) || t('someone') });
    case 'chat_toggled':
      return t(data.enabled === true ? 'chatOn' : 'chatOff');
    case 'control_requested':
      return t('controlRequested', { mode: data.mode === 'desktop' ? 'desktop' : 'page' });
    case 'control_granted':
      return t('controlGranted', { mode: data.mode === 'desktop' ? 'desktop' : 'page' });
    case 'control_declined':
      return t('controlDeclined');
    case 'control_stopped':
      return t('controlStopped');
    case 'custom_fields_edited':
      return t('fieldsEdited');
    case 'cobrowse_requested':
      return t('cobrowseRequested');
    case 'cobrowse_started':
      return t('cobrowseStarted');
    case 'cobrowse_stopped':
      return t('cobrowseStopped');
    case 'abuse_reported':
      return t('abuseReported');
    case 'waiting_timed_out':
      return data.action === 'tell' ? t('waitTold', { minutes: number(data.afterMinutes) ?? 0 }) : t('waitMoved', { minutes: number(data.afterMinutes) ?? 0 });
    case 'ended': {
      const reason = text(data.reason);
      return (
        <>
          {t('ended', { closed: reason === 'expired' || reason === 'idle_timeout' ? 'yes' : 'no' })}{' '}
          <span className="badge">{END_REASONS.has(reason) ? log(`endReasons.${reason}`) : reason || t('noReason')}</span>
        </>
      );
    }
    default:
      return t('unknown', { type: event.type });
  }
}

function details(words: Words, event: SessionEvent, entry: SessionLogEntry): ReactNode {
  const { t } = words;
  const data = event.data;
  switch (event.type) {
    case 'chat':
      return <p className="timeline-chat">{text(data.text)}</p>;
    case 'abuse_reported':
      return <p className="timeline-chat" data-testid="abuse-report">{text(data.text)}</p>;
    case 'transferred':
    case 'resolved':
      return text(data.note) ? <p className="timeline-chat" data-testid={`${event.type}-note`}>{text(data.note)}</p> : null;
    case 'file_transferred':
      return <FileHashes words={words} data={data} />;
    case 'custom_fields_edited': {
      const changes = Array.isArray(data.changes) ? (data.changes as { label?: unknown; from?: unknown; to?: unknown }[]) : [];
      return (
        <ul className="timeline-changes">
          {changes.map((c, i) => <li key={i}>{t('fieldChange', { label: text(c.label), from: text(c.from) || '–', to: text(c.to) || '–' })}</li>)}
        </ul>
      );
    }
    case 'screenshot_taken': {
      const id = safeId(data.screenshotId);
      if (!id) return null;
      const src = `/api/sessions/${encodeURIComponent(entry.id)}/screenshots/${id}`;
      return (
        <a href={src} className="timeline-shot" target="_blank" rel="noopener">
          <img
            src={src}
            alt={t('screenshotAlt', { customer: entry.customerName, time: zonedTimeOf(words, event.at) })}
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
          <video controls preload="metadata" src={src} aria-label={t('recordingLabel', { customer: entry.customerName, time: zonedTimeOf(words, event.at) })} />
          <a href={src} download>{t('downloadRecording')}</a>
        </div>
      );
    }
    default:
      return null;
  }
}

/** Both sides' hashes of one transfer: what this side computed and what the other side reported. */
function FileHashes({ words: { t, files }, data }: { words: Words; data: Record<string, unknown> }) {
  const rows: [string, string][] = [
    [t('hashes.sha256'), text(data.sha256)],
    [t('hashes.sha256Peer'), text(data.peerSha256)],
    [t('hashes.md5'), text(data.md5)],
    [t('hashes.md5Peer'), text(data.peerMd5)],
  ];
  const shown = rows.filter(([, value]) => value);
  const compared = text(data.sha256) && text(data.peerSha256);
  const match = compared && data.sha256 === data.peerSha256 && (!data.md5 || !data.peerMd5 || data.md5 === data.peerMd5);
  const error = text(data.error);
  return (
    <div className="timeline-file">
      {compared && (
        <p className={match ? 'hash-match' : 'hash-mismatch'}>
          {match ? t('hashesMatch') : t('hashesDiffer')}
        </p>
      )}
      {error && data.state !== 'declined' && <p className="error">{t('fileError', { error: files.has(`errors.${error}`) ? files(`errors.${error}`) : error })}</p>}
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
