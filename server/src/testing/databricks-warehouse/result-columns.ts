import {
  DuckDBDateValue,
  DuckDBDecimalType,
  DuckDBDecimalValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import ttypes from '@databricks/sql/thrift/TCLIService_types.js';
import { sqlErrors } from './databricks-errors.js';

/** The Spark SQL type a result column has on the wire. */
export type SparkType =
  | { name: 'STRING' | 'INT' | 'BIGINT' | 'SMALLINT' | 'TINYINT' | 'DOUBLE' | 'FLOAT' | 'DATE' | 'BOOLEAN' | 'TIMESTAMP' }
  | { name: 'DECIMAL'; precision: number; scale: number };

export interface ResultColumn {
  name: string;
  type: SparkType;
}

/**
 * A cell normalised for encoding: STRING string, INT/SMALLINT/TINYINT/DOUBLE/FLOAT number,
 * BIGINT bigint, DECIMAL unscaled bigint, DATE days since the epoch, TIMESTAMP microseconds
 * since the epoch (bigint), BOOLEAN boolean.
 */
export type Cell = string | number | bigint | boolean | null;

const SIMPLE: Partial<Record<DuckDBTypeId, Exclude<SparkType['name'], 'DECIMAL'>>> = {
  [DuckDBTypeId.VARCHAR]: 'STRING',
  [DuckDBTypeId.UUID]: 'STRING',
  [DuckDBTypeId.INTEGER]: 'INT',
  [DuckDBTypeId.USMALLINT]: 'INT',
  [DuckDBTypeId.BIGINT]: 'BIGINT',
  [DuckDBTypeId.HUGEINT]: 'BIGINT', // DuckDB's sum of integers; Databricks answers BIGINT
  [DuckDBTypeId.UINTEGER]: 'BIGINT',
  [DuckDBTypeId.SMALLINT]: 'SMALLINT',
  [DuckDBTypeId.UTINYINT]: 'SMALLINT',
  [DuckDBTypeId.TINYINT]: 'TINYINT',
  [DuckDBTypeId.DOUBLE]: 'DOUBLE',
  [DuckDBTypeId.FLOAT]: 'FLOAT',
  [DuckDBTypeId.DATE]: 'DATE',
  [DuckDBTypeId.BOOLEAN]: 'BOOLEAN',
  [DuckDBTypeId.TIMESTAMP]: 'TIMESTAMP',
  [DuckDBTypeId.TIMESTAMP_TZ]: 'TIMESTAMP',
};

/** The Spark type a warehouse reports for a DuckDB result column, or a refusal for types it has no mapping for. */
export function sparkTypeOf(type: DuckDBType): SparkType {
  if (type instanceof DuckDBDecimalType) return { name: 'DECIMAL', precision: type.width, scale: type.scale };
  const name = SIMPLE[type.typeId];
  if (!name) throw sqlErrors.notSupportedHere(`result columns of DuckDB type ${type.toString()}`);
  return { name };
}

/** Converts a DuckDB value of a column to its normalised cell. */
export function toCell(value: DuckDBValue, type: SparkType): Cell {
  if (value === null || value === undefined) return null;
  switch (type.name) {
    case 'STRING':
      return String(value);
    case 'BIGINT':
      return BigInt(value as bigint | number);
    case 'DECIMAL':
      return (value as DuckDBDecimalValue).value;
    case 'DATE':
      return (value as DuckDBDateValue).days;
    case 'TIMESTAMP':
      return (value as DuckDBTimestampValue | DuckDBTimestampTZValue).micros;
    default:
      return value as number | boolean;
  }
}

/** A column's `TColumnDesc`, with precision and scale qualifiers for DECIMAL as Databricks sends. */
export function columnDescription(column: ResultColumn, position: number) {
  const { TTypeId } = ttypes;
  const typeIds: Record<SparkType['name'], number> = {
    STRING: TTypeId.STRING_TYPE,
    INT: TTypeId.INT_TYPE,
    BIGINT: TTypeId.BIGINT_TYPE,
    SMALLINT: TTypeId.SMALLINT_TYPE,
    TINYINT: TTypeId.TINYINT_TYPE,
    DOUBLE: TTypeId.DOUBLE_TYPE,
    FLOAT: TTypeId.FLOAT_TYPE,
    DATE: TTypeId.DATE_TYPE,
    BOOLEAN: TTypeId.BOOLEAN_TYPE,
    TIMESTAMP: TTypeId.TIMESTAMP_TYPE,
    DECIMAL: TTypeId.DECIMAL_TYPE,
  };
  const { type } = column;
  const typeQualifiers =
    type.name === 'DECIMAL'
      ? { qualifiers: { [ttypes.PRECISION]: { i32Value: type.precision }, [ttypes.SCALE]: { i32Value: type.scale } } }
      : undefined;
  return {
    columnName: column.name,
    typeDesc: { types: [{ primitiveEntry: { type: typeIds[type.name], typeQualifiers } }] },
    position,
    comment: '',
  };
}

/** `DECIMAL(p,s)` text of an unscaled value, e.g. 1250n at scale 2 → `12.50`. */
export function decimalText(unscaled: bigint, scale: number): string {
  if (scale === 0) return unscaled.toString();
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export function dateText(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]`, the way Databricks prints a TIMESTAMP as text. */
export function timestampText(micros: bigint): string {
  const millis = micros / 1000n;
  const iso = new Date(Number(millis)).toISOString();
  const fraction = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const base = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  return fraction === 0n ? base : `${base}.${fraction.toString().padStart(6, '0').replace(/0+$/, '')}`;
}
