import { DBSQLParameter, DBSQLParameterType } from '@databricks/sql';
import type { SqlParam, SqlParams } from '../engine.js';
import { DatabricksEngineError } from './databricks-engine-error.js';
import { rewritePlaceholders } from './placeholders.js';

/** Databricks SQL text with `:name` markers and one typed value per marker. Values never enter the text. */
export interface BoundStatement {
  sql: string;
  parameters: Record<string, DBSQLParameter>;
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function invalid(detail: string): DatabricksEngineError {
  return new DatabricksEngineError('rejected', 'a parameter value does not fit its type', detail);
}

/**
 * Turns catalog SQL (`$name` placeholders) and its typed params into a statement the warehouse
 * binds. Databricks parameters are scalars, so a `varchar[]` travels as a JSON string and the
 * SQL parses it back: `from_json(:name, 'ARRAY<STRING>')`. Params the SQL does not use are not
 * sent; a placeholder without a param is refused.
 */
export function bindStatement(sql: string, params: SqlParams): BoundStatement {
  const parameters: Record<string, DBSQLParameter> = {};
  const text = rewritePlaceholders(sql, (name) => {
    const param = Object.hasOwn(params, name) ? params[name] : undefined;
    if (param === undefined)
      throw new DatabricksEngineError('rejected', 'a placeholder has no bound value', 'UNBOUND_PLACEHOLDER');
    parameters[name] ??= toSparkParameter(param);
    return param.type === 'varchar[]' ? `from_json(:${name}, 'ARRAY<STRING>')` : `:${name}`;
  });
  return { sql: text, parameters };
}

/** One typed Databricks parameter. NULL goes untyped (VOID): the only NULL the driver can send. */
export function toSparkParameter(param: SqlParam): DBSQLParameter {
  const { type, value } = param;
  if (value === null) return new DBSQLParameter({ type: DBSQLParameterType.VOID, value: null });
  switch (type) {
    case 'varchar':
      if (typeof value !== 'string') throw invalid('EXPECTED_STRING');
      return new DBSQLParameter({ type: DBSQLParameterType.STRING, value });
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid('EXPECTED_INTEGER');
      return new DBSQLParameter({
        type: value >= INT32_MIN && value <= INT32_MAX ? DBSQLParameterType.INTEGER : DBSQLParameterType.BIGINT,
        value,
      });
    case 'double':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid('EXPECTED_DOUBLE');
      return new DBSQLParameter({ type: DBSQLParameterType.DOUBLE, value });
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid('EXPECTED_BOOLEAN');
      return new DBSQLParameter({ type: DBSQLParameterType.BOOLEAN, value });
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value)) throw invalid('EXPECTED_DATE');
      return new DBSQLParameter({ type: DBSQLParameterType.DATE, value });
    case 'varchar[]':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw invalid('EXPECTED_STRING_LIST');
      return new DBSQLParameter({ type: DBSQLParameterType.STRING, value: JSON.stringify(value) });
    default:
      throw invalid('UNKNOWN_PARAMETER_TYPE');
  }
}

function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
