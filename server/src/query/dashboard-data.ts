import type { DashboardDataResponse, DashboardDefinition, QueryResult } from '@kineo/core';
import { DashboardDataRequest } from '@kineo/core';
import type { z } from 'zod';
import type { EmbedAuth } from '../http/context.js';
import { badRequest, toApiError } from '../http/api-error.js';
import { checkCrossFilter, filtersPerPanel } from './cross-filter.js';
import { runPanelQuery } from './panel-query.js';
import type { QueryServices } from './scoped-run.js';

/**
 * Every panel's data (or the requested `panels` only) in one round trip. Filters, the panel list
 * and the cross-filter are checked once for the whole request (a bad one is a 400 and nothing
 * runs); after that a panel that fails (row cap, timeout, a bad page for it) reports its error
 * under `errors` while the other panels still arrive. A cross-filter filters every panel but its
 * source.
 */
export async function dashboardData(
  services: QueryServices,
  auth: EmbedAuth,
  dashboard: DashboardDefinition,
  request: z.output<typeof DashboardDataRequest>,
  signal?: AbortSignal,
): Promise<DashboardDataResponse> {
  const panelIds = new Set(dashboard.panels.map((p) => p.id));
  const unknown = [
    ...Object.keys(request.drill).filter((id) => !panelIds.has(id)).map((id) => `drill.${id}`),
    ...Object.keys(request.pages).filter((id) => !panelIds.has(id)).map((id) => `pages.${id}`),
    ...(request.panels ?? []).flatMap((id, i) => (panelIds.has(id) ? [] : [`panels.${i}`])),
  ];
  if (unknown.length > 0) throw badRequest(unknown.map((path) => ({ path, message: 'no such panel in this dashboard' })));
  if (request.crossFilter) checkCrossFilter(services.catalog, dashboard, request.crossFilter);
  const filtersOf = filtersPerPanel(dashboard, request.filters, auth.lockedFilters, request.crossFilter);
  const selected = request.panels ? new Set(request.panels) : undefined;
  const panelsToRun = dashboard.panels.filter((panel) => !selected || selected.has(panel.id));

  const requestServices: QueryServices = { ...services, statementRuns: new Map() };
  const panels: Record<string, QueryResult> = {};
  const errors: DashboardDataResponse['errors'] = {};
  await Promise.all(
    panelsToRun.map(async (panel) => {
      try {
        panels[panel.id] = await runPanelQuery(requestServices, auth, {
          dashboard,
          panelId: panel.id,
          filters: filtersOf(panel.id),
          drill: request.drill[panel.id] ?? [],
          page: request.pages[panel.id],
          signal,
        });
      } catch (error) {
        const apiError = toApiError(error);
        if (apiError.status >= 500)
          services.logger?.error('panel failed', {
            dashboard: dashboard.id,
            panel: panel.id,
            code: apiError.code,
            engineCode: (error as { code?: string }).code,
          });
        errors[panel.id] = apiError.toBody().error;
      }
    }),
  );
  return { dashboard: dashboard.id, panels, errors };
}
