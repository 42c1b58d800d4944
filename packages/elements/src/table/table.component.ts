import type { PanelType } from '@kineo/core';
import { KineoPanelElement } from '../panel/panel-base.component.js';

/**
 * @tagname kineo-table
 * @summary A table panel of a dashboard: server-side paging (25 rows a page, Previous/Next,
 * "Rows 26–50 of 312") and sorting by clicking a column header (`aria-sort`), values formatted
 * for the locale. A wide table scrolls sideways inside its own region.
 *
 * On its own on a page:
 *
 * ```html
 * <kineo-table api="https://analytics.example.com" dashboard="team-performance"
 *              panel="learners" token-url="/kineo/token"></kineo-table>
 * ```
 *
 * The events, parts and custom properties are those of `KineoPanelElement`.
 */
export class KineoTable extends KineoPanelElement {
  static override panelType: PanelType | undefined = 'table';
}

declare global {
  interface HTMLElementTagNameMap {
    'kineo-table': KineoTable;
  }
}
