/** What a signed-in person may save of their own (core/preferences/preferences.ts), from any staff page. */
export interface AccountPreferencesPatch {
  nickname?: string;
  language?: 'en' | 'fr' | 'nl' | null;
  theme?: 'light' | 'dark' | null;
  sound?: boolean;
}

/**
 * Saves a choice made outside the account page (the top bar's theme and language, the console's sound) for the
 * person. Best effort: the browser keeps the choice anyway, and the sign-in page has nobody to save it for.
 * Kept free of Next: the customer's pages bundle the same controls.
 */
export async function saveForAccount(patch: AccountPreferencesPatch): Promise<boolean> {
  try {
    const response = await fetch('/api/account/preferences', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch), credentials: 'same-origin' });
    return response.ok;
  } catch {
    return false;
  }
}
