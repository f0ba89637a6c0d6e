'use client';

import type { Channel, ChannelInput } from '../../../../core/channels/channel';
import { type PostResult, postJson } from '../../../lib/post-json';

/** The channel editor's calls to the API; a saved channel comes back whole. */
export const channelActions = {
  create: (input: ChannelInput) => postJson('/api/admin/channels', input) as Promise<PostResult & { channel?: Channel }>,
  update: (id: string, input: ChannelInput) => postJson(`/api/admin/channels/${encodeURIComponent(id)}`, input) as Promise<PostResult & { channel?: Channel }>,
  remove: (id: string) => postJson(`/api/admin/channels/${encodeURIComponent(id)}/remove`, {}),
  setLimit: (limit: number) => postJson('/api/admin/settings/channel-limit', { limit }),
  setPrivateFields: (fields: unknown[]) => postJson('/api/admin/settings/private-fields', { fields }),
};
