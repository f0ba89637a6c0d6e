'use client';

import { useEffect, useRef, useSyncExternalStore } from 'react';
import { type Annotations, paintStrokes } from '../../client/annotations';

/**
 * The technician's strokes drawn over this very page, when this tab is what is shared (co-browse): the shared
 * surface is the viewport, so the strokes land where the technician drew them, and the video carries them back.
 * A preview of the tab inside the tab would be captured too, so the picture would never be still: the encoder
 * would never rest, on the customer's device and on the relay.
 */
export function PageAnnotations({ annotations }: { annotations: Annotations }) {
  const { strokes } = useSyncExternalStore(annotations.state.subscribe, annotations.state.get, annotations.state.get);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const layer = canvas.current;
    if (!layer) return;
    const repaint = () => {
      layer.width = layer.clientWidth;
      layer.height = layer.clientHeight;
      paintStrokes(layer, strokes);
    };
    repaint();
    window.addEventListener('resize', repaint);
    return () => window.removeEventListener('resize', repaint);
  }, [strokes]);

  return <canvas ref={canvas} className="page-annotations" data-testid="annotation-layer" data-strokes={strokes.length} aria-hidden="true" />;
}
