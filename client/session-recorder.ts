import { Store } from './store';

export interface RecorderState {
  recording: boolean;
  uploadedBytes: number;
  error: string | null;
}

const CHUNK_MS = 1000;
const UPLOAD_ATTEMPTS = 3;

/**
 * Records what the technician sees (the customer's screen) with MediaRecorder and uploads it as numbered WebM
 * chunks every second while recording, so a closed tab loses at most the last second or so and what arrived
 * stays playable on the server.
 */
export class SessionRecorder {
  readonly state = new Store<RecorderState>({ recording: false, uploadedBytes: 0, error: null });
  private recorder: MediaRecorder | null = null;
  private recordingId: string | null = null;
  private seq = 0;
  private uploads: Promise<void> = Promise.resolve();

  constructor(private readonly sessionId: string) {}

  async start(stream: MediaStream): Promise<boolean> {
    if (this.recorder) return true;
    const response = await fetch(`/api/sessions/${this.sessionId}/recordings`, { method: 'POST' });
    const body = (await response.json().catch(() => ({}))) as { recordingId?: string; message?: string };
    if (!response.ok || !body.recordingId) {
      this.state.update({ error: body.message ?? 'Recording could not start.' });
      return false;
    }
    this.recordingId = body.recordingId;
    this.seq = 0;
    const mimeType = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((type) => MediaRecorder.isTypeSupported(type));
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    recorder.ondataavailable = ({ data }) => {
      if (data.size > 0) this.enqueue(data);
    };
    recorder.start(CHUNK_MS);
    this.recorder = recorder;
    this.state.update({ recording: true, uploadedBytes: 0, error: null });
    return true;
  }

  /** Stops recording; resolves once the last chunk is stored and the server closed the recording. */
  async stop(): Promise<void> {
    const recorder = this.recorder;
    const recordingId = this.recordingId;
    if (!recorder || !recordingId) return;
    this.recorder = null;
    await new Promise<void>((resolve) => {
      recorder.addEventListener('stop', () => resolve(), { once: true });
      recorder.stop();
    });
    await this.uploads;
    await fetch(`/api/sessions/${this.sessionId}/recordings/${recordingId}/stop`, { method: 'POST' }).catch(() => undefined);
    this.recordingId = null;
    this.state.update({ recording: false });
  }

  /** The session ended: the server already stopped the recording; keep what was sent, stop capturing. */
  abandon(): void {
    this.recorder?.stop();
    this.recorder = null;
    this.recordingId = null;
    this.state.update({ recording: false });
  }

  private enqueue(data: Blob): void {
    const seq = this.seq++;
    const recordingId = this.recordingId;
    this.uploads = this.uploads.then(async () => {
      for (let attempt = 1; attempt <= UPLOAD_ATTEMPTS; attempt++) {
        try {
          const response = await fetch(`/api/sessions/${this.sessionId}/recordings/${recordingId}/chunks?seq=${seq}`, {
            method: 'POST',
            headers: { 'Content-Type': 'video/webm' },
            body: data,
          });
          if (response.ok) {
            const { bytes } = (await response.json()) as { bytes: number };
            this.state.update({ uploadedBytes: bytes });
            return;
          }
          if (response.status < 500) break;
        } catch {
          // network: try again
        }
      }
      this.state.update({ error: 'Part of the recording could not be uploaded.' });
    });
  }
}

/** The frame on screen right now, as a PNG at the video's own resolution. */
export async function captureFrame(video: HTMLVideoElement): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d')!.drawImage(video, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('No frame to capture'))), 'image/png'));
}
