'use client';

import { useTranslations } from 'next-intl';
import { type PointerEvent, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ANNOTATION_COLOURS, type Stroke } from '../../../protocol';
import { type Annotations, paintStrokes } from '../../../client/annotations';

/** Where the picture really is inside a video element (object-fit: contain leaves bars around it). */
function contentRect(video: HTMLVideoElement): { left: number; top: number; width: number; height: number } {
  const { videoWidth, videoHeight, clientWidth, clientHeight, offsetLeft, offsetTop } = video;
  if (!videoWidth || !videoHeight) return { left: offsetLeft, top: offsetTop, width: clientWidth, height: clientHeight };
  const scale = Math.min(clientWidth / videoWidth, clientHeight / videoHeight);
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  return { left: offsetLeft + (clientWidth - width) / 2, top: offsetTop + (clientHeight - height) / 2, width, height };
}

/**
 * A drawing layer exactly over the customer's picture. While drawing is on, the pointer draws strokes that
 * reach the customer's page; otherwise it lets clicks through.
 */
export function AnnotationOverlay({ annotations, video, drawing, colour }: { annotations: Annotations; video: HTMLVideoElement | null; drawing: boolean; colour: string }) {
  const { strokes } = useSyncExternalStore(annotations.state.subscribe, annotations.state.get, annotations.state.get);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [rect, setRect] = useState({ left: 0, top: 0, width: 0, height: 0 });
  const current = useRef<Stroke | null>(null);

  useEffect(() => {
    if (!video) return;
    const measure = () => setRect(contentRect(video));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(video);
    video.addEventListener('resize', measure);
    video.addEventListener('loadedmetadata', measure);
    return () => {
      observer.disconnect();
      video.removeEventListener('resize', measure);
      video.removeEventListener('loadedmetadata', measure);
    };
  }, [video]);

  useEffect(() => {
    const layer = canvas.current;
    if (!layer) return;
    layer.width = Math.round(rect.width);
    layer.height = Math.round(rect.height);
    paintStrokes(layer, current.current ? [...strokes, current.current] : strokes);
  }, [strokes, rect]);

  const point = (event: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const box = event.currentTarget.getBoundingClientRect();
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    return [clamp((event.clientX - box.left) / box.width), clamp((event.clientY - box.top) / box.height)];
  };
  const repaint = () => {
    if (canvas.current) paintStrokes(canvas.current, current.current ? [...strokes, current.current] : strokes);
  };

  return (
    <canvas
      ref={canvas}
      className={`annotation-overlay${drawing ? ' drawing' : ''}`}
      data-testid="annotation-overlay"
      style={{ left: rect.left, top: rect.top, width: rect.width, height: rect.height }}
      aria-hidden="true"
      onPointerDown={(event) => {
        if (!drawing) return;
        event.currentTarget.setPointerCapture(event.pointerId);
        const id = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
        current.current = { id, colour: colour as Stroke['colour'], width: 0.004, points: [point(event)] };
        repaint();
      }}
      onPointerMove={(event) => {
        if (!current.current || current.current.points.length >= 4000) return;
        current.current.points.push(point(event));
        repaint();
      }}
      onPointerUp={() => {
        if (current.current) annotations.draw(current.current);
        current.current = null;
      }}
    />
  );
}

export { ANNOTATION_COLOURS };

/** The catalogue's name for each colour of the palette (screen.colours.*). */
const colourKeys: Record<string, string> = { '#ff3b30': 'red', '#ffcc00': 'yellow', '#34c759': 'green', '#0a84ff': 'blue', '#ffffff': 'white' };

/** The palette while drawing (the toolbar turns drawing on): colour, undo, clear and done. */
export function AnnotationTools({
  annotations,
  drawing,
  onDrawing,
  colour,
  onColour,
}: {
  annotations: Annotations;
  drawing: boolean;
  onDrawing: (drawing: boolean) => void;
  colour: string;
  onColour: (colour: string) => void;
}) {
  const t = useTranslations('screen');
  return (
    <div className="row annotation-tools" role="group" aria-label={t('drawLabel')}>
      {ANNOTATION_COLOURS.map((c) => (
        <button
          key={c}
          type="button"
          className="swatch"
          style={{ background: c }}
          aria-label={colourKeys[c] ? t(`colours.${colourKeys[c]}`) : c}
          aria-pressed={colour === c}
          onClick={() => onColour(c)}
        />
      ))}
      <button type="button" className="secondary small" onClick={() => annotations.undo()} data-testid="annotate-undo">
        {t('undo')}
      </button>
      <button type="button" className="secondary small" onClick={() => annotations.clear()} data-testid="annotate-clear">
        {t('clear')}
      </button>
      <button type="button" className="small" onClick={() => onDrawing(!drawing)}>
        {t('doneDrawing')}
      </button>
    </div>
  );
}
