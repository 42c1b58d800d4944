import type { ColumnType } from '@kineo/core';
import type { ResultColumn } from '@kineo/core';
import type { SqlParams } from '../engines/engine.js';
import type { StatementShape } from '../engines/duckdb/schema-probe.js';
import type { RowScope } from '../scope/row-scope.js';
import { scopeSql } from '../scope/scope-sql.js';
import { composePagedSql, composeScopedSql, TOTAL_COLUMN } from '../query/compose-sql.js';
import { bindParameter, sqlNamesOf } from './query-parameters.js';
import { CatalogError, type Catalog } from './catalog.js';
import type { ParameterDeclaration, QueryDefinition } from './query-definition.js';
import { dialects } from '../engines/dialect.js';

/** Something that checks SQL against the gold model's schema (an empty database: no tenant's data). */
export interface SqlDescriber {
  readonly tables: ReadonlySet<string>;
  inspect(sql: string, options?: { parseOnly?: boolean }): Promise<StatementShape>;
  outputColumns(sql: string, params: SqlParams): Promise<ResultColumn[]>;
}

/** One scope of each kind: scoped SQL differs in shape, so each form must prepare. */
export const sampleScopes: readonly RowScope[] = [
  { kind: 'tenant' },
  { kind: 'organisations', orgs: ['sample-org'] },
  { kind: 'user', userId: 'sample-user' },
];

const compatible = (declared: ColumnType, actual: ColumnType) =>
  declared === actual || (declared === 'number' && actual === 'integer');

function declaredSqlNames(query: QueryDefinition): Set<string> {
  return new Set(
    Object.entries(query.parameters).flatMap(([name, declaration]) => sqlNamesOf(name, declaration as ParameterDeclaration)),
  );
}

/**
 * Typed NULLs (or defaults) for every declared parameter, which the query's SQL uses exactly;
 * the paged form also binds its own two.
 */
export function probeParameters(query: QueryDefinition, options: { paged: boolean }): SqlParams {
  const paging: SqlParams = options.paged
    ? { kineo_limit: { type: 'integer', value: 1 }, kineo_offset: { type: 'integer', value: 0 } }
    : {};
  return Object.assign(
    { ...paging },
    ...Object.entries(query.parameters).map(([name, declaration]) => bindParameter(name, declaration, undefined)),
  );
}

/**
 * What can be checked of a query's text without running it: the tables it reads (unqualified,
 * of the gold schema), no table functions, and exactly the declared parameters. Applies to every
 * engine's variant: even a Databricks variant must parse here, or its table references could not
 * be checked.
 */
async function checkStatementShape(
  at: string,
  sql: string,
  query: QueryDefinition,
  describer: SqlDescriber,
  problems: string[],
  options: { parseOnly: boolean },
) {
  let shape: StatementShape;
  try {
    shape = await describer.inspect(sql, options);
  } catch (error) {
    const what = options.parseOnly ? 'does not parse' : 'does not prepare against the gold schema';
    problems.push(`${at}: ${what}: ${(error as Error).message.split('\n')[0]}`);
    return;
  }
  for (const table of shape.tables) {
    // A qualified name would reach past the scope CTEs, which shadow only the bare names.
    if (table.includes('.')) problems.push(`${at}: names "${table}" with a catalog or schema; use unqualified table names`);
    else if (!describer.tables.has(table)) problems.push(`${at}: reads "${table}", which is not a table of the gold schema`);
  }
  for (const fn of shape.tableFunctions) problems.push(`${at}: calls the table function "${fn}"; read only the gold tables`);
  const declared = declaredSqlNames(query);
  const used = new Set(shape.parameters);
  for (const name of declared) if (!used.has(name)) problems.push(`${at}: declares parameter "$${name}" but never uses it`);
  for (const name of used) if (!declared.has(name)) problems.push(`${at}: uses "$${name}", which it does not declare`);
}

/** Problems with the columns a statement returned, against the query's declaration. */
export function columnProblems(at: string, query: QueryDefinition, columns: readonly ResultColumn[]): string[] {
  const problems: string[] = [];
  const actual = new Map(columns.map((c) => [c.name, c.type]));
  for (const column of query.columns) {
    const type = actual.get(column.name);
    if (!type) problems.push(`${at}: declares output column "${column.name}", which the SQL does not return`);
    else if (!compatible(column.type, type))
      problems.push(`${at}: column "${column.name}" is declared ${column.type} but the SQL returns ${type}`);
  }
  for (const name of actual.keys())
    if (!query.columns.some((c) => c.name === name)) problems.push(`${at}: returns undeclared column "${name}"`);
  return problems;
}

async function checkQuery(query: QueryDefinition, catalog: Catalog, describer: SqlDescriber, problems: string[]) {
  const at = `query "${query.id}"`;
  // The probe binds only the parameters a prepared statement names, so one set serves every form.
  const nulls = probeParameters(query, { paged: true });
  const before = problems.length;
  await checkStatementShape(at, query.sql, query, describer, problems, { parseOnly: false });
  // Another engine's variant is only parsed here; start-up runs it on that engine (check-catalog-on-engine).
  for (const [engine, sql] of Object.entries(query.variants ?? {}))
    await checkStatementShape(`${at} (${engine} variant)`, sql, query, describer, problems, { parseOnly: true });
  if (problems.length > before) return;

  let columns: ResultColumn[];
  try {
    columns = await describer.outputColumns(query.sql, nulls);
  } catch (error) {
    problems.push(`${at}: does not run against the gold schema: ${(error as Error).message.split('\n')[0]}`);
    return;
  }
  problems.push(...columnProblems(at, query, columns));

  for (const scope of sampleScopes) {
    const scoped = scopeSql(scope, catalog.rowScope, dialects.duckdb);
    const forms = [composeScopedSql(query.sql, scoped)];
    if (query.paging)
      forms.push(composePagedSql(query.sql, scoped, { ...query.paging.defaultSort, key: query.paging.key }, dialects.duckdb));
    for (const sql of forms) {
      try {
        await describer.outputColumns(sql, { ...nulls, ...scoped.params });
      } catch (error) {
        problems.push(`${at}: does not prepare with a ${scope.kind} row scope: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  }
  if (query.columns.some((c) => c.name === TOTAL_COLUMN)) problems.push(`${at}: "${TOTAL_COLUMN}" is a reserved column name`);
}

/**
 * Prepares every catalog query, bare and in every scoped and paged form, against the gold
 * schema: rejects qualified or unknown tables, parameters declared but unused (or used but
 * undeclared) and output columns that differ from the declaration.
 */
export async function checkCatalogSql(catalog: Catalog, describer: SqlDescriber): Promise<void> {
  const problems: string[] = [];
  for (const query of catalog.queries.values()) await checkQuery(query, catalog, describer, problems);
  const scopedTables = [catalog.rowScope.organizations.table, catalog.rowScope.users.table, ...Object.keys(catalog.rowScope.tables)];
  for (const table of scopedTables)
    if (!describer.tables.has(table)) problems.push(`row-scope.yaml: "${table}" is not a table of the gold schema`);
  if (problems.length > 0) throw new CatalogError(problems);
}
