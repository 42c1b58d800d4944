import type { EngineKind } from './engine-kind.js';

/**
 * The few spellings the server's own generated SQL (row-scope CTEs, paging) needs that differ
 * between engines. Catalog SQL is written once where both engines agree and carries a per-engine
 * variant where they do not.
 */
export interface SqlDialect {
  readonly kind: EngineKind;
  /** A column or table name from server configuration, quoted for the engine. */
  quote(identifier: string): string;
  /** True when the list expression contains the value. */
  listContains(list: string, value: string): string;
  /** True when `text` begins with `prefix`. */
  startsWith(text: string, prefix: string): string;
}

const duckdb: SqlDialect = {
  kind: 'duckdb',
  quote: (identifier) => `"${identifier}"`,
  listContains: (list, value) => `list_contains(${list}, ${value})`,
  startsWith: (text, prefix) => `starts_with(${text}, ${prefix})`,
};

/** Databricks SQL: double quotes delimit strings there, identifiers take backticks. */
const databricks: SqlDialect = {
  kind: 'databricks',
  quote: (identifier) => `\`${identifier}\``,
  listContains: (list, value) => `array_contains(${list}, ${value})`,
  startsWith: (text, prefix) => `startswith(${text}, ${prefix})`,
};

export const dialects: Record<EngineKind, SqlDialect> = { duckdb, databricks };
