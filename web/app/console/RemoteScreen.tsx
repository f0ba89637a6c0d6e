'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';

export type ViewMode = 'fit' | 'actual';

/**
 * The customer's live screen: fit to the window, or 1:1 with scrolling. Muted and inline so every browser
 * autoplays it.
 */
export function RemoteScreen({
  stream,
  source,
  customerName,
  mode,
  onVideo,
}: {
  stream: MediaStream;
  /** Whose picture it is: the customer's browser share, or the Lifeline Helper's own (the whole desktop). */
  source: 'share' | 'helper';
  customerName: string;
  mode: ViewMode;
  /** The element, for what is layered over it (drawing) or taken from it (screenshots). */
  onVideo: (video: HTMLVideoElement | null) => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const t = useTranslations('screen');
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = stream;
    void element.play().catch(() => undefined);
    onVideo(element);
    return () => {
      element.srcObject = null;
      onVideo(null);
    };
  }, [stream, onVideo]);
  return (
    <video
      ref={video}
      className={mode === 'actual' ? 'actual-size' : undefined}
      data-testid="remote-screen"
      data-source={source}
      autoPlay
      playsInline
      muted
      aria-label={t('customerScreen', { customer: customerName })}
    />
  );
}
