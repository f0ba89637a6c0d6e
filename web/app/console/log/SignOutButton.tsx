'use client';

import { postJson } from '../../../lib/post-json';

/** The console's sign-out, for the log pages (server components): afterwards the page shows the sign-in form. */
export function SignOutButton() {
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
      Sign out
    </button>
  );
}
