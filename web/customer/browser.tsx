import { hydrate } from 'preact';
import '../../protocol/zod-without-eval';
import { CustomerApp, type CustomerDocument } from './CustomerApp';

/**
 * The customer pages' one script (bundled with Preact in React's place by server/customer-pages.ts): it takes
 * over the HTML the server rendered from the same document, which the page carries as JSON.
 */
const boot = document.getElementById('lifeline-document');
const root = document.getElementById('lifeline-root');
if (boot && root) {
  // On a slow network the form is on screen well before this script runs, and people type into it. Hydration
  // keeps what they typed in the fields but not in the components' state: hand it over as the input it was.
  const typed = [...root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].filter(
    (field) => field.type !== 'checkbox' && field.type !== 'radio' && field.type !== 'file' && field.value !== field.defaultValue,
  );
  // Lists too, the language among them: a language chosen early is then set and the page reloads in it.
  const chosen = [...root.querySelectorAll<HTMLSelectElement>('select')].filter((select) =>
    [...select.options].some((option) => option.selected !== option.defaultSelected),
  );
  hydrate(<CustomerApp {...(JSON.parse(boot.textContent ?? '{}') as CustomerDocument)} />, root);
  for (const field of typed) field.dispatchEvent(new Event('input', { bubbles: true }));
  for (const select of chosen) select.dispatchEvent(new Event('change', { bubbles: true }));
}
