import type { Catalog } from '../catalog/catalog.js';

/**
 * The catalog with every dashboard open to every role (no `roles`). For tests of the row scope:
 * it must hold for every query and role even where the shipped catalog keeps a role out of a
 * dashboard altogether, since a catalog may change.
 */
export function everyDashboardOpenToEveryRole(catalog: Catalog): Catalog {
  const dashboards = new Map([...catalog.dashboards].map(([id, { roles: _roles, ...dashboard }]) => [id, dashboard]));
  return { ...catalog, dashboards };
}
