import type { ChartTheme } from './chart-theme.js';
import type { TooltipContent } from './tooltip-content.js';

/** Distance between the pointer (or the focused item) and the tooltip. */
const OFFSET = 12;

/**
 * The chart's tooltip: one absolutely positioned element inside the chart's root (so it works in a
 * shadow root and scrolls with the chart). Text only: labels and values are set as text nodes,
 * never parsed as HTML, so data cannot inject markup. Hidden from assistive technology: keyboard
 * users hear the same content through the chart's live region.
 */
export class ChartTooltip {
  readonly element: HTMLDivElement;
  readonly #root: HTMLElement;
  readonly #mutedColor: string;

  constructor(root: HTMLElement, theme: ChartTheme) {
    this.#root = root;
    const element = root.ownerDocument.createElement('div');
    element.className = 'kineo-chart-tooltip';
    element.setAttribute('part', 'tooltip');
    element.setAttribute('aria-hidden', 'true');
    element.hidden = true;
    Object.assign(element.style, {
      position: 'absolute',
      zIndex: '2',
      pointerEvents: 'none',
      maxWidth: '18rem',
      padding: '0.375rem 0.5rem',
      borderRadius: '4px',
      border: `1px solid ${theme.gridColor}`,
      background: theme.background,
      color: theme.textColor,
      font: `12px/1.4 ${theme.fontFamily}`,
      boxShadow: '0 2px 8px rgb(0 0 0 / 0.2)',
      whiteSpace: 'normal',
      overflowWrap: 'anywhere',
    } satisfies Partial<CSSStyleDeclaration>);
    this.#mutedColor = theme.mutedTextColor;
    this.element = element;
    root.append(element);
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  /**
   * Shows `content` next to the point (`x`, `y`) in the root's coordinates: below right, flipped
   * left or above when it would leave the chart.
   */
  show(content: TooltipContent, x: number, y: number): void {
    const document = this.element.ownerDocument;
    const lines: HTMLElement[] = [];
    if (content.title) {
      const title = document.createElement('div');
      title.style.fontWeight = '600';
      title.textContent = content.title;
      lines.push(title);
    }
    for (const [label, value] of content.rows) {
      const row = document.createElement('div');
      const name = document.createElement('span');
      name.style.color = this.#mutedColor;
      name.textContent = `${label}: `;
      const data = document.createElement('span');
      data.textContent = value;
      row.append(name, data);
      lines.push(row);
    }
    this.element.replaceChildren(...lines);
    this.element.hidden = false;
    const width = this.element.offsetWidth;
    const height = this.element.offsetHeight;
    const room = { width: this.#root.clientWidth, height: this.#root.clientHeight };
    const left = x + OFFSET + width <= room.width ? x + OFFSET : Math.max(0, x - OFFSET - width);
    const top = y + OFFSET + height <= room.height || y - OFFSET - height < 0 ? y + OFFSET : y - OFFSET - height;
    this.element.style.left = `${left}px`;
    this.element.style.top = `${top}px`;
  }

  hide(): void {
    this.element.hidden = true;
    this.element.replaceChildren();
  }
}
