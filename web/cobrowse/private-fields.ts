/**
 * What a technician must never see or type into on a shared page: password fields, and anything the page marks
 * `data-lifeline-private` (a card number, a health record). While the customer shares, they are blurred by a
 * style sheet, so they are blurred in the captured frames themselves, not only on the technician's side.
 */
export const PRIVATE_SELECTOR = 'input[type="password"], [data-lifeline-private]';

export function isPrivate(element: Element | null): boolean {
  return Boolean(element?.closest(PRIVATE_SELECTOR));
}

const STYLE_ID = 'lifeline-private-fields';

/** Blurs private fields until the returned function is called (the customer stopped sharing). */
export function maskPrivateFields(doc: Document): () => void {
  if (doc.getElementById(STYLE_ID)) return () => {};
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  // A strong blur with a solid fill behind: a short password's dots must not be countable either.
  style.textContent = `${PRIVATE_SELECTOR} { filter: blur(12px) !important; background: #888 !important; color: transparent !important; caret-color: transparent !important; }`;
  doc.head.appendChild(style);
  return () => style.remove();
}
