'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { type DragEvent, useEffect, useState, useSyncExternalStore } from 'react';
import type { FileTransfers } from '../../client/files/file-transfers';
import type { FileDirections, Transfer } from '../../client/files/types';
import { FileErrorCode } from '../../protocol/files';


/**
 * Files both ways over the session's files channel: send (button or drop), accept or decline what arrives,
 * answer requests, watch progress (bytes, speed, time left) and fetch what arrived.
 */
export function FileTransfersPanel({ files, side, peerName, allows }: { files: FileTransfers; side: 'technician' | 'customer'; peerName: string; allows: FileDirections }) {
  const state = useSyncExternalStore(files.state.subscribe, files.state.get, files.state.get);
  const [dragging, setDragging] = useState(false);
  const send = (list: FileList | null) => sendFiles(files, list);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (state.connected && allows.send) send(event.dataTransfer.files);
  };
  const inputId = side === 'technician' ? 'send-file-input' : 'customer-file-input';
  const t = useTranslations('files');

  return (
    <section
      className={`files${dragging ? ' dragging' : ''}`}
      aria-label={t('title')}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="spread">
        <h2>{t('title')}</h2>
        <div className="row">
          {allows.send && (
            <>
              <label className={`button secondary small file-button${state.connected ? '' : ' disabled'}`} htmlFor={inputId}>
                {side === 'technician' ? t('sendTo', { name: peerName }) : t('send')}
              </label>
              <input
                id={inputId}
                data-testid={inputId}
                className="visually-hidden"
                type="file"
                multiple
                disabled={!state.connected}
                onChange={(event) => {
                  send(event.target.files);
                  event.target.value = '';
                }}
              />
            </>
          )}
          {side === 'technician' && allows.receive && (
            <button type="button" className="secondary small" data-testid="file-request" disabled={!state.connected} onClick={() => files.request()}>
              {t('ask')}
            </button>
          )}
        </div>
      </div>
      {side === 'customer' && state.connected && allows.send && <p className="muted drop-hint">{t('drop')}</p>}
      <FileRequestPrompts files={files} peerName={peerName} />
      <ul className="transfers">
        {state.transfers.map((transfer) => (
          <TransferRow key={transfer.id} transfer={transfer} files={files} peerName={peerName} />
        ))}
      </ul>
    </section>
  );
}

/** Offers each chosen file, as the answer to a request when there is one. */
export function sendFiles(files: FileTransfers, list: FileList | null, requestId?: string): void {
  for (const file of Array.from(list ?? [])) files.offer(file, file.name, requestId ? { requestId } : {});
}

/** The other side's open requests for a file, each answered with a file or a no. */
export function FileRequestPrompts({ files, peerName }: { files: FileTransfers; peerName: string }) {
  const state = useSyncExternalStore(files.state.subscribe, files.state.get, files.state.get);
  const t = useTranslations('files');
  const send = (list: FileList | null, requestId: string) => sendFiles(files, list, requestId);
  const openRequests = state.requests.filter((r) => r.direction === 'incoming' && r.state === 'open');
  return (
    <>
      {openRequests.map((req) => (
        <div key={req.id} className="card notice" data-testid="file-request-prompt">
          <p>{req.note ? t('requestedWithNote', { name: peerName, note: req.note }) : t('requested', { name: peerName })}</p>
          <div className="row">
            <label className="button small" htmlFor={`answer-${req.id}`}>{t('choose')}</label>
            <input
              id={`answer-${req.id}`}
              data-testid="file-request-answer"
              className="visually-hidden"
              type="file"
              onChange={(event) => send(event.target.files, req.id)}
            />
            <button type="button" className="secondary small" onClick={() => files.declineRequest(req.id)}>{t('no')}</button>
          </div>
        </div>
      ))}
    </>
  );
}

export function TransferRow({ transfer, files, peerName }: { transfer: Transfer; files: FileTransfers; peerName: string }) {
  const t = useTranslations('files');
  const format = useFormatter();
  const bytes = (n: number) => formatBytes(n, (value, digits) => format.number(value, { maximumFractionDigits: digits }));
  const incoming = transfer.direction === 'incoming';
  const percent = transfer.size ? Math.floor((transfer.bytes / transfer.size) * 100) : 100;
  return (
    <li className="transfer" data-testid="transfer-row" data-state={transfer.state} data-direction={transfer.direction} data-sha256={transfer.sha256 ?? ''} data-bytes={transfer.bytes}>
      <div className="spread">
        <strong className="transfer-name">{incoming ? '↓' : '↑'} {transfer.name}</strong>
        <span className="muted">{bytes(transfer.size)}</span>
      </div>
      {(transfer.state === 'sending' || transfer.state === 'receiving') && (
        <>
          <progress value={transfer.bytes} max={transfer.size || 1} aria-label={`${transfer.name}: ${percent}%`} />
          <p className="muted transfer-meta">
            {t('progress', { percent, speed: bytes(transfer.bytesPerSecond) })}
            {transfer.secondsLeft !== null ? ` · ${t('left', { minutes: Math.floor(transfer.secondsLeft / 60), seconds: Math.ceil(transfer.secondsLeft % 60) })}` : ''}
            {transfer.paused ? ` · ${t('paused')}` : ''}
          </p>
        </>
      )}
      {transfer.state === 'offered' && incoming && (
        <div className="row">
          <span>{t('offered', { name: peerName })}</span>
          <button type="button" className="small" data-testid="file-offer-accept" onClick={() => void files.accept(transfer.id)}>{t('accept')}</button>
          <button type="button" className="secondary small" data-testid="file-offer-decline" onClick={() => files.decline(transfer.id)}>{t('decline')}</button>
        </div>
      )}
      {transfer.state === 'offered' && !incoming && <p className="muted transfer-meta">{t('waiting', { name: peerName })}</p>}
      {transfer.state === 'declined' && <p className="muted transfer-meta">{t('declined')}</p>}
      {transfer.state === 'failed' && <p className="error transfer-meta">{t(`errors.${ERROR_CODES.has(transfer.error?.code ?? '') ? transfer.error!.code : 'protocol'}`)}</p>}
      {transfer.state === 'done' && (
        <p className="muted transfer-meta">
          {incoming ? <DownloadLink files={files} transfer={transfer} /> : `${t('delivered')} `}
          <span title={`SHA-256 ${transfer.sha256}\nMD5 ${transfer.md5}`}> {t('verified', { hash: `${transfer.sha256?.slice(0, 12)}…` })}</span>
        </p>
      )}
    </li>
  );
}

function DownloadLink({ files, transfer }: { files: FileTransfers; transfer: Transfer }) {
  const t = useTranslations('files');
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    const blob = files.received(transfer.id);
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [files, transfer.id]);
  if (!href) return null;
  return (
    <a href={href} download={transfer.name} data-testid="transfer-download">
      {t('save')}
    </a>
  );
}

const ERROR_CODES: ReadonlySet<string> = new Set(Object.values(FileErrorCode));

/** "4.2 MB" with the reader's decimal separator. */
function formatBytes(bytes: number, number: (value: number, fractionDigits: number) => string): string {
  if (bytes < 1024) return `${number(bytes, 0)} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${number(value, value < 10 ? 1 : 0)} ${units[unit]}`;
}
