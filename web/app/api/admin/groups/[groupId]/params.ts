import * as z from 'zod';

export const groupParams = z.object({ groupId: z.string().min(1).max(64) });
