import type { PanelType } from '@kineo/core';
import { KineoPanelElement } from '../panel/panel-base.component.js';

/**
 * @tagname kineo-kpi
 * @summary A KPI panel of a dashboard: one big number (formatted for the locale) with its caption,
 * read together by screen readers.
 *
 * On its own on a page:
 *
 * ```html
 * <kineo-kpi api="https://analytics.example.com" dashboard="learning-progress"
 *            panel="completion-rate" token-url="/kineo/token" locale="de-DE"></kineo-kpi>
 * ```
 *
 * The events, parts and custom properties are those of `KineoPanelElement`.
 */
export class KineoKpi extends KineoPanelElement {
  static override panelType: PanelType | undefined = 'kpi';
}

declare global {
  interface HTMLElementTagNameMap {
    'kineo-kpi': KineoKpi;
  }
}
