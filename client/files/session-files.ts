import type { SignalingSocket } from '../signaling-client';
import { request } from '../signaling-client';
import { FileTransfers } from './file-transfers';
import type { TransferCompletion } from './types';

/**
 * One side's file transfers for a support session: the engine, plus what the app adds around it. Every ended
 * transfer is reported to the server with both sides' hashes, so the session's log keeps them.
 */
export function sessionFiles(options: {
  socket: () => SignalingSocket | null;
  sessionId: () => string | null;
  /** The technician accepts answers to its own requests without a second click. */
  acceptRequestedFiles: boolean;
}): FileTransfers {
  const files = new FileTransfers({
    autoAccept: options.acceptRequestedFiles ? (offer) => offer.requestId !== null : undefined,
  });
  files.on('complete', (completion) => {
    const socket = options.socket();
    const sessionId = options.sessionId();
    if (!socket || !sessionId) return;
    void request(socket, 'file:record', { sessionId, transfer: toRecord(completion) }).catch((error: unknown) =>
      console.warn('Lifeline: could not record a file transfer', error),
    );
  });
  return files;
}

function toRecord(completion: TransferCompletion) {
  return {
    id: completion.id,
    direction: completion.direction,
    name: completion.name,
    size: completion.size,
    state: completion.state,
    ok: completion.ok,
    sha256: completion.sha256,
    md5: completion.md5,
    peerSha256: completion.peerSha256,
    peerMd5: completion.peerMd5,
    error: completion.error?.code ?? null,
  };
}
