'use client';

import { useEffect, useRef } from 'react';

/** The customer's live screen, fit to the window. Muted and inline so every browser autoplays it. */
export function RemoteScreen({ stream, customerName }: { stream: MediaStream; customerName: string }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = stream;
    void element.play().catch(() => undefined);
    return () => {
      element.srcObject = null;
    };
  }, [stream]);
  return <video ref={video} data-testid="remote-screen" autoPlay playsInline muted aria-label={`${customerName}'s screen`} />;
}
