import type { DashboardDefinition } from '@kineo/core';
import type { Catalog } from '../catalog/catalog.js';
import type { EmbedAuth } from '../http/context.js';
import { ApiError } from '../http/api-error.js';

/** A dashboard the token may open: 404 if the catalog has none by that id, 403 if it is not granted. */
export function grantedDashboard(catalog: Catalog, auth: EmbedAuth, id: string): DashboardDefinition {
  const dashboard = catalog.dashboards.get(id);
  if (!dashboard) throw new ApiError('not_found', `There is no dashboard "${id}".`);
  if (!auth.dashboards.has(id)) throw new ApiError('forbidden', `This token does not grant dashboard "${id}".`);
  return dashboard;
}
