'use client';

import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { VideoCall } from '../rtc/video-call';

function StreamVideo({ stream, muted, label, testId }: { stream: MediaStream; muted: boolean; label: string; testId: string }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (!video.current) return;
    video.current.srcObject = stream;
    void video.current.play().catch(() => undefined);
  }, [stream]);
  return <video ref={video} autoPlay playsInline muted={muted} aria-label={label} data-testid={testId} />;
}

const notes = {
  declined: 'The call was declined.',
  audio_only: 'No camera found: you are in the call with audio only.',
  no_devices: 'No camera or microphone could be used: you can still chat.',
};

/** Propose, answer and run a camera and microphone call beside the screen share. */
export function CallPanel({ call, remote, side, peerName }: { call: VideoCall; remote: MediaStream | null; side: 'technician' | 'customer'; peerName: string }) {
  const state = useSyncExternalStore(call.state.subscribe, call.state.get, call.state.get);
  return (
    <section className="call" aria-label="Video call">
      {state.phase === 'idle' && side === 'technician' && (
        <button type="button" className="secondary small" data-testid="call-propose" onClick={() => void call.propose()}>
          Start video call
        </button>
      )}
      {state.phase === 'proposed' && (
        <div className="row">
          <span>Calling {peerName}…</span>
          <button type="button" className="secondary small" data-testid="call-end" onClick={() => void call.hangUp()}>
            Cancel
          </button>
        </div>
      )}
      {state.phase === 'incoming' && (
        <div className="card notice" role="alert">
          <p>{peerName} proposes a video call with camera and microphone.</p>
          <div className="row">
            <button type="button" data-testid="call-accept" onClick={() => void call.accept()}>
              Join the call
            </button>
            <button type="button" className="secondary" data-testid="call-decline" onClick={() => void call.decline()}>
              Not now
            </button>
          </div>
        </div>
      )}
      {state.phase === 'active' && (
        <div className="call-active">
          <div className="call-videos">
            {remote ? (
              <StreamVideo stream={remote} muted={false} label={`${peerName}'s camera`} testId="call-remote-video" />
            ) : (
              <p className="muted">Waiting for {peerName}'s camera…</p>
            )}
            {state.local && <StreamVideo stream={state.local} muted label="Your camera" testId="call-local-video" />}
          </div>
          <div className="row">
            <button type="button" className="secondary small" aria-pressed={state.muted} data-testid="call-mute" onClick={() => call.toggleMute()}>
              {state.muted ? 'Unmute' : 'Mute'}
            </button>
            <button type="button" className="secondary small" aria-pressed={state.cameraOff} data-testid="call-camera" onClick={() => call.toggleCamera()}>
              {state.cameraOff ? 'Camera on' : 'Camera off'}
            </button>
            <button type="button" className="danger small" data-testid="call-end" onClick={() => void call.hangUp()}>
              Hang up
            </button>
          </div>
        </div>
      )}
      {state.note && <p className="muted call-note">{notes[state.note]}</p>}
    </section>
  );
}
