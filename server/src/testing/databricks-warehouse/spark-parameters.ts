import {
  BIGINT,
  BOOLEAN,
  DATE,
  DECIMAL,
  DOUBLE,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampValue,
  FLOAT,
  INTEGER,
  SMALLINT,
  TIMESTAMP,
  TINYINT,
  VARCHAR,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { sqlErrors } from './databricks-errors.js';

/** A named parameter as the driver sends it (`TSparkParameter`). */
export interface SparkParameter {
  name?: string | null;
  ordinal?: number | null;
  /** STRING, DATE, INTEGER, BIGINT, DOUBLE, BOOLEAN, …; absent for NULL (VOID). */
  type?: string | null;
  value?: { stringValue?: string | null } | null;
}

/** A parameter as the call log records it. */
export interface LoggedParameter {
  name: string;
  type: string;
  value: string | null;
}

export interface ParameterBindings {
  values: Record<string, DuckDBValue>;
  types: Record<string, DuckDBType | undefined>;
}

export function describeParameters(parameters: readonly SparkParameter[]): LoggedParameter[] {
  return parameters.map((p) => ({
    name: p.name ?? `#${p.ordinal ?? '?'}`,
    type: p.type ?? 'VOID',
    value: p.value?.stringValue ?? null,
  }));
}

/**
 * DuckDB bindings for the parameters a statement references: each value parsed from its string
 * form as the type it was sent with, never spliced into SQL. A referenced name that was not
 * sent is Databricks' `UNBOUND_SQL_PARAMETER`; parameters sent but not referenced are ignored.
 */
export function bindParameters(parameters: readonly SparkParameter[], referenced: readonly string[]): ParameterBindings {
  if (parameters.some((p) => !p.name)) throw sqlErrors.notSupportedHere('positional parameters');
  const byName = new Map(parameters.map((p) => [p.name!.toLowerCase(), p]));
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType | undefined> = {};
  for (const name of referenced) {
    const parameter = byName.get(name.toLowerCase());
    if (!parameter) throw sqlErrors.unboundParameter(name);
    const [value, type] = bindingOf(parameter);
    values[name] = value;
    types[name] = type;
  }
  return { values, types };
}

function bindingOf(parameter: SparkParameter): [DuckDBValue, DuckDBType | undefined] {
  const text = parameter.value?.stringValue;
  const type = parameter.type?.toUpperCase();
  // NULL travels with neither type nor value; DuckDB types it from where it is used.
  if (text === undefined || text === null || !type || type === 'VOID') return [null, undefined];
  const invalid = () => sqlErrors.invalidTypedLiteral(type, text);
  switch (type) {
    case 'STRING':
      return [text, VARCHAR];
    case 'BOOLEAN':
      if (!/^(true|false)$/i.test(text)) throw invalid();
      return [text.toLowerCase() === 'true', BOOLEAN];
    case 'INT':
    case 'INTEGER':
      return [integer(text, 32, invalid), INTEGER];
    case 'SMALLINT':
      return [integer(text, 16, invalid), SMALLINT];
    case 'TINYINT':
      return [integer(text, 8, invalid), TINYINT];
    case 'BIGINT': {
      if (!/^[+-]?\d+$/.test(text)) throw invalid();
      const value = BigInt(text);
      if (BigInt.asIntN(64, value) !== value) throw invalid();
      return [value, BIGINT];
    }
    case 'DOUBLE':
    case 'FLOAT': {
      const value = Number(text);
      if (text.trim() === '' || (Number.isNaN(value) && text !== 'NaN')) throw invalid();
      return [value, type === 'DOUBLE' ? DOUBLE : FLOAT];
    }
    case 'DECIMAL': {
      const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
      if (!match || (match[2] === '' && !match[3])) throw invalid();
      const [, sign, whole = '', fraction = ''] = match;
      const digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '');
      const width = Math.max(digits.length, fraction.length + 1);
      if (width > 38) throw invalid();
      return [new DuckDBDecimalValue(BigInt(`${sign}${digits || '0'}`), width, fraction.length), DECIMAL(width, fraction.length)];
    }
    case 'DATE': {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      const millis = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
      if (!match || new Date(millis).toISOString().slice(0, 10) !== text) throw invalid();
      return [new DuckDBDateValue(millis / 86_400_000), DATE];
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_NTZ': {
      const millis = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
      if (Number.isNaN(millis)) throw invalid();
      return [new DuckDBTimestampValue(BigInt(millis) * 1000n), TIMESTAMP];
    }
    default:
      throw sqlErrors.notSupportedHere(`parameters of type ${type}`);
  }
}

function integer(text: string, bits: number, invalid: () => Error): number {
  if (!/^[+-]?\d+$/.test(text)) throw invalid();
  const value = Number(text);
  const limit = 2 ** (bits - 1);
  if (value < -limit || value >= limit) throw invalid();
  return value;
}
