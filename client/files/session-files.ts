import type { SignalingSocket } from '../signaling-client';
import { request } from '../signaling-client';
import { FileTransfers } from './file-transfers';
import type { FileDirections, TransferCompletion } from './types';
import { FileErrorCode } from '../../protocol/files';

/**
 * One side's file transfers for a support session: the engine, plus what the app adds around it. Every ended
 * transfer is reported to the server with both sides' hashes, so the session's log keeps them.
 */
export function sessionFiles(options: {
  socket: () => SignalingSocket | null;
  sessionId: () => string | null;
  /** The technician accepts answers to its own requests without a second click. */
  acceptRequestedFiles: boolean;
  /** The directions the technician's group allows, from this side (see FileTransfersOptions.allows). */
  allows: () => FileDirections;
}): FileTransfers {
  const files = new FileTransfers({
    autoAccept: options.acceptRequestedFiles ? (offer) => offer.requestId !== null : undefined,
    allows: options.allows,
  });
  files.on('complete', (completion) => {
    const socket = options.socket();
    const sessionId = options.sessionId();
    // Stopped because the direction is not allowed (now): the server refuses records in that direction too.
    if (!socket || !sessionId || completion.error?.code === FileErrorCode.notAllowed) return;
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
