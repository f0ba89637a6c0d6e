import { DomainError } from '../errors';
import { type Actor, SessionEventType } from '../model';
import { pngSize } from '../png';
import { randomToken } from '../random';
import { blobKey, type BlobStore } from '../storage';
import type { SupportSessions } from './support-sessions';

export interface EvidenceLimits {
  maxScreenshotBytes: number;
  maxRecordingBytes: number;
}

export const defaultEvidenceLimits: EvidenceLimits = { maxScreenshotBytes: 20 * 1024 * 1024, maxRecordingBytes: 4 * 1024 * 1024 * 1024 };

interface OpenRecording {
  sessionId: string;
  nextSeq: number;
  bytes: number;
  startedAt: number;
}

export const evidenceIdPattern = /^[a-z2-7]{16}$/;

/**
 * Screenshots and recordings of a session, kept as blobs and listed in its timeline. A recording arrives in
 * numbered WebM chunks while it runs, so a closed tab loses only the last seconds and what arrived stays
 * playable; it stops when the technician stops it or when the session ends.
 */
export class SessionEvidence {
  private readonly open = new Map<string, OpenRecording>();

  constructor(
    private readonly sessions: SupportSessions,
    private readonly store: BlobStore,
    private readonly now: () => number,
    private readonly limits: EvidenceLimits = defaultEvidenceLimits,
  ) {}

  async saveScreenshot(sessionId: string, png: Uint8Array): Promise<{ screenshotId: string; width: number; height: number }> {
    if (png.byteLength > this.limits.maxScreenshotBytes) throw DomainError.badRequest('The screenshot is too large.');
    const size = pngSize(png);
    if (!size) throw DomainError.badRequest('A screenshot must be a PNG image.');
    const screenshotId = randomToken(10);
    const key = blobKey('sessions', sessionId, 'screenshots', `${screenshotId}.png`);
    await this.store.write(key, png);
    try {
      await this.sessions.appendEvent(sessionId, 'technician', SessionEventType.screenshotTaken, { screenshotId, ...size, bytes: png.byteLength });
    } catch (error) {
      // Refused (the session ended meanwhile): no file that no event names.
      await this.store.remove(key).catch(() => undefined);
      throw error;
    }
    return { screenshotId, ...size };
  }

  async startRecording(sessionId: string, by: Actor = 'technician'): Promise<{ recordingId: string }> {
    if (this.recordingOf(sessionId)) throw DomainError.conflict('This session is already being recorded.');
    const recordingId = randomToken(10);
    await this.sessions.appendEvent(sessionId, by, SessionEventType.recordingStarted, { recordingId });
    this.open.set(recordingId, { sessionId, nextSeq: 0, bytes: 0, startedAt: this.now() });
    return { recordingId };
  }

  /** Chunks are taken in order; a repeat of one already stored (a retried upload) is accepted and ignored. */
  async appendRecording(sessionId: string, recordingId: string, seq: number, chunk: Uint8Array): Promise<{ bytes: number }> {
    const recording = this.open.get(recordingId);
    if (!recording || recording.sessionId !== sessionId) throw DomainError.notFound('Recording');
    if (seq < recording.nextSeq) return { bytes: recording.bytes };
    if (seq > recording.nextSeq) throw DomainError.conflict(`Expected chunk ${recording.nextSeq}, got ${seq}.`);
    if (recording.bytes + chunk.byteLength > this.limits.maxRecordingBytes) throw DomainError.badRequest('The recording reached its size limit.');
    recording.bytes = await this.store.append(this.recordingKey(sessionId, recordingId), chunk);
    recording.nextSeq++;
    return { bytes: recording.bytes };
  }

  async stopRecording(sessionId: string, recordingId: string, by: Actor = 'technician'): Promise<void> {
    const recording = this.open.get(recordingId);
    if (!recording || recording.sessionId !== sessionId) throw DomainError.notFound('Recording');
    this.open.delete(recordingId);
    await this.sessions.appendEvent(
      sessionId,
      by,
      SessionEventType.recordingStopped,
      { recordingId, bytes: recording.bytes, durationMs: this.now() - recording.startedAt },
      { evenIfClosed: true },
    );
  }

  /** The session ended: every recording of it stops (what arrived stays playable). */
  async stopAll(sessionId: string): Promise<void> {
    for (const [recordingId, recording] of [...this.open]) {
      if (recording.sessionId === sessionId) await this.stopRecording(sessionId, recordingId, 'system');
    }
  }

  recordingOf(sessionId: string): string | null {
    for (const [recordingId, recording] of this.open) if (recording.sessionId === sessionId) return recordingId;
    return null;
  }

  readScreenshot(sessionId: string, screenshotId: string) {
    return this.store.read(blobKey('sessions', sessionId, 'screenshots', `${screenshotId}.png`));
  }

  readRecording(sessionId: string, recordingId: string) {
    return this.store.read(this.recordingKey(sessionId, recordingId));
  }

  private recordingKey(sessionId: string, recordingId: string): string {
    return blobKey('sessions', sessionId, 'recordings', `${recordingId}.webm`);
  }
}
