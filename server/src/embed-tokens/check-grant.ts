import { dashboardOpensTo, filterValueSchemas, type ErrorIssue, type ParsedEmbedTokenRequest } from '@kineo/core';
import type { Catalog } from '../catalog/catalog.js';
import { ApiError, badRequest, issuesOf } from '../http/api-error.js';
import { roleRefusal } from '../query/dashboard-access.js';
import type { TenantConfig } from '../tenants/tenant-registry-schema.js';

/**
 * Checks a host's request against its tenant's configuration and the catalog. Anything beyond
 * them (another tenant, a role, dashboard, permission or filter the tenant does not have, a
 * dashboard the role may not open) is a 403 naming each field: the token is refused, never
 * silently narrowed. A locked filter value of the wrong shape is a 400.
 */
export function checkGrant(request: ParsedEmbedTokenRequest, tenant: TenantConfig, catalog: Catalog): void {
  const forbidden: ErrorIssue[] = [];
  if (request.tenant !== undefined && request.tenant !== tenant.id)
    forbidden.push({ path: 'tenant', message: `this API key belongs to tenant "${tenant.id}"` });
  if (!tenant.roles.includes(request.role))
    forbidden.push({ path: 'role', message: `tenant "${tenant.id}" does not allow the role "${request.role}"` });
  request.dashboards?.forEach((id, i) => {
    const dashboard = catalog.dashboards.get(id);
    if (!tenant.dashboards.includes(id) || !dashboard)
      forbidden.push({ path: `dashboards.${i}`, message: `tenant "${tenant.id}" has no dashboard "${id}"` });
    else if (!dashboardOpensTo(dashboard, request.role))
      forbidden.push({ path: `dashboards.${i}`, message: roleRefusal(dashboard, request.role) });
  });
  request.permissions?.forEach((permission, i) => {
    if (!tenant.permissions.includes(permission))
      forbidden.push({ path: `permissions.${i}`, message: `tenant "${tenant.id}" does not allow "${permission}"` });
  });

  // Locked filters must belong to a dashboard this user can actually open.
  const granted = (request.dashboards ?? tenant.dashboards)
    .filter((id) => tenant.dashboards.includes(id))
    .flatMap((id) => catalog.dashboards.get(id) ?? [])
    .filter((dashboard) => dashboardOpensTo(dashboard, request.role));
  const filters = granted.flatMap((dashboard) => dashboard.filters);
  const malformed: ErrorIssue[] = [];
  for (const [id, value] of Object.entries(request.filters ?? {})) {
    const definitions = filters.filter((filter) => filter.id === id);
    if (definitions.length === 0) {
      forbidden.push({ path: `filters.${id}`, message: `no granted dashboard has a filter "${id}"` });
      continue;
    }
    if (value === null) continue;
    for (const { kind } of new Map(definitions.map((d) => [d.kind, d])).values()) {
      const parsed = filterValueSchemas[kind].safeParse(value);
      if (!parsed.success) malformed.push(...issuesOf(parsed.error, `filters.${id}`));
    }
  }
  if (forbidden.length > 0)
    throw new ApiError('forbidden', `The grant asks for more than tenant "${tenant.id}" allows.`, { issues: forbidden });
  if (malformed.length > 0) throw badRequest(malformed);
}
