/** Where each tenant's gold tables live in Databricks, and what the API may do there. */
import { databricksNamespace, namespaceRules } from '../../engines/engine-kind.js';
import { databricksIdentifier, databricksQualifiedName } from './databricks-literals.js';

/**
 * `catalog`: a catalog per customer, its tables in schema `gold` (`kineo_acme.gold`).
 * `schema`: one shared catalog, a schema per customer (`kineo.acme`).
 */
export type NamespaceLayout = { kind: 'catalog'; catalogPrefix: string } | { kind: 'schema'; catalog: string };

export const DEFAULT_CATALOG_PREFIX = 'kineo_';
export const DEFAULT_SHARED_CATALOG = 'kineo';
/** The schema that holds a tenant's tables in the catalog-per-customer layout. */
export const GOLD_SCHEMA = 'gold';

export interface TenantNamespace {
  tenant: string;
  catalog: string;
  schema: string;
  /** `catalog.schema`: the tenant registry's `namespace` for the Databricks engine. */
  namespace: string;
}

/** The tenant's namespace in the layout; refuses names the tenant registry would not accept. */
export function tenantNamespace(tenant: string, layout: NamespaceLayout): TenantNamespace {
  const [catalog, schema] =
    layout.kind === 'catalog' ? [`${layout.catalogPrefix}${tenant}`, GOLD_SCHEMA] : [layout.catalog, tenant];
  const namespace = `${catalog}.${schema}`;
  if (!databricksNamespace(namespace))
    throw new Error(`"${namespace}" is not a Databricks namespace the tenant registry accepts: ${namespaceRules.databricks.description}`);
  return { tenant, catalog, schema, namespace };
}

/**
 * What the API's service principal needs to read the tenants' gold tables, and nothing more:
 * USE CATALOG and USE SCHEMA to resolve names in them, SELECT on each gold schema (which covers
 * its tables, including ones added later). The API only reads, so no MODIFY, CREATE or ownership.
 */
export function servicePrincipalGrants(namespaces: readonly TenantNamespace[], principal: string): string[] {
  const grantee = `\`${principal.replaceAll('`', '``')}\``;
  const catalogsGranted = new Set<string>();
  return namespaces.flatMap((ns) => {
    const schema = databricksQualifiedName(ns.catalog, ns.schema);
    const useCatalog = catalogsGranted.has(ns.catalog)
      ? []
      : [`GRANT USE CATALOG ON CATALOG ${databricksIdentifier(ns.catalog)} TO ${grantee};`];
    catalogsGranted.add(ns.catalog);
    return [...useCatalog, `GRANT USE SCHEMA ON SCHEMA ${schema} TO ${grantee};`, `GRANT SELECT ON SCHEMA ${schema} TO ${grantee};`];
  });
}
