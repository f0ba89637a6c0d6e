/**
 * The `annotations` data channel: the technician draws over the customer's screen and the customer's page
 * shows the same strokes over a preview of what they share. Points are normalised to 0..1 of the shared
 * surface, so both sides draw them at their own size. Re-exported by protocol/index.ts.
 */
import * as z from 'zod';

export const ANNOTATIONS_CHANNEL = { label: 'annotations', init: { ordered: true } } as const;

export const ANNOTATION_COLOURS = ['#ff3b30', '#ffcc00', '#34c759', '#0a84ff', '#ffffff'] as const;
const unit = z.number().min(0).max(1);

/**
 * Strokes either side keeps on screen; past it the oldest go. Every stroke is painted again on each change, and a
 * peer sending stroke after stroke would otherwise grow both the memory and that work without end (issue 13's
 * fuzzing); a person pointing things out draws far fewer before clearing.
 */
export const MAX_STROKES = 500;

export const strokeSchema = z.object({
  id: z.string().regex(/^[a-z0-9]{6,32}$/),
  colour: z.enum(ANNOTATION_COLOURS),
  /** Line width as a share of the surface's width. */
  width: z.number().min(0.001).max(0.05),
  points: z.array(z.tuple([unit, unit])).min(1).max(4000),
});
export type Stroke = z.infer<typeof strokeSchema>;

export const annotationMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stroke'), stroke: strokeSchema }),
  z.object({ type: z.literal('undo') }),
  z.object({ type: z.literal('clear') }),
]);
export type AnnotationMessage = z.infer<typeof annotationMessageSchema>;
