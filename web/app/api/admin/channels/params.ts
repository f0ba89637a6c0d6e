import * as z from 'zod';

export const channelParams = z.object({ channelId: z.string().min(1).max(64) });
