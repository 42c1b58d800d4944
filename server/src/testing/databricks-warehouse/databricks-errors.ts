/**
 * Errors the test warehouse reports the way Databricks SQL does: `[ERROR_CLASS] text. SQLSTATE: xxxxx`.
 * Clients (and the engine under test) see exactly this text in the operation's error message.
 */
export class DatabricksSqlError extends Error {
  constructor(
    message: string,
    readonly errorClass: string,
    readonly sqlState = '42000',
  ) {
    super(message);
    this.name = 'DatabricksSqlError';
  }
}

function error(errorClass: string, text: string, sqlState: string): DatabricksSqlError {
  return new DatabricksSqlError(`[${errorClass}] ${text} SQLSTATE: ${sqlState}`, errorClass, sqlState);
}

const quoteName = (name: string) => `\`${name.replaceAll('`', '``')}\``;

export const sqlErrors = {
  syntax: (near: string) => error('PARSE_SYNTAX_ERROR', `Syntax error at or near '${near}'.`, '42601'),
  unclosedComment: () =>
    error('UNCLOSED_BRACKETED_COMMENT', 'Found an unclosed bracketed comment. Please, append */ at the end of the comment.', '42601'),
  unresolvedRoutine: (name: string, namespace: string) =>
    error(
      'UNRESOLVED_ROUTINE',
      `Cannot resolve routine ${quoteName(name)} on search path [\`system\`.\`builtin\`, \`system\`.\`session\`, ${namespace}].`,
      '42883',
    ),
  wrongArgumentCount: (name: string, given: number, expected: string) =>
    error(
      'WRONG_NUM_ARGS.WITHOUT_SUGGESTION',
      `The ${quoteName(name)} requires ${expected} parameters but the actual number is ${given}.`,
      '42605',
    ),
  datetimeUnitLiteral: (functionName: string, literal: string) =>
    error(
      'INVALID_PARAMETER_VALUE.DATETIME_UNIT',
      `The value of parameter(s) \`unit\` in ${quoteName(functionName)} is invalid: expects one of the units without quotes ` +
        `YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal '${literal}'.`,
      '22023',
    ),
  unsupportedType: (name: string) => error('UNSUPPORTED_DATATYPE', `Unsupported data type "${name}".`, '0A000'),
  missingTypeSize: (name: string) =>
    error('DATATYPE_MISSING_SIZE', `DataType "${name}" requires a length parameter, for example "${name}"(10). Please specify the length.`, '42K01'),
  unboundParameter: (name: string) =>
    error(
      'UNBOUND_SQL_PARAMETER',
      `Found the unbound parameter: ${name}. Please, fix \`args\` and provide a mapping of the parameter to either a SQL literal or collection constructor functions such as \`map()\`, \`array()\`, \`struct()\`.`,
      '42P02',
    ),
  invalidTypedLiteral: (type: string, value: string) =>
    error('INVALID_TYPED_LITERAL', `The value of the typed literal "${type}" is invalid: '${value}'.`, '42604'),
  tableNotFound: (name: string) =>
    error(
      'TABLE_OR_VIEW_NOT_FOUND',
      `The table or view ${name} cannot be found. Verify the spelling and correctness of the schema and catalog. ` +
        'If you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.',
      '42P01',
    ),
  statementTimeout: (seconds: number) =>
    error('QUERY_EXECUTION_TIMEOUT_EXCEEDED', `Query execution was cancelled due to exceeding the timeout (${seconds}s).`, '57KD0'),
  configNotAvailable: (key: string) => error('CONFIG_NOT_AVAILABLE', `Configuration ${key} is not available.`, '42K0I'),
  invalidConfigValue: (key: string, value: string) =>
    error('INVALID_CONF_VALUE.TYPE_MISMATCH', `The value '${value}' in the config "${key}" is invalid.`, '22022'),
  noSuchCatalog: (catalog: string) => error('NO_SUCH_CATALOG_EXCEPTION', `Catalog '${catalog}' was not found.`, '42704'),
  schemaNotFound: (catalog: string, schema: string) =>
    error(
      'SCHEMA_NOT_FOUND',
      `The schema ${quoteName(catalog)}.${quoteName(schema)} cannot be found. Verify the spelling and correctness of the schema and catalog.`,
      '42704',
    ),
  unresolvedColumn: (name: string) =>
    error('UNRESOLVED_COLUMN.WITHOUT_SUGGESTION', `A column, variable, or function parameter with name ${quoteName(name)} cannot be resolved.`, '42703'),
  invalidHandle: (kind: 'SESSION' | 'OPERATION', id: string) =>
    error(`INVALID_HANDLE.${kind}_NOT_FOUND`, `The handle ${id} is invalid. ${kind === 'SESSION' ? 'Session' : 'Operation'} not found.`, 'HY000'),
  /** Valid Databricks SQL the test warehouse does not implement: a limit of this fake, not of Databricks. */
  notSupportedHere: (what: string) =>
    error('KINEO_TEST_WAREHOUSE_UNSUPPORTED', `The test warehouse does not support ${what}.`, '0A000'),
  onlyQueries: () =>
    error('KINEO_TEST_WAREHOUSE_UNSUPPORTED', 'The test warehouse runs one SELECT or WITH query per statement.', '0A000'),
  failed: (text: string) => error('INTERNAL_ERROR', text, 'XX000'),
};

/**
 * What Databricks would report for a DuckDB failure: missing tables and columns get their
 * Databricks error classes, anything else DuckDB's own first line.
 */
export function sqlErrorFromDuckDB(error: unknown): DatabricksSqlError {
  if (error instanceof DatabricksSqlError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const table = /Table with name (\S+) does not exist/.exec(message);
  if (table) return sqlErrors.tableNotFound(quoteName(table[1]!));
  const column = /Referenced column "?([^"\s]+)"? not found/.exec(message);
  if (column) return sqlErrors.unresolvedColumn(column[1]!);
  return sqlErrors.failed(message.split('\n')[0]!);
}
