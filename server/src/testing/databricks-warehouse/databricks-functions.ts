import { sqlErrors } from './databricks-errors.js';
import { jsonStructureFor } from './spark-types.js';
import { tokenize, type Token } from './sql-tokens.js';

/** A call as written in Databricks SQL, its arguments already translated to DuckDB. */
export interface FunctionCall {
  /** Lower-case name. */
  name: string;
  args: string[];
  /** Each argument's tokens as written, for functions that need a literal argument. */
  argTokens: Token[][];
}

interface DatabricksFunction {
  /** Least and most arguments Databricks accepts here. */
  arity: [number, number];
  translate: (call: FunctionCall) => string;
}

const ANY = Number.POSITIVE_INFINITY;
const same: DatabricksFunction['translate'] = ({ name, args }) => `${name}(${args.join(', ')})`;
const renamed = (duckdb: string): DatabricksFunction['translate'] => ({ args }) => `${duckdb}(${args.join(', ')})`;
/** Databricks answers INT where DuckDB answers BIGINT. */
const asInt = (duckdb: string): DatabricksFunction['translate'] => ({ args }) => `CAST(${duckdb}(${args.join(', ')}) AS INTEGER)`;

const DATE_UNITS = new Set(['YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND', 'MICROSECOND']);
const TRUNC_UNITS: Record<string, string> = {
  YEAR: 'year', YYYY: 'year', YY: 'year', QUARTER: 'quarter', MONTH: 'month', MM: 'month', MON: 'month',
  WEEK: 'week', DAY: 'day', DD: 'day', HOUR: 'hour', MINUTE: 'minute', SECOND: 'second',
};

/**
 * `datediff(end, start)` / `date_diff(end, start)` count days; the three-argument form takes a
 * unit keyword (never a string: Databricks refuses `'day'`) and counts whole units, which is
 * DuckDB's `date_sub(part, start, end)`.
 */
const dateDifference: DatabricksFunction['translate'] = ({ name, args, argTokens }) => {
  if (args.length === 2) return `CAST(date_diff('day', CAST(${args[1]} AS DATE), CAST(${args[0]} AS DATE)) AS INTEGER)`;
  const unit = argTokens[0]!;
  if (unit.length === 1 && unit[0]!.kind === 'string') throw sqlErrors.datetimeUnitLiteral(name, unit[0]!.value);
  const keyword = unit.length === 1 && unit[0]!.kind === 'word' ? unit[0]!.text.toUpperCase() : '';
  if (!DATE_UNITS.has(keyword)) throw sqlErrors.syntax(unit[0]?.text ?? ')');
  return `date_sub('${keyword.toLowerCase()}', ${args[1]}, ${args[2]})`;
};

const literalArgument = (call: FunctionCall, index: number): string => {
  const tokens = call.argTokens[index]!;
  if (tokens.length !== 1 || tokens[0]!.kind !== 'string') throw sqlErrors.notSupportedHere(`${call.name} with a non-literal argument ${index + 1}`);
  return tokens[0]!.value;
};

/**
 * The Databricks SQL built-in functions the test warehouse accepts, each checked against the
 * Databricks SQL function reference, and how each is spelt in DuckDB with Databricks' meaning
 * (result types, NULL handling, argument order). A name missing here is refused with the error
 * Databricks gives for an unknown function, so DuckDB-only names (`list_contains`,
 * `starts_with`, `strftime`, …) can never pass as Databricks SQL.
 */
