import { EventType, type eventWithTime, IncrementalSource } from 'rrweb';
import type { Redaction } from './redaction';

/**
 * The second pass of redaction, over every event rrweb emits, before it leaves the page. rrweb's masking options
 * (cobrowse/redaction.ts) cover text and the values of the input types it knows; this pass covers what they do
 * not, with the live node at hand (rrweb's mirror):
 * - attributes of masked elements that carry words or state: `value` of any element (an option's, a button's),
 *   `placeholder`, `title`, `alt`, `aria-*`, `data-*`, `selected`, `checked`;
 * - a private `<select>`: rrweb masks no list unless it masks every list (see ALL_INPUT_TYPES);
 * - hidden and file fields anywhere (a csrf token, a file's name), and radio and checkbox states when masked;
 * - the page's address in the Meta event loses its query and fragment (a reset link's token).
 * It also places the empty boxes rrweb leaves for Lifeline's own elements (blocked: no content, no attributes)
 * where they are on the page, so a fixed launcher does not become a block at the end of the mirror's body.
 * Events are changed in place: rrweb keeps no use of them after emit beyond its own bookkeeping.
 */

/** rrweb-snapshot's NodeType (not re-exported by rrweb). */
const NodeKind = { Document: 0, DocumentType: 1, Element: 2, Text: 3, CDATA: 4, Comment: 5 } as const;

/** The serialised node as rrweb-snapshot writes it, as far as this pass reads it. */
interface SerializedNode {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
}

/** Attributes that carry words or a field's state; together with every `aria-*` but aria-hidden and every `data-*` but ours. */
const WORDY_ATTRIBUTES = new Set(['value', 'placeholder', 'title', 'alt', 'label', 'content', 'selected', 'checked', 'srcdoc', 'summary', 'abbr', 'datetime', 'download']);
/** Text inside these is style or script, not the page's words. */
const NOT_WORDS = new Set(['style', 'script', 'noscript']);

export type NodeLookup = (id: number) => Node | null;

export function scrubEvent(event: eventWithTime, redaction: Redaction, nodeOf: NodeLookup): void {
  switch (event.type) {
    case EventType.Meta:
      event.data.href = withoutQuery(event.data.href);
      return;
    case EventType.FullSnapshot:
      scrubTree(event.data.node as SerializedNode, false, redaction, nodeOf);
      return;
    case EventType.IncrementalSnapshot:
      break;
    default:
      return;
  }
  const data = event.data;
  if (data.source === IncrementalSource.Mutation) {
    for (const add of data.adds) {
      const node = add.node as SerializedNode;
      const parent = elementOf(nodeOf(add.parentId));
      scrubTree(node, wordsMasked(parent, redaction), redaction, nodeOf);
    }
    for (const text of data.texts) {
      const parent = elementOf(nodeOf(text.id)?.parentNode ?? null);
      if (text.value && wordsMasked(parent, redaction)) text.value = redaction.maskText(text.value);
    }
    for (const change of data.attributes) {
      const element = elementOf(nodeOf(change.id));
      const attributes = change.attributes as Record<string, unknown>;
      if (redaction.isMasked(element)) scrubAttributes(attributes, element, redaction);
      else if (redaction.valueless(element)) delete attributes.value;
    }
    return;
  }
  if (data.source === IncrementalSource.Input) {
    const element = elementOf(nodeOf(data.id));
    const masked = redaction.isMasked(element);
    if (masked || redaction.valueless(element)) data.text = redaction.maskValue(data.text);
    if (masked && data.isChecked) data.isChecked = false;
  }
}

