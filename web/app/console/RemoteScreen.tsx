'use client';

import { useEffect, useRef } from 'react';

export type ViewMode = 'fit' | 'actual';

/**
 * The customer's live screen: fit to the window, or 1:1 with scrolling. Muted and inline so every browser
 * autoplays it.
 */
export function RemoteScreen({ stream, customerName, mode }: { stream: MediaStream; customerName: string; mode: ViewMode }) {
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
  return (
    <video
      ref={video}
      className={mode === 'actual' ? 'actual-size' : undefined}
      data-testid="remote-screen"
      autoPlay
      playsInline
      muted
      aria-label={`${customerName}'s screen`}
    />
  );
}
