import type { User } from '../../core/model';
import { lifeline } from './context';

/**
 * What the admin center's channel editor needs: the channels the viewer manages, the groups they may assign,
 * the technicians of those groups (to exclude one by one), the limit, and the public address snippets build on.
 */
export async function channelsAdminView(viewer: User) {
  const { channels, organisation, publicUrl } = lifeline();
  const [list, limit, directory, managed, privateFields] = await Promise.all([
    channels.list(viewer), channels.limit(), organisation.directory(), organisation.managedGroupIds(viewer), channels.privateFields(),
  ]);
  const mine = new Set(managed);
  return {
    channels: list,
    limit,
    privateFields,
    publicUrl: publicUrl(),
    groups: directory.groups.filter((g) => mine.has(g.id)).map((g) => ({ id: g.id, name: g.name })),
    technicians: directory.people.filter((p) => p.groupId !== null && mine.has(p.groupId)).map((p) => ({ id: p.id, name: p.name, groupId: p.groupId })),
  };
}
