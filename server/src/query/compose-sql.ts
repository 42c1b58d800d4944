import type { ScopeSql } from '../scope/scope-sql.js';
import type { SqlDialect } from '../engines/dialect.js';

export interface PageOrder {
  column: string;
  direction: 'asc' | 'desc';
  /** Unique column that breaks ties so pages are stable. */
  key: string;
}

/** Column the paged form adds: the number of rows before paging. */
export const TOTAL_COLUMN = 'kineo_total';

const leadingComments = /^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/;

/** Prepends the scope CTEs to a catalog query, merging with the query's own WITH clause. */
export function composeScopedSql(querySql: string, scope: ScopeSql): string {
  const sql = querySql.replace(leadingComments, '').replace(/;\s*$/, '');
  if (scope.ctes.length === 0) return sql;
  const ctes = scope.ctes.join(',\n  ');
  const withClause = /^with(\s+recursive)?\s/i.exec(sql);
  if (!withClause) return `WITH ${ctes}\n${sql}`;
  return `${withClause[0].trim().toUpperCase()} ${ctes},\n${sql.slice(withClause[0].length)}`;
}

/**
 * The paged form: the query becomes a CTE, sorted by a declared column (never a client string)
 * and cut with bound `$kineo_limit` / `$kineo_offset`; a window count gives the total.
 */
export function composePagedSql(querySql: string, scope: ScopeSql, order: PageOrder, dialect: SqlDialect): string {
  const sql = querySql.replace(leadingComments, '').replace(/;\s*$/, '');
  const direction = order.direction === 'desc' ? 'DESC' : 'ASC';
  const ctes = [...scope.ctes, `kineo_rows AS (\n${sql}\n)`].join(',\n  ');
  const q = dialect.quote;
  const tieBreak = order.key === order.column ? '' : `, ${q(order.key)} ASC`;
  return (
    `WITH ${ctes}\n` +
    `SELECT *, count(*) OVER () AS ${TOTAL_COLUMN} FROM kineo_rows\n` +
    `ORDER BY ${q(order.column)} ${direction} NULLS LAST${tieBreak}\n` +
    `LIMIT $kineo_limit OFFSET $kineo_offset`
  );
}
