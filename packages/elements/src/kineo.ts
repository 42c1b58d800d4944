/**
 * Registers every Kineo element (`<kineo-dashboard>`, `<kineo-filter-bar>`, `<kineo-breadcrumbs>`,
 * `<kineo-panel>`, `<kineo-chart>`, `<kineo-kpi>`, `<kineo-table>`) and exports the public API. It is
 * the entry of the script-tag bundle `dist/kineo.js` and of `@kineo/elements/elements.js`. Loading
 * it twice on a page warns and keeps the first definitions.
 * @module
 */
import './dashboard/dashboard.js';
import './filter-bar/filter-bar.js';
import './breadcrumbs/breadcrumbs.js';
import './panel/panel.js';
import './chart/chart.js';
import './kpi/kpi.js';
import './table/table.js';

export * from './index.js';
