import { type AnnotationMessage, annotationMessageSchema, MAX_STROKES, type Stroke } from '../protocol';
import { Store } from './store';

export interface AnnotationState {
  strokes: Stroke[];
}

/**
 * The strokes drawn over the customer's screen, on both sides. The technician draws and sends; the customer's
 * page receives and shows them over the preview of what it shares. Survives a replaced connection: the
 * technician re-sends what is on screen when a new channel opens.
 */
export class Annotations {
  readonly state = new Store<AnnotationState>({ strokes: [] });
  private channel: RTCDataChannel | null = null;

  attach(channel: RTCDataChannel): void {
    this.channel = channel;
    channel.addEventListener('message', ({ data }) => this.receive(data));
    // A new connection: bring the other side up to date (a received channel may already be open).
    const resync = () => {
      for (const stroke of this.state.get().strokes) this.send({ type: 'stroke', stroke });
    };
    if (channel.readyState === 'open') resync();
    else channel.addEventListener('open', resync, { once: true });
  }

  detach(): void {
    this.channel = null;
  }

  draw(stroke: Stroke): void {
    this.apply({ type: 'stroke', stroke });
    this.send({ type: 'stroke', stroke });
  }

  undo(): void {
    this.apply({ type: 'undo' });
    this.send({ type: 'undo' });
  }

  clear(): void {
    this.apply({ type: 'clear' });
    this.send({ type: 'clear' });
  }

  private send(message: AnnotationMessage): void {
    if (this.channel?.readyState === 'open') this.channel.send(JSON.stringify(message));
  }

  private receive(data: unknown): void {
    let message: AnnotationMessage;
    try {
      message = annotationMessageSchema.parse(JSON.parse(String(data)));
    } catch {
      console.warn('Lifeline: ignored a malformed annotation message');
      return;
    }
    this.apply(message);
  }

  private apply(message: AnnotationMessage): void {
    this.state.update(({ strokes }) => {
      if (message.type === 'clear') return { strokes: [] };
      if (message.type === 'undo') return { strokes: strokes.slice(0, -1) };
      return { strokes: [...strokes.filter((s) => s.id !== message.stroke.id), message.stroke].slice(-MAX_STROKES) };
    });
  }
}

/** Draws strokes on a canvas sized to the surface they annotate. */
export function paintStrokes(canvas: HTMLCanvasElement, strokes: readonly Stroke[]): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.lineCap = 'round';
  context.lineJoin = 'round';
  for (const stroke of strokes) {
    context.strokeStyle = stroke.colour;
    context.lineWidth = Math.max(1, stroke.width * canvas.width);
    context.beginPath();
    stroke.points.forEach(([x, y], i) => (i === 0 ? context.moveTo(x * canvas.width, y * canvas.height) : context.lineTo(x * canvas.width, y * canvas.height)));
    if (stroke.points.length === 1) context.lineTo(stroke.points[0][0] * canvas.width + 0.1, stroke.points[0][1] * canvas.height);
    context.stroke();
  }
}
