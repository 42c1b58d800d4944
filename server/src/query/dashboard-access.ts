import { dashboardOpensTo, type DashboardDefinition, type Role } from '@kineo/core';
import type { Catalog } from '../catalog/catalog.js';
import type { EmbedAuth } from '../http/context.js';
import { ApiError } from '../http/api-error.js';

const rolePlurals: Record<Role, string> = { admin: 'admins', manager: 'managers', analyst: 'analysts', learner: 'learners' };

/** Why a dashboard is refused to a role, in words its user understands. */
export function roleRefusal(dashboard: Pick<DashboardDefinition, 'title'>, role: Role): string {
  return `The ${dashboard.title} dashboard is not available to ${rolePlurals[role]}.`;
}

/**
 * A dashboard the token may open: 404 if the catalog has none by that id, 403 if the token's role
 * may not open it (the catalog's `roles`) or the token does not grant it. Checked before anything
 * runs, so a refused request reaches no engine.
 */
export function grantedDashboard(catalog: Catalog, auth: EmbedAuth, id: string): DashboardDefinition {
  const dashboard = catalog.dashboards.get(id);
  if (!dashboard) throw new ApiError('not_found', `There is no dashboard "${id}".`);
  if (!dashboardOpensTo(dashboard, auth.claims.role)) throw new ApiError('forbidden', roleRefusal(dashboard, auth.claims.role));
  if (!auth.dashboards.has(id)) throw new ApiError('forbidden', `This token does not grant dashboard "${id}".`);
  return dashboard;
}

/** The dashboards the token grants that its role may open, in the tenant's order. */
export function openDashboards(catalog: Catalog, auth: EmbedAuth): DashboardDefinition[] {
  return [...auth.dashboards]
    .map((id) => catalog.dashboards.get(id)!)
    .filter((dashboard) => dashboardOpensTo(dashboard, auth.claims.role));
}
