import {
  DuckDBTypeId,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampValue,
  DATE,
  DOUBLE,
  INTEGER,
  BOOLEAN,
  VARCHAR,
  LIST,
  listValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { CellValue, ColumnType } from '@kineo/core';
import type { SqlParam, SqlParamType } from '../engine.js';

const bindTypes: Record<SqlParamType, DuckDBType> = {
  varchar: VARCHAR,
  integer: INTEGER,
  double: DOUBLE,
  boolean: BOOLEAN,
  date: DATE,
  'varchar[]': LIST(VARCHAR),
};

function toDuckDBValue(param: SqlParam): DuckDBValue {
  const { type, value } = param;
  if (value === null) return null;
  switch (type) {
    case 'date':
      return parseDate(String(value));
    case 'varchar[]':
      return listValue([...(value as readonly string[])]);
    default:
      return value as string | number | boolean;
  }
}

function parseDate(iso: string): DuckDBDateValue {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return DuckDBDateValue.fromParts({ year: y, month: m, day: d });
}

/** Values and explicit types for `bind()`, so NULLs and empty lists never need type inference. */
export function toDuckDBBindings(params: Readonly<Record<string, SqlParam>>) {
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType> = {};
  for (const [name, param] of Object.entries(params)) {
    values[name] = toDuckDBValue(param);
    types[name] = bindTypes[param.type];
  }
  return { values, types };
}

const integerTypes = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
]);
const numberTypes = new Set<DuckDBTypeId>([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL]);
const timestampTypes = new Set<DuckDBTypeId>([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_TZ,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
]);

export function columnTypeOf(typeId: DuckDBTypeId): ColumnType {
  if (integerTypes.has(typeId)) return 'integer';
  if (numberTypes.has(typeId)) return 'number';
  if (typeId === DuckDBTypeId.BOOLEAN) return 'boolean';
  if (typeId === DuckDBTypeId.DATE) return 'date';
  if (timestampTypes.has(typeId)) return 'timestamp';
  return 'string';
}

/** Converts one DuckDB value to the JSON the API sends for a column of `type`. */
export function toCellValue(value: DuckDBValue, type: ColumnType): CellValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'bigint' ? Number(value) : (value as number);
    case 'number':
      if (value instanceof DuckDBDecimalValue) return value.toDouble();
      return typeof value === 'bigint' ? Number(value) : (value as number);
    case 'boolean':
      return value as boolean;
    case 'date':
      return String(value);
    case 'timestamp':
      return value instanceof DuckDBTimestampValue
        ? new Date(Number(value.micros / 1000n)).toISOString()
        : new Date(String(value)).toISOString();
    default:
      return typeof value === 'string' ? value : String(value);
  }
}
