import type { FileErrorCode } from '../../protocol/files';

/** The public shapes of file transfers: what the UI reads from the store and the events it subscribes to. */

export type TransferDirection = 'outgoing' | 'incoming';
export type TransferState = 'offered' | 'sending' | 'receiving' | 'done' | 'failed' | 'declined';

export interface TransferError {
  code: FileErrorCode;
  /** For logs; the UI picks its sentence by `code`. */
  message: string;
}

/** One file, as this side sees it. */
export interface Transfer {
  id: string;
  direction: TransferDirection;
  name: string;
  size: number;
  mime: string;
  /** The request this file answers, if any. */
  requestId: string | null;
  state: TransferState;
  /** Receiver: bytes hashed and kept. Sender: bytes the receiver acknowledged. */
  bytes: number;
  bytesPerSecond: number;
  /** Null while the speed is unknown or the transfer is not moving. */
  secondsLeft: number | null;
  /** Sending or receiving, but no channel is open: it carries on when a new one is attached. */
  paused: boolean;
  /** Hashes as this side computed them (sender: once it read the last byte; receiver: once the sender said done). */
  sha256: string | null;
  md5: string | null;
  error?: TransferError;
}

/** "Please send me a file", asked by one side of the other. */
export interface FileRequest {
  id: string;
  direction: TransferDirection;
  note: string | null;
  state: 'open' | 'answered' | 'declined';
}

export interface FileTransfersState {
  /** A files channel is attached and open. */
  connected: boolean;
  transfers: Transfer[];
  requests: FileRequest[];
}

/** A transfer reached its end; both sides' hashes, for the session's event log. */
export interface TransferCompletion {
  id: string;
  direction: TransferDirection;
  name: string;
  size: number;
  mime: string;
  requestId: string | null;
  state: 'done' | 'failed' | 'declined';
  /** True only for 'done': the receiver's SHA-256 and MD5 equal the sender's. */
  ok: boolean;
  sha256: string | null;
  md5: string | null;
  peerSha256: string | null;
  peerMd5: string | null;
  error?: TransferError;
}

export interface FileTransferEvents {
  /** The other side offered a file (already in state as 'offered', or refused if too large). */
  offer: Transfer;
  /** The other side asks for a file: answer with offer(file, name, { requestId }) or declineRequest(id). */
  request: FileRequest;
  complete: TransferCompletion;
}

/** Whether this side may send files to the other, and receive files from it. */
export interface FileDirections {
  send: boolean;
  receive: boolean;
}

export interface FileTransfersOptions {
  /** Incoming offers larger than this are refused with 'too_large'. Default 2 GiB. */
  maxSize?: number;
  /** Chunks wait while bufferedAmount would pass this. Default 8 MiB (Chrome closes a channel past 16 MiB). */
  highWatermark?: number;
  /** bufferedAmountLowThreshold: sending resumes when the queue drains to this. Default 1 MiB. */
  lowWatermark?: number;
  /**
   * Payload bytes per chunk frame. Default 64 KiB minus the 16-byte header, so a frame fits a 64 KiB
   * maxMessageSize (Safari and older Firefox); pass RTCSctpTransport.maxMessageSize - 16 to go bigger.
   */
  chunkSize?: number;
  /** Bytes read from the Blob at a time (one slice().arrayBuffer() per read). Default 1 MiB. */
  readSize?: number;
  /** The receiver acknowledges every this many bytes (and at the end). Default 256 KiB. */
  ackEvery?: number;
  /** Progress reaches the store at most this often per transfer; state changes always do. Default 200 ms. */
  progressIntervalMs?: number;
  /** Incoming offers this returns true for are accepted without asking (e.g. answers to our own requests). */
  autoAccept?: (offer: Transfer) => boolean;
  /**
   * Which directions are allowed now, as the technician's group says (read at every offer and request; call
   * enforce() when it changes). A refused offer is cancelled with 'not_allowed', a refused request declined,
   * both unseen by the user: the side receiving is the one that enforces, whatever the other side's page does.
   * Default: both ways.
   */
  allows?: () => FileDirections;
  /** Undecided or running incoming offers, and open incoming requests, beyond which new ones are refused. */
  maxOpen?: number;
  /**
   * Failed and declined incoming transfers kept in the list, beyond which the oldest are forgotten: the other side
   * can offer and cancel, or offer too large, as often as it likes, and each would stay in the list for good.
   */
  maxSettledIncoming?: number;
  now?: () => number;
}
