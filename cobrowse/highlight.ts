/** Set on the element the technician points at, for as long as it shows. */
export const HIGHLIGHT_ATTRIBUTE = 'data-lifeline-highlight';
const STYLE_ID = 'lifeline-highlight-style';
export const HIGHLIGHT_MS = 1500;

/**
 * The technician's laser pointer in DOM co-browse: the element they point at in the mirror is outlined on the
 * customer's page for a moment. It is an attribute and a style sheet rather than a box drawn over the page: the
 * recorder mirrors both, so the technician sees the outline where the customer does, and it follows the element
 * if the page scrolls or reflows. Nothing on the page changes but the outline.
 */
export class Highlighter {
  private readonly timers = new Map<Element, ReturnType<typeof setTimeout>>();
  private style: HTMLStyleElement | null = null;

  constructor(
    private readonly doc: Document,
    private readonly ms = HIGHLIGHT_MS,
  ) {}

  show(element: Element): void {
    this.ensureStyle();
    clearTimeout(this.timers.get(element));
    element.setAttribute(HIGHLIGHT_ATTRIBUTE, '');
    this.timers.set(
      element,
      setTimeout(() => {
        this.timers.delete(element);
        element.removeAttribute(HIGHLIGHT_ATTRIBUTE);
      }, this.ms),
    );
  }

  dispose(): void {
    for (const [element, timer] of this.timers) {
      clearTimeout(timer);
      element.removeAttribute(HIGHLIGHT_ATTRIBUTE);
    }
    this.timers.clear();
    this.style?.remove();
    this.style = null;
  }

  private ensureStyle(): void {
    if (this.style?.isConnected) return;
    this.style = this.doc.createElement('style');
    this.style.id = STYLE_ID;
    // Outline and shadow draw outside the element's box: the page's layout does not move.
    this.style.textContent = `
[${HIGHLIGHT_ATTRIBUTE}] { outline: 3px solid #d0021b !important; outline-offset: 3px !important; box-shadow: 0 0 0 7px rgba(208, 2, 27, 0.3) !important; animation: lifeline-laser 0.5s ease-in-out 3 alternate !important; }
@keyframes lifeline-laser { from { outline-color: #d0021b; } to { outline-color: #ff7a00; } }
@media (prefers-reduced-motion: reduce) { [${HIGHLIGHT_ATTRIBUTE}] { animation: none !important; } }`;
    (this.doc.head ?? this.doc.documentElement).appendChild(this.style);
  }
}
