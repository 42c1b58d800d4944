import { Hono } from 'hono';
import { DashboardDataRequest, QueryRequest, type DashboardList } from '@kineo/core';
import { jsonBody } from '../http/json-body.js';
import { grantedDashboard, openDashboards } from '../query/dashboard-access.js';
import { dashboardData } from '../query/dashboard-data.js';
import { effectiveFilters } from '../query/effective-filters.js';
import { filterOptions } from '../query/filter-options.js';
import { runPanelQuery } from '../query/panel-query.js';
import type { QueryServices } from '../query/scoped-run.js';

/** `/v1/dashboards…` and `/v1/query`: behind embedAuth, so `c.get('auth')` is always set. */
export function dashboardRoutes(services: QueryServices): Hono {
  const app = new Hono();

  app.get('/dashboards', (c) => {
    const list: DashboardList = {
      dashboards: openDashboards(services.catalog, c.get('auth')).map(({ id, title, description }) => ({
        id,
        title,
        ...(description ? { description } : {}),
      })),
    };
    return c.json(list);
  });

  app.get('/dashboards/:id', (c) => c.json(grantedDashboard(services.catalog, c.get('auth'), c.req.param('id'))));

  app.post('/dashboards/:id/data', async (c) => {
    const auth = c.get('auth');
    const dashboard = grantedDashboard(services.catalog, auth, c.req.param('id'));
    const request = await jsonBody(c, DashboardDataRequest);
    return c.json(await dashboardData(services, auth, dashboard, request, c.req.raw.signal));
  });

  app.get('/dashboards/:id/filters/:filter/options', async (c) => {
    const auth = c.get('auth');
    const dashboard = grantedDashboard(services.catalog, auth, c.req.param('id'));
    return c.json(await filterOptions(services, auth, dashboard, c.req.param('filter'), c.req.raw.signal));
  });

  app.post('/query', async (c) => {
    const auth = c.get('auth');
    const request = await jsonBody(c, QueryRequest);
    const dashboard = grantedDashboard(services.catalog, auth, request.dashboard);
    const result = await runPanelQuery(services, auth, {
      dashboard,
      panelId: request.panel,
      filters: effectiveFilters(dashboard, request.filters, auth.lockedFilters),
      drill: request.drill,
      page: request.page,
      signal: c.req.raw.signal,
    });
    return c.json(result);
  });

  return app;
}