/** Walks a serialised subtree; `masked`: whether text directly under its root's parent is masked. */
function scrubTree(root: SerializedNode, masked: boolean, redaction: Redaction, nodeOf: NodeLookup): void {
  const stack: { node: SerializedNode; masked: boolean }[] = [{ node: root, masked }];
  while (stack.length) {
    const { node, masked: parentMasked } = stack.pop()!;
    let childrenMasked = parentMasked;
    switch (node.type) {
      case NodeKind.Element: {
        const element = elementOf(nodeOf(node.id));
        const elementMasked = redaction.isMasked(element);
        if (node.attributes) {
          if (elementMasked) scrubAttributes(node.attributes, element, redaction);
          else if (redaction.valueless(element)) delete node.attributes.value;
          if (element?.matches(redaction.ownSelector)) node.attributes.style = placeholderStyle(element);
        }
        childrenMasked = elementMasked && !NOT_WORDS.has((node.tagName ?? '').toLowerCase());
        break;
      }
      case NodeKind.Text:
      case NodeKind.Comment:
      case NodeKind.CDATA:
        if (parentMasked && node.textContent) node.textContent = redaction.maskText(node.textContent);
        break;
      default:
        break;
    }
    for (const child of node.childNodes ?? []) stack.push({ node: child, masked: childrenMasked });
  }
}

/**
 * A masked element keeps its look and loses its words. A field keeps a masked value (the mirror shows stars, as
 * it does once the customer types), a button-like input a masked label; everything else wordy goes.
 */
function scrubAttributes(attributes: Record<string, unknown>, element: Element | null, redaction: Redaction): void {
  for (const name of Object.keys(attributes)) {
    const lower = name.toLowerCase();
    const value = attributes[name];
    if (lower === 'value' && typeof value === 'string' && !redaction.valueless(element)) {
      const kind = fieldKind(element);
      if (kind === 'field') attributes[name] = redaction.maskValue(value);
      else if (kind === 'label') attributes[name] = redaction.maskText(value);
      else delete attributes[name];
      continue;
    }
    const wordy =
      WORDY_ATTRIBUTES.has(lower) ||
      (lower.startsWith('aria-') && lower !== 'aria-hidden') ||
      (lower.startsWith('data-') && !lower.startsWith('data-lifeline'));
    if (wordy) delete attributes[name];
  }
}

/** What an element's `value` is: a field's content, a button's label, or something else (an option's, a checkbox's). */
function fieldKind(element: Element | null): 'field' | 'label' | 'other' {
  if (element instanceof HTMLTextAreaElement) return 'field';
  if (!(element instanceof HTMLInputElement)) return 'other';
  if (['button', 'submit', 'reset'].includes(element.type)) return 'label';
  if (['checkbox', 'radio', 'image', 'hidden', 'file'].includes(element.type)) return 'other';
  return 'field';
}

/**
 * Where a blocked element's empty box goes in the mirror, and a hatch so the technician sees that something of
 * the customer's is there. rrweb applies this style, then its own width and height.
 */
function placeholderStyle(element: Element): string {
  const view = element.ownerDocument.defaultView;
  const computed = view?.getComputedStyle(element);
  const parts = ['background: repeating-linear-gradient(45deg, rgba(128, 128, 128, 0.25) 0 6px, transparent 6px 12px)', 'box-sizing: border-box'];
  if (computed?.position === 'fixed' || computed?.position === 'sticky') {
    const rect = element.getBoundingClientRect();
    parts.push(`position: fixed`, `left: ${rect.left}px`, `top: ${rect.top}px`, `margin: 0`, `z-index: ${computed.zIndex === 'auto' ? 2147483647 : computed.zIndex}`);
  } else if (computed?.position === 'absolute' && element instanceof HTMLElement) {
    parts.push(`position: absolute`, `left: ${element.offsetLeft}px`, `top: ${element.offsetTop}px`, `margin: 0`);
  } else if (computed?.display.startsWith('inline')) parts.push('display: inline-block');
  return parts.join('; ');
}

/** Whether text directly inside `parent` is masked (style and script text is not words). */
function wordsMasked(parent: Element | null, redaction: Redaction): boolean {
  if (parent && NOT_WORDS.has(parent.localName)) return false;
  return redaction.isMasked(parent);
}

function elementOf(node: Node | null): Element | null {
  if (!node) return null;
  return node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
}

function withoutQuery(href: string): string {
  try {
    const url = new URL(href);
    url.search = '';
    url.hash = '';
    return url.href;
  } catch {
    return '';
  }
}
