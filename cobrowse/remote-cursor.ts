/**
 * The technician's pointer drawn on the customer's page, with their name: the customer sees who moves what,
 * and it is in the captured frames, so the technician sees where their pointer is too. It never takes events.
 */
export class RemoteCursor {
  private readonly element: HTMLDivElement;

  constructor(doc: Document, name: string) {
    this.element = doc.createElement('div');
    this.element.setAttribute('aria-hidden', 'true');
    this.element.dataset.lifelineCursor = '';
    Object.assign(this.element.style, {
      position: 'fixed',
      left: '0',
      top: '0',
      zIndex: '2147483647',
      pointerEvents: 'none',
      display: 'none',
      transform: 'translate(-2px, -2px)',
    } satisfies Partial<CSSStyleDeclaration>);
    const svgNs = 'http://www.w3.org/2000/svg';
    const svg = doc.createElementNS(svgNs, 'svg');
    svg.setAttribute('width', '20');
    svg.setAttribute('height', '24');
    svg.setAttribute('viewBox', '0 0 20 24');
    const arrow = doc.createElementNS(svgNs, 'path');
    arrow.setAttribute('d', 'M2 2 L2 20 L7 15 L11 23 L14 21.5 L10 14 L17 14 Z');
    arrow.setAttribute('fill', '#d0021b');
    arrow.setAttribute('stroke', '#ffffff');
    arrow.setAttribute('stroke-width', '1.5');
    svg.appendChild(arrow);
    const label = doc.createElement('span');
    label.textContent = name;
    Object.assign(label.style, {
      display: 'inline-block',
      marginLeft: '4px',
      padding: '1px 6px',
      borderRadius: '4px',
      background: '#d0021b',
      color: '#ffffff',
      font: '600 12px/1.4 system-ui, sans-serif',
      whiteSpace: 'nowrap',
      verticalAlign: 'top',
    } satisfies Partial<CSSStyleDeclaration>);
    this.element.append(svg, label);
    doc.body.appendChild(this.element);
  }

  moveTo(clientX: number, clientY: number): void {
    this.element.style.display = 'block';
    this.element.style.left = `${clientX}px`;
    this.element.style.top = `${clientY}px`;
  }

  remove(): void {
    this.element.remove();
  }
}
