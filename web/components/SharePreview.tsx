'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { type Annotations, paintStrokes } from '../../client/annotations';

/** The customer's own shared screen, small, with the technician's strokes on top: what they point at. */
export function SharePreview({ stream, annotations }: { stream: MediaStream; annotations: Annotations }) {
  const t = useTranslations('join');
  const { strokes } = useSyncExternalStore(annotations.state.subscribe, annotations.state.get, annotations.state.get);
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = stream;
    void element.play().catch(() => undefined);
  }, [stream]);

  useEffect(() => {
    const element = video.current;
    const layer = canvas.current;
    if (!element || !layer) return;
    const repaint = () => {
      layer.width = element.clientWidth;
      layer.height = element.clientHeight;
      paintStrokes(layer, strokes);
    };
    repaint();
    const observer = new ResizeObserver(repaint);
    observer.observe(element);
    element.addEventListener('resize', repaint);
    return () => {
      observer.disconnect();
      element.removeEventListener('resize', repaint);
    };
  }, [strokes]);

  return (
    <figure className="share-preview">
      <div className="share-preview-frame">
        <video ref={video} muted playsInline autoPlay aria-label={t('previewLabel')} />
        <canvas ref={canvas} data-testid="annotation-layer" data-strokes={strokes.length} aria-hidden="true" />
      </div>
      <figcaption className="muted">{t('previewCaption', { pointing: strokes.length ? 'yes' : 'no' })}</figcaption>
    </figure>
  );
}
