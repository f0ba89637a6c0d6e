import { postJson } from '../../lib/post-json';

/** The admin center's calls to the API; each answers ok or a code and message to show next to the form. */
export type ActionResult = Awaited<ReturnType<typeof postJson>>;

export const adminActions = {
  createGroup: (name: string, parentId: string | null) => postJson('/api/admin/groups', { name, parentId }),
  updateGroup: (groupId: string, patch: { name?: string; description?: string }) => postJson(`/api/admin/groups/${encodeURIComponent(groupId)}`, patch),
  moveGroup: (groupId: string, parentId: string | null) => postJson(`/api/admin/groups/${encodeURIComponent(groupId)}/move`, { parentId }),
  setPermissions: (groupId: string, changes: Record<string, boolean | null>, scope: 'group' | 'subgroups' | 'all') =>
    postJson(`/api/admin/groups/${encodeURIComponent(groupId)}/permissions`, { changes, scope }),
  updatePerson: (personId: string, patch: { name?: string; nickname?: string; description?: string; enabled?: boolean; twoFactorRequired?: boolean }) =>
    postJson(`/api/admin/people/${encodeURIComponent(personId)}`, patch),
  resetPassword: (personId: string) => postJson(`/api/admin/people/${encodeURIComponent(personId)}/reset-password`, {}),
  resetTwoFactor: (personId: string) => postJson(`/api/admin/people/${encodeURIComponent(personId)}/reset-two-factor`, {}),
  movePerson: (personId: string, groupId: string) => postJson(`/api/admin/people/${encodeURIComponent(personId)}/move`, { groupId }),
  invite: (email: string, groupId: string, role: 'technician' | 'admin', twoFactor = false) => postJson('/api/admin/invitations', { email, groupId, role, twoFactor }),
  setGroupSecurity: (groupId: string, input: { requireTwoFactor?: boolean; ipRules?: { mode: string; ranges: string[] } | null; scope: 'group' | 'subgroups' }) =>
    postJson(`/api/admin/groups/${encodeURIComponent(groupId)}/security`, input),
  setSecurityMail: (settings: Record<string, boolean>) => postJson('/api/admin/settings/security-mail', settings),
  setPasswordPolicy: (policy: { minLength: number; strength: string; maxAgeDays: number | null; warnDays: number }) => postJson('/api/admin/settings/password-policy', policy),
};

/** The sentence to show for a failed action: the server's own message for refusals it explains. */
export function problemOf(result: ActionResult): string | null {
  if (result.ok) return null;
  if (result.code === 'network') return 'We could not reach the server. Check your connection and try again.';
  if (result.code === 'unauthorized') return 'Your sign-in has expired. Sign in again.';
  const message = result.message ?? 'Something went wrong on our side. Try again in a moment.';
  return result.field ? `${message} (${result.field})` : message;
}
