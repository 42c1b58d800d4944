import type { PanelType } from '@kineo/core';
import { KineoPanelElement } from '../panel/panel-base.component.js';

/**
 * @tagname kineo-chart
 * @summary A chart panel of a dashboard: its Vega chart (responsive width, natural height,
 * tooltips, keyboard navigation), a "View as table" alternative, PNG/SVG downloads and, with the
 * `export` permission, CSV/XLSX.
 *
 * Selecting a mark (click, or Enter on the keyboard-focused one) drills down or cross-filters.
 * A drill level of another type (a table of learners under a bar) is shown as that type. On its
 * own on a page:
 *
 * ```html
 * <kineo-chart api="https://analytics.example.com" dashboard="learning-progress"
 *              panel="completion-by-category" token-url="/kineo/token"></kineo-chart>
 * ```
 *
 * The events, parts and custom properties are those of `KineoPanelElement`.
 */
export class KineoChart extends KineoPanelElement {
  static override panelType: PanelType | undefined = 'chart';
}

declare global {
  interface HTMLElementTagNameMap {
    'kineo-chart': KineoChart;
  }
}
