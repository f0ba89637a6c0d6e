import { useTranslations } from 'next-intl';
import { useSyncExternalStore } from 'react';
import type { FileTransfers } from '../../client/files/file-transfers';
import { sendFiles, TransferRow } from '../components/FileTransfersPanel';

/* Files as part of the conversation: a paperclip beside the message field, the transfers above it, and what the
   technician offers among the requests at the top (SessionView). */

const INPUT_ID = 'customer-file-input';

/** The paperclip; the field it opens is also opened by the phone's Files button (a label for the same field). */
export function Paperclip({ files }: { files: FileTransfers }) {
  const t = useTranslations('join');
  const { connected } = useSyncExternalStore(files.state.subscribe, files.state.get, files.state.get);
  return (
    <>
      <input
        id={INPUT_ID}
        data-testid={INPUT_ID}
        className="visually-hidden"
        type="file"
        multiple
        disabled={!connected}
        onChange={(event) => {
          sendFiles(files, event.target.files);
          event.target.value = '';
        }}
      />
      <label htmlFor={INPUT_ID} className={`button secondary attach${connected ? '' : ' disabled'}`} data-testid="chat-attach" title={t('attach')}>
        <PaperclipIcon />
        <span className="visually-hidden">{t('attach')}</span>
      </label>
    </>
  );
}

/** The phone's bottom-bar button for the same field. */
export function FilesButton({ files }: { files: FileTransfers }) {
  const t = useTranslations('join');
  const { connected } = useSyncExternalStore(files.state.subscribe, files.state.get, files.state.get);
  return (
    <label htmlFor={INPUT_ID} className={`button secondary phone-only${connected ? '' : ' disabled'}`}>
      <PaperclipIcon /> {t('files')}
    </label>
  );
}

/** Transfers under way and done, between the messages and the field: progress stays in sight while chatting. */
export function TransferTray({ files, peerName, canSend }: { files: FileTransfers; peerName: string; canSend: boolean }) {
  const t = useTranslations('files');
  const state = useSyncExternalStore(files.state.subscribe, files.state.get, files.state.get);
  const shown = state.transfers.filter((transfer) => !(transfer.direction === 'incoming' && transfer.state === 'offered'));
  return (
    <div className="transfer-tray" aria-label={t('title')} role="group">
      {canSend && state.connected && <p className="muted drop-hint">{t('dropChat')}</p>}
      {shown.length > 0 && (
        <ul className="transfers">
          {shown.map((transfer) => (
            <TransferRow key={transfer.id} transfer={transfer} files={files} peerName={peerName} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** Files the technician offers, each accepted or declined: requests, at the top with the others. */
export function IncomingOffers({ files, peerName }: { files: FileTransfers; peerName: string }) {
  const state = useSyncExternalStore(files.state.subscribe, files.state.get, files.state.get);
  const offers = state.transfers.filter((transfer) => transfer.direction === 'incoming' && transfer.state === 'offered');
  if (offers.length === 0) return null;
  return (
    <ul className="transfers card notice">
      {offers.map((transfer) => (
        <TransferRow key={transfer.id} transfer={transfer} files={files} peerName={peerName} />
      ))}
    </ul>
  );
}

function PaperclipIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5" />
    </svg>
  );
}
