import type { PeerLink } from './peer-link';
import { Store } from './store';

export type CallPhase = 'idle' | 'proposed' | 'incoming' | 'active';

export interface CallState {
  phase: CallPhase;
  local: MediaStream | null;
  muted: boolean;
  cameraOff: boolean;
  /** Why the last attempt did not go as planned (declined, no devices), for a sentence in the UI. */
  note: 'declined' | 'no_devices' | 'audio_only' | null;
}

/**
 * A camera and microphone call next to the screen share. The technician proposes; the customer accepts (the
 * devices are asked for inside that click); each side adds its tracks to the existing peer connection and
 * renegotiation carries them. A customer without a camera joins with audio, or stays on text.
 */
export class VideoCall {
  readonly state = new Store<CallState>({ phase: 'idle', local: null, muted: false, cameraOff: false, note: null });

  constructor(
    private readonly options: {
      peer: () => PeerLink | null;
      propose: () => Promise<void>;
      answer: (accept: boolean) => Promise<void>;
      hangUp: () => Promise<void>;
    },
  ) {}

  /** Technician. */
  async propose(): Promise<void> {
    this.state.update({ phase: 'proposed', note: null });
    try {
      await this.options.propose();
    } catch {
      this.state.update({ phase: 'idle' });
    }
  }

  /** Customer: must run inside the click, so the device prompt counts as a user gesture. */
  accept(): Promise<void> {
    const devices = openDevices();
    return (async () => {
      const { stream, note } = await devices;
      this.start(stream, note);
      await this.options.answer(true);
    })();
  }

  async decline(): Promise<void> {
    this.state.update({ phase: 'idle' });
    await this.options.answer(false);
  }

  async hangUp(): Promise<void> {
    this.stop();
    await this.options.hangUp().catch(() => undefined);
  }

  toggleMute(): void {
    const muted = !this.state.get().muted;
    this.state.get().local?.getAudioTracks().forEach((track) => (track.enabled = !muted));
    this.state.update({ muted });
  }

  toggleCamera(): void {
    const cameraOff = !this.state.get().cameraOff;
    this.state.get().local?.getVideoTracks().forEach((track) => (track.enabled = !cameraOff));
    this.state.update({ cameraOff });
  }

  /** What the server said about the call. */
  async onState(state: 'proposed' | 'active' | 'declined' | 'ended'): Promise<void> {
    if (state === 'proposed') this.state.update({ phase: 'incoming', note: null });
    else if (state === 'declined') this.state.update({ phase: 'idle', note: 'declined' });
    else if (state === 'ended') this.stop();
    else if (state === 'active' && this.state.get().phase === 'proposed') {
      const { stream, note } = await openDevices();
      this.start(stream, note);
    }
  }

  private start(stream: MediaStream | null, note: CallState['note']): void {
    if (stream) this.options.peer()?.addCallStream(stream);
    this.state.update({ phase: 'active', local: stream, muted: false, cameraOff: false, note });
  }

  private stop(): void {
    this.options.peer()?.removeCallStream();
    this.state.get().local?.getTracks().forEach((track) => track.stop());
    this.state.update({ phase: 'idle', local: null, muted: false, cameraOff: false });
  }
}

/** Camera and microphone, else microphone only, else nothing (text still works). */
async function openDevices(): Promise<{ stream: MediaStream | null; note: CallState['note'] }> {
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ video: true, audio: true }), note: null };
  } catch {
    try {
      return { stream: await navigator.mediaDevices.getUserMedia({ audio: true }), note: 'audio_only' };
    } catch {
      return { stream: null, note: 'no_devices' };
    }
  }
}
