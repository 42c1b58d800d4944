import type { DashboardDataRequest, DrillPath } from '@kineo/core';
import type { DashboardViewState } from './view-state.js';

/**
 * The body of `POST /v1/dashboards/:id/data` for `panels` under `state`: the filters, the drill
 * paths of those panels, the cross-filter, and `panels` itself only when it is not every panel of
 * the dashboard (`dashboardPanels`, in definition order).
 */
export function dashboardDataRequestOf(state: DashboardViewState, panels: readonly string[], dashboardPanels: readonly string[]): DashboardDataRequest {
  const wanted = new Set(panels);
  const drill: Record<string, DrillPath> = {};
  for (const [panel, path] of Object.entries(state.drill)) if (wanted.has(panel) && path.length > 0) drill[panel] = path;
  const all = dashboardPanels.every((panel) => wanted.has(panel));
  return {
    filters: state.filters,
    ...(Object.keys(drill).length > 0 && { drill }),
    ...(state.crossFilter && { crossFilter: state.crossFilter }),
    ...(!all && { panels: dashboardPanels.filter((panel) => wanted.has(panel)) }),
  };
}
