import type { QueryEngine, SqlParams } from '../engines/engine.js';
import { EngineError } from '../engines/engine.js';
import { dialects } from '../engines/dialect.js';
import type { EngineKind } from '../engines/engine-kind.js';
import { scopeSql } from '../scope/scope-sql.js';
import { composePagedSql, composeScopedSql, TOTAL_COLUMN } from '../query/compose-sql.js';
import { CatalogError, type Catalog } from './catalog.js';
import { querySqlFor, type QueryDefinition } from './query-definition.js';
import { columnProblems, probeParameters, sampleScopes } from './check-catalog-sql.js';

interface ProbeStatement {
  at: string;
  namespace: string;
  query: QueryDefinition;
  sql: string;
  params: SqlParams;
  /** The paged form adds the total-count column. */
  paged: boolean;
}

/** Wraps a statement so the warehouse analyses it fully (names, types, grants) but reads no rows. */
const emptyResultOf = (sql: string) => `SELECT * FROM (\n${sql}\n) AS kineo_probe LIMIT 0`;

/**
 * Every form of every query the engine will run: bare and with each kind of row scope (and paged),
 * in the engine's dialect and with its variant. All forms run in the first namespace; each other
 * namespace runs the bare forms, which read every table its queries name, so a missing table or
 * grant shows up per tenant.
 */
function probeStatements(catalog: Catalog, kind: EngineKind, namespaces: readonly string[]): ProbeStatement[] {
  const dialect = dialects[kind];
  const statements: ProbeStatement[] = [];
  for (const query of catalog.queries.values()) {
    const querySql = querySqlFor(query, kind);
    namespaces.forEach((namespace, index) => {
      for (const scope of index === 0 ? sampleScopes : sampleScopes.slice(0, 1)) {
        const scoped = scopeSql(scope, catalog.rowScope, dialect);
        const params = (paged: boolean) => ({ ...probeParameters(query, { paged }), ...scoped.params });
        const at = `query "${query.id}" on ${kind} (${scope.kind} scope, tenant namespace ${index + 1})`;
        statements.push({ at, namespace, query, sql: composeScopedSql(querySql, scoped), params: params(false), paged: false });
        if (query.paging) {
          const order = { ...query.paging.defaultSort, key: query.paging.key };
          const sql = composePagedSql(querySql, scoped, order, dialect);
          statements.push({ at: `${at}, paged`, namespace, query, sql, params: params(true), paged: true });
        }
      }
    });
  }
  return statements;
}

/**
 * Runs each catalog query the way requests will, on an engine other than the embedded one (whose
 * forms the schema probe already prepared), with every result emptied: it must be accepted and
 * return the declared columns. Rejects with one CatalogError listing every problem; engine
 * errors carry only their safe message and detail code.
 */
export async function checkCatalogOnEngine(
  catalog: Catalog,
  engine: QueryEngine,
  kind: EngineKind,
  namespaces: readonly string[],
  options: { concurrency?: number; timeoutMs?: number } = {},
): Promise<void> {
  if (namespaces.length === 0) return;
  const pending = probeStatements(catalog, kind, namespaces);
  const problems: string[] = [];
  const worker = async () => {
    for (let next = pending.shift(); next; next = pending.shift()) {
      const sql = emptyResultOf(next.sql);
      try {
        const result = await engine.run(next.namespace, sql, next.params, {
          maxRows: 1,
          timeoutMs: options.timeoutMs ?? next.query.timeoutMs,
        });
        const columns = next.paged ? result.columns.filter((column) => column.name !== TOTAL_COLUMN) : result.columns;
        problems.push(...columnProblems(next.at, next.query, columns));
        if (next.paged && columns.length === result.columns.length) problems.push(`${next.at}: returns no "${TOTAL_COLUMN}"`);
      } catch (error) {
        if (!(error instanceof EngineError)) throw error;
        problems.push(`${next.at}: ${error.message}${error.detail ? ` (${error.detail})` : ''}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  if (problems.length > 0) throw new CatalogError(problems);
}
