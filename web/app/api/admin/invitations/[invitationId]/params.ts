import * as z from 'zod';

export const invitationParams = z.object({ invitationId: z.string().min(1).max(64) });
