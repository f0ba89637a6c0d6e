import * as z from 'zod';

export const adminGroupParams = z.object({ adminGroupId: z.string().min(1).max(64) });
