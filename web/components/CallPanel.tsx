'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { VideoCall } from '../../client/video-call';

function StreamVideo({ stream, muted, label, testId }: { stream: MediaStream; muted: boolean; label: string; testId: string }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (!video.current) return;
    video.current.srcObject = stream;
    void video.current.play().catch(() => undefined);
  }, [stream]);
  return <video ref={video} autoPlay playsInline muted={muted} aria-label={label} data-testid={testId} />;
}

/** Propose, answer and run a camera and microphone call beside the screen share. */
export function CallPanel({ call, remote, side, peerName }: { call: VideoCall; remote: MediaStream | null; side: 'technician' | 'customer'; peerName: string }) {
  const state = useSyncExternalStore(call.state.subscribe, call.state.get, call.state.get);
  // Shared by the console and the customer's page: its words are in the customer area, which both load.
  const t = useTranslations('call');
  return (
    <section className="call" aria-label={t('title')}>
      {state.phase === 'idle' && side === 'technician' && (
        <button type="button" className="secondary small" data-testid="call-propose" onClick={() => void call.propose()}>
          {t('start')}
        </button>
      )}
      {state.phase === 'proposed' && (
        <div className="row">
          <span>{t('calling', { name: peerName })}</span>
          <button type="button" className="secondary small" data-testid="call-end" onClick={() => void call.hangUp()}>
            {t('cancel')}
          </button>
        </div>
      )}
      {state.phase === 'incoming' && (
        <div className="card notice" role="alert">
          <p>{t('incoming', { name: peerName })}</p>
          <div className="row">
            <button type="button" data-testid="call-accept" onClick={() => void call.accept()}>
              {t('join')}
            </button>
            <button type="button" className="secondary" data-testid="call-decline" onClick={() => void call.decline()}>
              {t('notNow')}
            </button>
          </div>
        </div>
      )}
      {state.phase === 'active' && (
        <div className="call-active">
          <div className="call-videos">
            {remote ? (
              <StreamVideo stream={remote} muted={false} label={t('theirCamera', { name: peerName })} testId="call-remote-video" />
            ) : (
              <p className="muted">{t('waitingForCamera', { name: peerName })}</p>
            )}
            {state.local && <StreamVideo stream={state.local} muted label={t('yourCamera')} testId="call-local-video" />}
          </div>
          <div className="row">
            <button type="button" className="secondary small" aria-pressed={state.muted} data-testid="call-mute" onClick={() => call.toggleMute()}>
              {state.muted ? t('unmute') : t('mute')}
            </button>
            <button type="button" className="secondary small" aria-pressed={state.cameraOff} data-testid="call-camera" onClick={() => call.toggleCamera()}>
              {state.cameraOff ? t('cameraOn') : t('cameraOff')}
            </button>
            <button type="button" className="danger small" data-testid="call-end" onClick={() => void call.hangUp()}>
              {t('hangUp')}
            </button>
          </div>
        </div>
      )}
      {state.note && <p className="muted call-note">{t(`notes.${state.note}`)}</p>}
    </section>
  );
}
