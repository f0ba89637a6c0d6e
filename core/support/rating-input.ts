import * as z from 'zod';

/** What a rating may hold: the server checks it, the ended page bounds its field by it (no node modules here). */
export const RATING_COMMENT_MAX = 1000;
/** A customer rates the session they just had, not one from last month whose page they kept open. */
export const RATING_WINDOW_MS = 24 * 60 * 60 * 1000;

export const ratingInputSchema = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().max(RATING_COMMENT_MAX).default(''),
});
export type RatingInput = z.input<typeof ratingInputSchema>;
