import type { recordOptions } from 'rrweb';
import { LIFELINE_OWN_ATTRIBUTE, PRIVATE_SELECTOR } from './private-fields';

/** What must not leave the customer's page while it is mirrored: the channel's settings, plus our own rules. */
export interface RedactionPolicy {
  /** The channel's CSS selectors, private as `[data-lifeline-private]` is: text masked, no values, no input. */
  privateSelectors?: readonly string[];
  /**
   * Mask every text and every field except inside elements matching one of these selectors (a shop's product
   * pages, not its account pages). Private elements inside an allowed one stay masked.
   */
  privateByDefault?: { allow: readonly string[] } | null;
}

export class RedactionError extends Error {
  constructor(readonly selector: string) {
    super(`not a valid CSS selector: ${JSON.stringify(selector)}`);
    this.name = 'RedactionError';
  }
}

/** The rrweb options redaction sets; the recorder adds the rest. */
export type RedactionRecordOptions = Pick<
  recordOptions<unknown>,
  'maskTextSelector' | 'maskTextFn' | 'maskInputOptions' | 'maskInputFn' | 'blockSelector' | 'maskAllInputs' | 'slimDOMOptions'
>;

/** A masked field shows this many stars whatever its length: a short password's length is not told either. */
const VALUE_MASK = '********';

/**
 * Every input type whose value rrweb serialises, so that rrweb asks maskInputFn about every field and this
 * module decides per element. `select` is left out on purpose: rrweb drops every option's `selected` when it
 * is set, which would show the first option of every list in the mirror; private lists are scrubbed instead
 * (cobrowse/scrub-events.ts). `file` is not one of rrweb's types, but its value is the file's name.
 */
const ALL_INPUT_TYPES = ['color', 'date', 'datetime-local', 'email', 'month', 'number', 'range', 'search', 'tel', 'text', 'time', 'url', 'week', 'textarea', 'password', 'file'];

/**
 * The redaction decisions for one recording, made on the customer's device before anything is serialised:
 * which elements are masked (their text as stars, their fields without values), which are private (masked, and
 * no input reaches them), and what is Lifeline's own (blocked: the mirror gets an empty box of the same size).
 * A selector that does not parse would make rrweb skip masking silently (it catches the error), so a policy
 * with one is refused as a whole.
 */
export class Redaction {
  /** Password fields, `[data-lifeline-private]` and the channel's selectors, as one selector list. */
  readonly privateSelector: string;
  /** With private by default: what is shown; null otherwise. */
  readonly allowSelector: string | null;
  readonly ownSelector = `[${LIFELINE_OWN_ATTRIBUTE}]`;

  constructor(doc: Document, policy: RedactionPolicy = {}) {
    const extra = (policy.privateSelectors ?? []).map((selector) => checked(doc, selector));
    this.privateSelector = [PRIVATE_SELECTOR, ...extra].join(', ');
    const allow = policy.privateByDefault ? policy.privateByDefault.allow.map((selector) => checked(doc, selector)) : null;
    // An empty allow-list shows nothing: `:not(*)` matches no element.
    this.allowSelector = allow ? (allow.length ? allow.join(', ') : ':not(*)') : null;
  }

  get privateByDefault(): boolean {
    return this.allowSelector !== null;
  }

  /** Private: masked whatever the mode, and the technician's input never reaches it (a label of one neither). */
  isPrivate(element: Element | null): boolean {
    if (!element) return false;
    if (element.closest(this.privateSelector)) return true;
    const label = element.closest('label');
    return Boolean(label?.control && label.control.closest(this.privateSelector));
  }

  /** Masked in the mirror: private, or not allowed in private-by-default mode. An unknown element is masked. */
  isMasked(element: Element | null): boolean {
    if (!element) return true;
    if (element.closest(this.privateSelector)) return true;
    return this.allowSelector !== null && !element.closest(this.allowSelector);
  }

  isLifelineOwn(element: Element | null): boolean {
    return Boolean(element?.closest(this.ownSelector));
  }

  /** Masked text keeps its shape (spaces and line breaks), so the mirror's layout stays the page's. */
  maskText(text: string): string {
    return text.replace(/\S/g, '*');
  }

  maskValue(value: string): string {
    return value ? VALUE_MASK : '';
  }

  /** A field whose value never leaves the page, masked or not: hidden fields carry tokens, file fields names. */
  valueless(element: Element | null): boolean {
    return element instanceof HTMLInputElement && (element.type === 'hidden' || element.type === 'file');
  }

  recordOptions(): RedactionRecordOptions {
    return {
      // Everything in private-by-default mode, and maskTextFn lets allowed text through; else the private list.
      maskTextSelector: this.privateByDefault ? '*' : this.privateSelector,
      maskTextFn: (text, element) => (this.isMasked(element) ? this.maskText(text) : text),
      maskAllInputs: false,
      maskInputOptions: Object.fromEntries(ALL_INPUT_TYPES.map((type) => [type, true])),
      maskInputFn: (text, element) => (this.isMasked(element) || this.valueless(element) ? this.maskValue(text) : text),
      blockSelector: this.ownSelector,
      // Scripts, comments and head metadata never matter to a mirror; some (a csrf-token meta) must not leave.
      slimDOMOptions: true,
    };
  }
}

function checked(doc: Document, selector: string): string {
  const trimmed = selector.trim();
  if (!trimmed) throw new RedactionError(selector);
  try {
    doc.createDocumentFragment().querySelector(trimmed);
  } catch {
    throw new RedactionError(selector);
  }
  return trimmed;
}
