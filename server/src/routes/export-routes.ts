import { Hono } from 'hono';
import { ExportRequest, MAX_EXPORT_ROWS } from '@kineo/core';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import { exportFile } from '../export/export-file.js';
import { panelExportRows } from '../export/export-rows.js';
import { ApiError } from '../http/api-error.js';
import { jsonBody } from '../http/json-body.js';
import { grantedDashboard } from '../query/dashboard-access.js';
import type { QueryServices } from '../query/scoped-run.js';

export interface ExportRouteOptions {
  services: QueryServices;
  audit: AuditLog;
  clock: Clock;
  /** Most rows one export may carry (default MAX_EXPORT_ROWS). */
  maxRows?: number;
}

/**
 * `POST /v1/dashboards/:id/panels/:panel/export`: one panel's rows as a CSV or XLSX file. Behind
 * embedAuth; needs the `export` permission (403 before anything runs otherwise). Every export is
 * audited, without the token.
 */
export function exportRoutes(options: ExportRouteOptions): Hono {
  const maxRows = options.maxRows ?? MAX_EXPORT_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new TypeError('exportRoutes needs a positive whole maxRows');
  const app = new Hono();

  app.post('/dashboards/:id/panels/:panel/export', async (c) => {
    const auth = c.get('auth');
    if (!auth.permissions.has('export')) throw new ApiError('forbidden', 'This embed token does not allow exports.');
    const dashboard = grantedDashboard(options.services.catalog, auth, c.req.param('id'));
    const request = await jsonBody(c, ExportRequest);
    const panelId = c.req.param('panel');
    const rows = await panelExportRows(options.services, auth, dashboard, panelId, request, { maxRows, signal: c.req.raw.signal });
    const now = options.clock.now();
    const file = exportFile(request.format, rows.table, { dashboard: dashboard.id, panel: panelId, title: rows.title, date: now });
    options.audit.record({
      time: now.toISOString(),
      outcome: 'export',
      verified: true,
      tenant: auth.tenant.id,
      sub: auth.claims.sub,
      ...(auth.claims.jti ? { jti: auth.claims.jti } : {}),
      dashboard: dashboard.id,
      panel: panelId,
      level: rows.level,
      format: request.format,
      rowCount: rows.table.rowCount,
    });
    return c.body(file.body, 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  return app;
}