const FUNCTIONS: Record<string, DatabricksFunction> = {
  // aggregates and window functions
  count: { arity: [1, ANY], translate: same },
  count_if: { arity: [1, 1], translate: same },
  sum: { arity: [1, 1], translate: same },
  avg: { arity: [1, 1], translate: same },
  min: { arity: [1, 1], translate: same },
  max: { arity: [1, 1], translate: same },
  any_value: { arity: [1, 1], translate: same },
  row_number: { arity: [0, 0], translate: same },
  rank: { arity: [0, 0], translate: same },
  dense_rank: { arity: [0, 0], translate: same },
  lag: { arity: [1, 3], translate: same },
  lead: { arity: [1, 3], translate: same },
  // conditionals
  coalesce: { arity: [1, ANY], translate: same },
  nullif: { arity: [2, 2], translate: same },
  ifnull: { arity: [2, 2], translate: same },
  nvl: { arity: [2, 2], translate: renamed('coalesce') },
  if: { arity: [3, 3], translate: ({ args }) => `CASE WHEN ${args[0]} THEN ${args[1]} ELSE ${args[2]} END` },
  greatest: { arity: [2, ANY], translate: same },
  least: { arity: [2, ANY], translate: same },
  // numbers
  abs: { arity: [1, 1], translate: same },
  round: { arity: [1, 2], translate: same },
  floor: { arity: [1, 1], translate: same },
  ceil: { arity: [1, 1], translate: same },
  ceiling: { arity: [1, 1], translate: same },
  // strings
  lower: { arity: [1, 1], translate: same },
  upper: { arity: [1, 1], translate: same },
  trim: { arity: [1, 1], translate: same },
  length: { arity: [1, 1], translate: asInt('length') },
  // Databricks' concat is NULL when any argument is NULL; DuckDB's skips NULLs, `||` does not.
  concat: { arity: [1, ANY], translate: ({ args }) => `(${args.join(' || ')})` },
  concat_ws: { arity: [1, ANY], translate: same },
  substring: { arity: [2, 3], translate: same },
  substr: { arity: [2, 3], translate: renamed('substring') },
  replace: { arity: [2, 3], translate: ({ args }) => `replace(${args[0]}, ${args[1]}, ${args[2] ?? "''"})` },
  contains: { arity: [2, 2], translate: same },
  left: { arity: [2, 2], translate: same },
  right: { arity: [2, 2], translate: same },
  startswith: { arity: [2, 2], translate: renamed('starts_with') },
  endswith: { arity: [2, 2], translate: renamed('ends_with') },
  // arrays
  array: { arity: [0, ANY], translate: renamed('list_value') },
  array_contains: { arity: [2, 2], translate: renamed('list_contains') },
  // 1-based, 0 when absent, NULL for a NULL array or element, BIGINT.
  array_position: {
    arity: [2, 2],
    translate: ({ args: [list, value] }) =>
      `CAST(CASE WHEN (${list}) IS NULL OR (${value}) IS NULL THEN NULL ELSE coalesce(list_position(${list}, ${value}), 0) END AS BIGINT)`,
  },
  from_json: {
    arity: [2, 2],
    translate: (call) => `from_json(${call.args[0]}, '${jsonStructureFor(literalArgument(call, 1), tokenize)}')`,
  },
  // dates
  current_date: { arity: [0, 0], translate: () => 'current_date' },
  date_add: { arity: [2, 2], translate: ({ args }) => `(CAST(${args[0]} AS DATE) + CAST(${args[1]} AS INTEGER))` },
  date_sub: { arity: [2, 2], translate: ({ args }) => `(CAST(${args[0]} AS DATE) - CAST(${args[1]} AS INTEGER))` },
  datediff: { arity: [2, 3], translate: dateDifference },
  date_diff: { arity: [2, 3], translate: dateDifference },
  year: { arity: [1, 1], translate: asInt('year') },
  month: { arity: [1, 1], translate: asInt('month') },
  day: { arity: [1, 1], translate: asInt('day') },
  to_date: { arity: [1, 1], translate: ({ args }) => `CAST(${args[0]} AS DATE)` },
  make_date: { arity: [3, 3], translate: same },
  last_day: { arity: [1, 1], translate: same },
  date_trunc: {
    arity: [2, 2],
    translate: (call) => {
      const unit = TRUNC_UNITS[literalArgument(call, 0).toUpperCase()];
      if (!unit) throw sqlErrors.notSupportedHere(`date_trunc to '${literalArgument(call, 0)}'`);
      return `CAST(date_trunc('${unit}', CAST(${call.args[1]} AS TIMESTAMP)) AS TIMESTAMP)`;
    },
  },
};

/** DuckDB SQL for a call, or the error Databricks gives for an unknown function or a wrong argument count. */
export function translateFunctionCall(call: FunctionCall, searchPathNamespace: string): string {
  const fn = Object.hasOwn(FUNCTIONS, call.name) ? FUNCTIONS[call.name] : undefined;
  if (!fn) throw sqlErrors.unresolvedRoutine(call.name, searchPathNamespace);
  const [least, most] = fn.arity;
  if (call.args.length < least || call.args.length > most)
    throw sqlErrors.wrongArgumentCount(call.name, call.args.length, least === most ? `${least}` : most === ANY ? `at least ${least}` : `[${least}, ${most}]`);
  return fn.translate(call);
}
