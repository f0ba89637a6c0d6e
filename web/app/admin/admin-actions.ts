'use client';

import { useCallback, useState } from 'react';
import { type FormProblem, useFormProblem } from '../../components/FormErrors';
import { type PostResult, postJson } from '../../lib/post-json';

/** The admin center's calls to the API; each answers ok, or a code (and the field and reasons) a form translates. */
export type ActionResult = PostResult;

export const adminActions = {
  createGroup: (name: string, parentId: string | null) => postJson('/api/admin/groups', { name, parentId }),
  updateGroup: (groupId: string, patch: { name?: string; description?: string; inputPriority?: 'technician' | 'customer' | null; maxSessions?: number | null }) => postJson(`/api/admin/groups/${encodeURIComponent(groupId)}`, patch),
  moveGroup: (groupId: string, parentId: string | null) => postJson(`/api/admin/groups/${encodeURIComponent(groupId)}/move`, { parentId }),
  setPermissions: (groupId: string, changes: Record<string, boolean | null>, scope: 'group' | 'subgroups' | 'all') =>
    postJson(`/api/admin/groups/${encodeURIComponent(groupId)}/permissions`, { changes, scope }),
  updatePerson: (personId: string, patch: { name?: string; nickname?: string; description?: string; enabled?: boolean; twoFactorRequired?: boolean }) =>
    postJson(`/api/admin/people/${encodeURIComponent(personId)}`, patch),
  resetPassword: (personId: string) => postJson(`/api/admin/people/${encodeURIComponent(personId)}/reset-password`, {}),
  resetTwoFactor: (personId: string) => postJson(`/api/admin/people/${encodeURIComponent(personId)}/reset-two-factor`, {}),
  movePerson: (personId: string, groupId: string) => postJson(`/api/admin/people/${encodeURIComponent(personId)}/move`, { groupId }),
  invite: (email: string, groupId: string, role: 'technician' | 'admin', twoFactor = false) => postJson('/api/admin/invitations', { email, groupId, role, twoFactor }) as Promise<ActionResult & { link?: string }>,
  resendInvitation: (id: string) => postJson(`/api/admin/invitations/${encodeURIComponent(id)}/resend`, {}) as Promise<ActionResult & { link?: string }>,
  revokeInvitation: (id: string) => postJson(`/api/admin/invitations/${encodeURIComponent(id)}/revoke`, {}),
  setGroupSecurity: (groupId: string, input: { requireTwoFactor?: boolean; ipRules?: { mode: string; ranges: string[] } | null; scope: 'group' | 'subgroups' }) =>
    postJson(`/api/admin/groups/${encodeURIComponent(groupId)}/security`, input),
  createAdminGroup: (name: string, parentId: string | null) => postJson('/api/admin/admin-groups', { name, parentId }),
  updateAdminGroup: (id: string, patch: { name?: string; description?: string; parentId?: string | null; technicianGroupIds?: string[] }) =>
    postJson(`/api/admin/admin-groups/${encodeURIComponent(id)}`, patch),
  removeAdminGroup: (id: string) => postJson(`/api/admin/admin-groups/${encodeURIComponent(id)}/remove`, {}),
  setAdminGroupMembership: (userId: string, adminGroupId: string | null) => postJson('/api/admin/admin-groups/membership', { userId, adminGroupId }),
  setSecurityMail: (settings: Record<string, boolean>) => postJson('/api/admin/settings/security-mail', settings),
  setConsoleSettings: (settings: { waitWarnSeconds: number | null; waitLateSeconds: number | null; autoAwayMinutes: number | null; autoSignOutMinutes: number | null }) => postJson('/api/admin/settings/console', settings),
  setPasswordPolicy: (policy: { minLength: number; strength: string; maxAgeDays: number | null; warnDays: number }) => postJson('/api/admin/settings/password-policy', policy),
};

/**
 * Runs an admin call and re-reads the tree after a success. `success` is said in a toast by the admin center;
 * null when the form says it itself, beside the button that was clicked (SaveRow). A refusal is the form's to
 * show, next to its field.
 */
export type Act = <R extends ActionResult>(call: () => Promise<R>, success: string | null) => Promise<R>;

/**
 * What a form keeps of its last refusal, in the reader's language: next to the field the server named, else once
 * for the form. `explain` words refusals this form knows better than the shared sentences (a taken address).
 * The server's English `message` is never shown.
 */
export function useActionProblem(explain?: (result: ActionResult) => FormProblem | null) {
  const problemOf = useFormProblem();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const settle = useCallback(
    (result: ActionResult): boolean => {
      setProblem(result.ok ? null : (explain?.(result) ?? problemOf(result)));
      return result.ok;
    },
    [explain, problemOf],
  );
  return [problem, settle] as const;
}
