'use client';

import { useTranslations } from 'next-intl';
import { postJson } from '../lib/post-json';

/** Signs out and reloads: the page then shows the sign-in form. */
export function SignOutButton() {
  const t = useTranslations('shared');
  return (
    <button
      type="button"
      className="secondary small"
      data-testid="sign-out"
      onClick={async () => {
        await postJson('/api/auth/logout', {});
        window.location.reload();
      }}
    >
      {t('signOut')}
    </button>
  );
}
