'use client';

import { type DragEvent, useEffect, useState, useSyncExternalStore } from 'react';
import type { FileTransfers } from '../rtc/files/file-transfers';
import type { Transfer } from '../rtc/files/types';

const errorText: Record<string, string> = {
  too_large: 'The file is larger than the other side accepts.',
  too_many: 'Too many files are waiting. Try again when some are done.',
  hash_mismatch: 'The file arrived damaged (its fingerprint differs) and was discarded. Send it again.',
  cancelled: 'The transfer was cancelled.',
  read_failed: 'The file could not be read. Check it still exists and send it again.',
  protocol: 'The transfer failed. Send the file again.',
};

/**
 * Files both ways over the session's files channel: send (button or drop), accept or decline what arrives,
 * answer requests, watch progress (bytes, speed, time left) and fetch what arrived.
 */
export function FileTransfersPanel({ files, side, peerName }: { files: FileTransfers; side: 'technician' | 'customer'; peerName: string }) {
  const state = useSyncExternalStore(files.state.subscribe, files.state.get, files.state.get);
  const [dragging, setDragging] = useState(false);
  const openRequests = state.requests.filter((r) => r.direction === 'incoming' && r.state === 'open');
  const send = (list: FileList | null, requestId?: string) => {
    for (const file of Array.from(list ?? [])) files.offer(file, file.name, requestId ? { requestId } : {});
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (state.connected) send(event.dataTransfer.files);
  };
  const inputId = side === 'technician' ? 'send-file-input' : 'customer-file-input';

  return (
    <section
      className={`files${dragging ? ' dragging' : ''}`}
      aria-label="Files"
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="spread">
        <h2>Files</h2>
        <div className="row">
          <label className={`button secondary small file-button${state.connected ? '' : ' disabled'}`} htmlFor={inputId}>
            {side === 'technician' ? `Send files to ${peerName}` : 'Send a file'}
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
          {side === 'technician' && (
            <button type="button" className="secondary small" data-testid="file-request" disabled={!state.connected} onClick={() => files.request()}>
              Ask for a file
            </button>
          )}
        </div>
      </div>
      {side === 'customer' && state.connected && <p className="muted drop-hint">Or drop files here.</p>}
      {openRequests.map((req) => (
        <div key={req.id} className="card notice" data-testid="file-request-prompt">
          <p>{peerName} asks you to send a file{req.note ? `: ${req.note}` : '.'}</p>
          <div className="row">
            <label className="button small" htmlFor={`answer-${req.id}`}>Choose a file</label>
            <input
              id={`answer-${req.id}`}
              data-testid="file-request-answer"
              className="visually-hidden"
              type="file"
              onChange={(event) => send(event.target.files, req.id)}
            />
            <button type="button" className="secondary small" onClick={() => files.declineRequest(req.id)}>No</button>
          </div>
        </div>
      ))}
      <ul className="transfers">
        {state.transfers.map((transfer) => (
          <TransferRow key={transfer.id} transfer={transfer} files={files} peerName={peerName} />
        ))}
      </ul>
    </section>
  );
}

function TransferRow({ transfer, files, peerName }: { transfer: Transfer; files: FileTransfers; peerName: string }) {
  const incoming = transfer.direction === 'incoming';
  const percent = transfer.size ? Math.floor((transfer.bytes / transfer.size) * 100) : 100;
  return (
    <li className="transfer" data-testid="transfer-row" data-state={transfer.state} data-direction={transfer.direction} data-sha256={transfer.sha256 ?? ''} data-bytes={transfer.bytes}>
      <div className="spread">
        <strong className="transfer-name">{incoming ? '↓' : '↑'} {transfer.name}</strong>
        <span className="muted">{formatBytes(transfer.size)}</span>
      </div>
      {(transfer.state === 'sending' || transfer.state === 'receiving') && (
        <>
          <progress value={transfer.bytes} max={transfer.size || 1} aria-label={`${transfer.name}: ${percent}%`} />
          <p className="muted transfer-meta">
            {percent}% · {formatBytes(transfer.bytesPerSecond)}/s
            {transfer.secondsLeft !== null ? ` · ${formatSeconds(transfer.secondsLeft)} left` : ''}
            {transfer.paused ? ' · paused, waiting for the connection' : ''}
          </p>
        </>
      )}
      {transfer.state === 'offered' && incoming && (
        <div className="row">
          <span>{peerName} wants to send you this file.</span>
          <button type="button" className="small" data-testid="file-offer-accept" onClick={() => void files.accept(transfer.id)}>Accept</button>
          <button type="button" className="secondary small" data-testid="file-offer-decline" onClick={() => files.decline(transfer.id)}>Decline</button>
        </div>
      )}
      {transfer.state === 'offered' && !incoming && <p className="muted transfer-meta">Waiting for {peerName} to accept…</p>}
      {transfer.state === 'declined' && <p className="muted transfer-meta">Declined.</p>}
      {transfer.state === 'failed' && <p className="error transfer-meta">{errorText[transfer.error?.code ?? 'protocol']}</p>}
      {transfer.state === 'done' && (
        <p className="muted transfer-meta">
          {incoming ? <DownloadLink files={files} transfer={transfer} /> : 'Delivered. '}
          <span title={`SHA-256 ${transfer.sha256}\nMD5 ${transfer.md5}`}> SHA-256 {transfer.sha256?.slice(0, 12)}…, verified by both sides</span>
        </p>
      )}
    </li>
  );
}

function DownloadLink({ files, transfer }: { files: FileTransfers; transfer: Transfer }) {
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
      Save file
    </a>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}
