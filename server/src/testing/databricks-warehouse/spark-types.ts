import { sqlErrors } from './databricks-errors.js';
import type { Token } from './sql-tokens.js';

/** Spark SQL primitive type names and the DuckDB type each becomes. */
const PRIMITIVES: Record<string, string> = {
  STRING: 'VARCHAR',
  INT: 'INTEGER',
  INTEGER: 'INTEGER',
  BIGINT: 'BIGINT',
  LONG: 'BIGINT',
  SMALLINT: 'SMALLINT',
  SHORT: 'SMALLINT',
  TINYINT: 'TINYINT',
  BYTE: 'TINYINT',
  DOUBLE: 'DOUBLE',
  FLOAT: 'FLOAT',
  REAL: 'FLOAT',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
  TIMESTAMP_NTZ: 'TIMESTAMP',
  TIMESTAMP_LTZ: 'TIMESTAMP',
  BOOLEAN: 'BOOLEAN',
  BINARY: 'BLOB',
};
const SIZED_STRINGS = new Set(['VARCHAR', 'CHAR']);
const DECIMALS = new Set(['DECIMAL', 'DEC', 'NUMERIC']);
const NOT_HERE = new Set(['MAP', 'STRUCT', 'INTERVAL', 'VARIANT', 'OBJECT', 'GEOGRAPHY', 'GEOMETRY', 'VOID']);

export interface ParsedType {
  /** The DuckDB spelling. */
  duckdb: string;
  /** Index of the first token after the type. */
  end: number;
}

/**
 * Reads a Spark SQL data type starting at `tokens[start]` (significant tokens only) and returns
 * its DuckDB spelling: `STRING` → `VARCHAR`, `DECIMAL(p,s)` → `DECIMAL(p,s)` (Spark's default is
 * (10,0), DuckDB's is not), `ARRAY<T>` → `T[]`. DuckDB-only names (`HUGEINT`, `VARCHAR` without a
 * length, `TEXT`, `LIST`, …) are refused the way Databricks refuses them.
 */
export function parseSparkType(tokens: readonly Token[], start: number): ParsedType {
  const token = tokens[start];
  if (!token || token.kind !== 'word') throw sqlErrors.syntax(token?.text ?? '<EOF>');
  const name = token.text.toUpperCase();
  const open = tokens[start + 1]?.text === '(';

  if (name === 'ARRAY') {
    if (tokens[start + 1]?.text !== '<') throw sqlErrors.syntax(tokens[start + 1]?.text ?? '<EOF>');
    const element = parseSparkType(tokens, start + 2);
    if (tokens[element.end]?.text !== '>') throw sqlErrors.syntax(tokens[element.end]?.text ?? '<EOF>');
    return { duckdb: `${element.duckdb}[]`, end: element.end + 1 };
  }
  if (DECIMALS.has(name)) {
    if (!open) return { duckdb: 'DECIMAL(10,0)', end: start + 1 };
    const { numbers, end } = readNumbers(tokens, start + 2);
    const [precision, scale = 0] = numbers;
    if (numbers.length > 2 || precision === undefined || precision < 1 || precision > 38 || scale > precision)
      throw sqlErrors.unsupportedType(`${name}(${numbers.join(',')})`);
    return { duckdb: `DECIMAL(${precision},${scale})`, end };
  }
  if (SIZED_STRINGS.has(name)) {
    if (!open) throw sqlErrors.missingTypeSize(name);
    return { duckdb: 'VARCHAR', end: readNumbers(tokens, start + 2).end };
  }
  const duckdb = PRIMITIVES[name];
  if (duckdb && !open) return { duckdb, end: start + 1 };
  if (NOT_HERE.has(name)) throw sqlErrors.notSupportedHere(`the ${name} type`);
  throw sqlErrors.unsupportedType(name);
}

/** `n[, n]` followed by `)`; `start` is just after the `(`. */
function readNumbers(tokens: readonly Token[], start: number): { numbers: number[]; end: number } {
  const numbers: number[] = [];
  let i = start;
  for (;;) {
    const token = tokens[i];
    if (token?.kind !== 'number' || !/^\d+$/.test(token.text)) throw sqlErrors.syntax(token?.text ?? '<EOF>');
    numbers.push(Number(token.text));
    const after = tokens[i + 1]?.text;
    if (after === ')') return { numbers, end: i + 2 };
    if (after !== ',') throw sqlErrors.syntax(after ?? '<EOF>');
    i += 2;
  }
}

/** The DuckDB JSON structure `from_json` needs for a Spark schema string such as `ARRAY<STRING>`. */
export function jsonStructureFor(sparkSchema: string, tokenizeSchema: (text: string) => Token[]): string {
  const tokens = tokenizeSchema(sparkSchema).filter((t) => t.kind !== 'space');
  const parsed = parseSparkType(tokens, 0);
  if (parsed.end !== tokens.length) throw sqlErrors.syntax(tokens[parsed.end]!.text);
  const structure = (duckdb: string): unknown => (duckdb.endsWith('[]') ? [structure(duckdb.slice(0, -2))] : duckdb);
  if (!parsed.duckdb.endsWith('[]')) throw sqlErrors.notSupportedHere(`from_json with the schema ${sparkSchema}`);
  return JSON.stringify(structure(parsed.duckdb));
}
