import { NAMESPACE_PATTERN } from './engine.js';

/** The warehouses a tenant's data may live in; the tenant registry names one per tenant. */
export const engineKinds = ['duckdb', 'databricks'] as const;
export type EngineKind = (typeof engineKinds)[number];

const IDENTIFIER = '[a-z][a-z0-9_]{0,62}';

/**
 * What a tenant's `namespace` looks like for each engine. DuckDB: the name of the tenant's
 * database file. Databricks: `catalog.schema`, set as the session's initial namespace, so
 * catalog SQL stays unqualified whether a customer has a catalog or a schema of their own.
 */
export const namespaceRules: Record<EngineKind, { pattern: RegExp; description: string }> = {
  duckdb: { pattern: NAMESPACE_PATTERN, description: 'a lower-case identifier (a-z, 0-9, _): the DuckDB file name' },
  databricks: {
    pattern: new RegExp(`^${IDENTIFIER}\\.${IDENTIFIER}$`),
    description: 'catalog.schema, each a lower-case identifier (a-z, 0-9, _)',
  },
};

/** Splits a Databricks namespace (`catalog.schema`) after checking it against its rule. */
export function databricksNamespace(namespace: string): { catalog: string; schema: string } | undefined {
  if (!namespaceRules.databricks.pattern.test(namespace)) return undefined;
  const [catalog, schema] = namespace.split('.') as [string, string];
  return { catalog, schema };
}
