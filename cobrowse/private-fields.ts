/**
 * What a technician must never see or type into on a shared page: password fields, and anything the page marks
 * `data-lifeline-private` (a card number, a health record). While the customer shares, they are blurred by a
 * style sheet, so they are blurred in the captured frames themselves, not only on the technician's side.
 */
export const PRIVATE_SELECTOR = 'input[type="password"], [data-lifeline-private]';

export function isPrivate(element: Element | null): boolean {
  return Boolean(element?.closest(PRIVATE_SELECTOR));
}

/**
 * Lifeline's own interface on the page (consent, calls, files, chat, the stop button): the customer's to
 * operate, never the technician's, or a technician could accept their own call or file for the customer.
 */
export const LIFELINE_OWN_ATTRIBUTE = 'data-lifeline-own';

export function isLifelineOwn(element: Element | null): boolean {
  return Boolean(element?.closest(`[${LIFELINE_OWN_ATTRIBUTE}]`));
}

const STYLE_ID = 'lifeline-private-fields';

/**
 * Blurs private fields until the returned function is called (the customer stopped sharing). A password field
 * stays private once it was one: a "show password" button that turns it into a text field must not reveal it.
 */
export function maskPrivateFields(doc: Document): () => void {
  if (doc.getElementById(STYLE_ID)) return () => {};
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  // A strong blur with a solid fill behind: a short password's dots must not be countable either.
  style.textContent = `${PRIVATE_SELECTOR} { filter: blur(12px) !important; background: #888 !important; color: transparent !important; caret-color: transparent !important; }`;
  doc.head.appendChild(style);
  const unmark = keepPasswordsPrivate(doc);
  return () => {
    unmark();
    style.remove();
  };
}

/**
 * Marks every password field `data-lifeline-private="password"`, now and as they appear, and keeps the mark when
 * a field stops being a password (a "show password" button): from then on it is private by its mark, not its
 * type. Shared by the video share's blur and the DOM recorder's masking. Returns what stops watching.
 */
export function keepPasswordsPrivate(doc: Document): () => void {
  const mark = (root: ParentNode) => {
    for (const field of root.querySelectorAll('input[type="password"]')) field.setAttribute('data-lifeline-private', 'password');
  };
  mark(doc);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes' && record.oldValue === 'password' && record.target instanceof Element) record.target.setAttribute('data-lifeline-private', 'password');
      for (const node of record.addedNodes) if (node instanceof Element) mark(node.parentNode ?? node);
    }
  });
  observer.observe(doc.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['type'], attributeOldValue: true });
  return () => observer.disconnect();
}
