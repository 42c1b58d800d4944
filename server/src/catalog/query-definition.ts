import { z } from 'zod';
import { CatalogId, ColumnType, IsoDate, SortDirection } from '@kineo/core';
import type { EngineKind } from '../engines/engine-kind.js';

/** Parameter and column names: plain SQL identifiers. `scope_` and `kineo_` belong to the server. */
export const SqlName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a lower-case SQL name (a-z, 0-9, _)')
  .refine((name) => !/^(scope|kineo)_/.test(name), 'names starting "scope_" or "kineo_" are reserved for the server');

const common = { description: z.string().max(300).optional(), required: z.boolean().default(false) };

/** Parameters are declared as data; each kind compiles to one zod schema and one or two bound SQL parameters. */
export const ParameterDeclaration = z.discriminatedUnion('type', [
  z.object({ type: z.literal('date'), default: z.optional(IsoDate), ...common }).strict(),
  /** Binds `$<name>_from` and `$<name>_to` (either may be NULL: open-ended). */
  z.object({ type: z.literal('dateRange'), ...common }).strict(),
  z.object({ type: z.literal('enum'), values: z.array(z.string().min(1)).min(1), default: z.string().optional(), ...common }).strict(),
  /** Binds a list, or NULL when no value is given. */
  z.object({ type: z.literal('enumList'), values: z.array(z.string().min(1)).min(1), ...common }).strict(),
  z.object({ type: z.literal('string'), maxLength: z.number().int().min(1).max(200), default: z.string().optional(), ...common }).strict(),
  z.object({
    type: z.literal('stringList'),
    maxItems: z.number().int().min(1).max(200),
    maxLength: z.number().int().min(1).max(200),
    ...common,
  }).strict(),
  z.object({
    type: z.literal('integer'),
    min: z.number().int(),
    max: z.number().int(),
    default: z.number().int().optional(),
    ...common,
  }).strict(),
]);
export type ParameterDeclaration = z.infer<typeof ParameterDeclaration>;

/** Tables with paging: the server wraps the query, sorts by a declared column and binds limit/offset. */
export const PagingDeclaration = z
  .object({
    defaultPageSize: z.number().int().min(1).max(500),
    maxPageSize: z.number().int().min(1).max(500),
    sortable: z.array(SqlName).min(1),
    defaultSort: z.object({ column: SqlName, direction: SortDirection }).strict(),
    /** A unique column appended to every sort so pages never overlap or skip rows. */
    key: SqlName,
  })
  .strict()
  .refine((p) => p.sortable.includes(p.defaultSort.column), { message: 'defaultSort.column must be sortable', path: ['defaultSort'] })
  .refine((p) => p.defaultPageSize <= p.maxPageSize, { message: 'defaultPageSize over maxPageSize', path: ['defaultPageSize'] });
export type PagingDeclaration = z.infer<typeof PagingDeclaration>;

/** Hard ceiling for any query's row cap, whatever its file says. */
export const ROW_CAP_CEILING = 50_000;

/** A named, versioned, parameterised query: the only SQL the API ever runs for a request. */
export const QueryDefinition = z
  .object({
    id: CatalogId,
    version: z.number().int().min(1),
    description: z.string().max(500).optional(),
    sql: z.string().min(1).max(20_000),
    /**
     * The same query spelt for one engine, where Databricks SQL and DuckDB differ; `sql` serves
     * every engine without a variant. Each variant must return the same columns.
     */
    variants: z.object({ databricks: z.string().min(1).max(20_000) }).strict().optional(),
    parameters: z.record(SqlName, ParameterDeclaration).default({}),
    columns: z.array(z.object({ name: z.string().min(1), type: ColumnType }).strict()).min(1),
    paging: PagingDeclaration.optional(),
    maxRows: z.number().int().min(1).max(ROW_CAP_CEILING).default(5_000),
    timeoutMs: z.number().int().min(100).max(120_000).default(15_000),
  })
  .strict()
  .superRefine((q, ctx) => {
    const names = new Set(q.columns.map((c) => c.name));
    const p = q.paging;
    if (p) {
      for (const column of [...p.sortable, p.key])
        if (!names.has(column)) ctx.addIssue({ code: 'custom', path: ['paging'], message: `"${column}" is not an output column` });
    }
    const texts: [string[], string][] = [[['sql'], q.sql], ...Object.entries(q.variants ?? {}).map(([kind, sql]): [string[], string] => [['variants', kind], sql])];
    for (const [path, sql] of texts)
      if (/;\s*\S/.test(sql.replace(/;\s*$/, ''))) ctx.addIssue({ code: 'custom', path, message: 'one statement only' });
  });
export type QueryDefinition = z.infer<typeof QueryDefinition>;

/** The query's SQL for an engine: its variant for that engine, or the shared text. */
export function querySqlFor(query: QueryDefinition, engine: EngineKind): string {
  return (engine === 'duckdb' ? undefined : query.variants?.[engine]) ?? query.sql;
}
