import { KineoPanelElement } from './panel-base.component.js';

/**
 * @tagname kineo-panel
 * @summary One panel of a dashboard, drawn by its current drill level's type: a chart, a KPI or a
 * paged table, with a header (title, breadcrumbs, actions) and loading, error and empty states.
 *
 * `<kineo-dashboard>` renders one for every panel. On its own on a page it loads its panel itself:
 *
 * ```html
 * <kineo-panel api="https://analytics.example.com" dashboard="learning-progress"
 *              panel="completion-by-category" token-url="/kineo/token"></kineo-panel>
 * ```
 *
 * The events, parts and custom properties are those of `KineoPanelElement`.
 */
export class KineoPanel extends KineoPanelElement {}

declare global {
  interface HTMLElementTagNameMap {
    'kineo-panel': KineoPanel;
  }
}
