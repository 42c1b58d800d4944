import type { ChartTheme } from './chart-theme.js';

/** Told to screen-reader users (after the chart's description) when the chart gets focus. */
export const KEYBOARD_INSTRUCTIONS = 'Use the arrow keys, Home and End to move between data points.';
export const KEYBOARD_SELECT_INSTRUCTIONS = 'Press Enter to select the current one.';

/** The elements a rendered chart consists of, all inside `root`. */
export interface ChartDom {
  /** Focusable, labelled: the keyboard target. Appended to the caller's container. */
  root: HTMLDivElement;
  /** Vega draws its canvas or SVG in here. */
  view: HTMLDivElement;
  /** Outline drawn around the data item the keyboard is on. */
  focusRing: HTMLDivElement;
  /** Polite live region announcing the data item the keyboard moves to. */
  liveRegion: HTMLDivElement;
}

let nextId = 0;

const VISUALLY_HIDDEN: Partial<CSSStyleDeclaration> = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: '0',
  overflow: 'hidden',
  clipPath: 'inset(50%)',
  whiteSpace: 'nowrap',
  border: '0',
};

/**
 * Builds a chart's DOM in `container`. The root is one focusable widget: `role="application"` so
 * screen readers pass the arrow keys through to it (the chart's own keyboard navigation),
 * `aria-roledescription="chart"`, named by `label` and described by `description` plus the
 * keyboard instructions. Vega's drawing is hidden from assistive technology: the live region
 * speaks for the data item the keyboard is on, and the host offers a table view of the same rows.
 * Styles are inline, so nothing leaks into the page and it works inside any shadow root.
 */
export function createChartDom(
  container: HTMLElement,
  options: { label: string; description?: string; selectable: boolean; theme: ChartTheme },
): ChartDom {
  const document = container.ownerDocument;
  const id = `kineo-chart-${++nextId}`;
  const element = <K extends keyof HTMLElementTagNameMap>(tag: K, style: Partial<CSSStyleDeclaration>, part?: string) => {
    const el = document.createElement(tag);
    Object.assign(el.style, style);
    if (part) el.setAttribute('part', part);
    return el;
  };

  const root = element('div', { position: 'relative', display: 'block', outline: 'none', borderRadius: '2px' }, 'chart-root');
  root.className = 'kineo-chart-root';
  root.tabIndex = 0;
  root.setAttribute('role', 'application');
  root.setAttribute('aria-roledescription', 'chart');
  root.setAttribute('aria-label', options.label.trim() || 'Chart');
  root.setAttribute('aria-describedby', `${id}-description`);

  const view = element('div', { display: 'block', lineHeight: '0' }, 'chart-view');
  view.setAttribute('aria-hidden', 'true');
  const focusRing = element(
    'div',
    {
      position: 'absolute',
      zIndex: '1',
      pointerEvents: 'none',
      boxSizing: 'border-box',
      border: `2px solid ${options.theme.textColor}`,
      outline: `2px solid ${options.theme.background}`,
      borderRadius: '2px',
    },
    'focus-ring',
  );
  focusRing.setAttribute('aria-hidden', 'true');
  focusRing.hidden = true;

  const description = element('div', VISUALLY_HIDDEN);
  description.id = `${id}-description`;
  description.textContent = [options.description?.trim(), KEYBOARD_INSTRUCTIONS, options.selectable ? KEYBOARD_SELECT_INSTRUCTIONS : '']
    .filter(Boolean)
    .join(' ');

  const liveRegion = element('div', VISUALLY_HIDDEN);
  liveRegion.setAttribute('aria-live', 'polite');
  liveRegion.setAttribute('aria-atomic', 'true');

  // A visible focus indicator for keyboard focus only (a click on a bar focuses the chart too).
  root.addEventListener('focus', () => {
    if (root.matches(':focus-visible')) root.style.outline = `2px solid ${options.theme.primaryColor}`;
  });
  root.addEventListener('blur', () => (root.style.outline = 'none'));
  root.style.outlineOffset = '2px';

  root.append(view, focusRing, description, liveRegion);
  container.append(root);
  return { root, view, focusRing, liveRegion };
}
