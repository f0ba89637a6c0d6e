import * as z from 'zod';

export const personParams = z.object({ personId: z.string().min(1).max(64) });
