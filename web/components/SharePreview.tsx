'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { type Annotations, paintStrokes } from '../../client/annotations';

/**
 * The customer's own shared screen as a small thumbnail, with the technician's strokes on top: what they point at.
 * The customer may fold it away; it unfolds when the technician starts pointing.
 */
export function SharePreview({ stream, annotations }: { stream: MediaStream; annotations: Annotations }) {
  const t = useTranslations('join');
  const { strokes } = useSyncExternalStore(annotations.state.subscribe, annotations.state.get, annotations.state.get);
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [open, setOpen] = useState(true);
  const pointing = strokes.length > 0;
  useEffect(() => {
    if (pointing) setOpen(true);
  }, [pointing]);

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
    <figure className={`share-preview${open ? '' : ' folded'}`}>
      <figcaption className="spread">
        <span className="muted">{t('previewCaption', { pointing: pointing ? 'yes' : 'no' })}</span>
        <button type="button" className="ghost small" aria-expanded={open} aria-controls="share-preview-frame" data-testid="share-preview-toggle" onClick={() => setOpen(!open)}>
          {open ? t('previewHide') : t('previewShow')}
        </button>
      </figcaption>
      <div className="share-preview-frame" id="share-preview-frame" hidden={!open}>
        <video ref={video} muted playsInline autoPlay aria-label={t('previewLabel')} />
        <canvas ref={canvas} data-testid="annotation-layer" data-strokes={strokes.length} aria-hidden="true" />
      </div>
    </figure>
  );
}
