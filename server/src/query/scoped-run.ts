import type { QueryEngine, SqlParams, EngineResult } from '../engines/engine.js';
import type { EmbedAuth } from '../http/context.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Logger } from '../http/logger.js';
import { querySqlFor, type QueryDefinition } from '../catalog/query-definition.js';
import { dialects } from '../engines/dialect.js';
import { scopeSql } from '../scope/scope-sql.js';
import { composePagedSql, composeScopedSql, type PageOrder } from './compose-sql.js';

export interface QueryServices {
  catalog: Catalog;
  engineFor(tenantEngine: string): QueryEngine;
  logger?: Logger;
  /**
   * Statements already run for this request, by text and values: panels that share a query
   * (KPI tiles over one row) run it once per dashboard request.
   */
  statementRuns?: Map<string, Promise<ScopedRun>>;
}

type ScopedRun = EngineResult & { elapsedMs: number };

export interface ScopedStatement {
  sql: string;
  params: SqlParams;
}

/**
 * The final statement for a catalog query under a request's row scope. This is the only place
 * catalog SQL and scope meet; the text depends on the query, the tenant's engine, the scope's
 * kind and the page order (all from configuration), never on a value.
 */
export function scopedStatement(
  services: QueryServices,
  auth: EmbedAuth,
  query: QueryDefinition,
  params: SqlParams,
  order?: PageOrder,
): ScopedStatement {
  const dialect = dialects[auth.tenant.engine];
  const scope = scopeSql(auth.scope, services.catalog.rowScope, dialect);
  const querySql = querySqlFor(query, dialect.kind);
  const sql = order ? composePagedSql(querySql, scope, order, dialect) : composeScopedSql(querySql, scope);
  return { sql, params: { ...params, ...scope.params } };
}

export async function runScoped(
  services: QueryServices,
  auth: EmbedAuth,
  statement: ScopedStatement,
  options: { maxRows: number; timeoutMs: number; signal?: AbortSignal },
): Promise<ScopedRun> {
  const engine = services.engineFor(auth.tenant.engine);
  const run = async () => {
    const started = performance.now();
    const result = await engine.run(auth.tenant.namespace, statement.sql, statement.params, options);
    return { ...result, elapsedMs: Math.round((performance.now() - started) * 100) / 100 };
  };
  if (!services.statementRuns) return run();
  const key = `${options.maxRows}\u0000${statement.sql}\u0000${JSON.stringify(statement.params)}`;
  let pending = services.statementRuns.get(key);
  if (!pending) services.statementRuns.set(key, (pending = run()));
  return pending;
}
