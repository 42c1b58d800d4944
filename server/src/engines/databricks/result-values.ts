import { thrift } from '@databricks/sql';
import type { CellValue, ColumnType, ResultColumn } from '@kineo/core';
import { DatabricksEngineError } from './databricks-engine-error.js';

const { TTypeId } = thrift.TCLIService_types;

/** The part of a Thrift `TTableSchema` the engine reads. */
export interface ResultSchema {
  columns: ReadonlyArray<{
    columnName: string;
    position: number;
    typeDesc: { types: ReadonlyArray<{ primitiveEntry?: { type: number } }> };
  }>;
}

const columnTypes = new Map<number, ColumnType>([
  [TTypeId.TINYINT_TYPE, 'integer'],
  [TTypeId.SMALLINT_TYPE, 'integer'],
  [TTypeId.INT_TYPE, 'integer'],
  [TTypeId.BIGINT_TYPE, 'integer'],
  [TTypeId.FLOAT_TYPE, 'number'],
  [TTypeId.DOUBLE_TYPE, 'number'],
  [TTypeId.DECIMAL_TYPE, 'number'],
  [TTypeId.BOOLEAN_TYPE, 'boolean'],
  [TTypeId.DATE_TYPE, 'date'],
  [TTypeId.TIMESTAMP_TYPE, 'timestamp'],
]);

/**
 * The result's columns in order, typed as the DuckDB engine types them. The driver hands rows
 * out as objects keyed by column name, so a result with two columns of one name cannot be read
 * faithfully and is refused rather than returned with a column missing.
 */
export function resultColumns(schema: ResultSchema | null): ResultColumn[] {
  if (!schema) return [];
  const ordered = [...schema.columns].sort((a, b) => a.position - b.position);
  const columns = ordered.map((column) => ({
    name: column.columnName,
    type: columnTypes.get(column.typeDesc.types[0]?.primitiveEntry?.type ?? -1) ?? ('string' as const),
  }));
  if (new Set(columns.map((column) => column.name)).size !== columns.length)
    throw new DatabricksEngineError('rejected', 'the result has two columns with one name', 'DUPLICATE_COLUMN_NAMES');
  return columns;
}

/**
 * Converts one value the driver returned to the JSON the API sends for a column of `type`, the
 * same as the DuckDB engine does. The driver's shapes differ by result format: Arrow results give
 * `Date` objects for DATE and TIMESTAMP, Thrift column results give strings; DECIMAL arrives as a
 * number or a decimal string, BIGINT as a number or bigint.
 */
export function toCellValue(value: unknown, type: ColumnType): CellValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
    case 'number':
      return toNumber(value);
    case 'boolean':
      return typeof value === 'boolean' ? value : String(value).toLowerCase() === 'true';
    case 'date':
      return toDate(value);
    case 'timestamp':
      return toTimestamp(value);
    default:
      return toText(value);
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
  // node-int64 values, should a driver path hand one out unconverted.
  if (typeof value === 'object' && typeof (value as { toNumber?: unknown }).toNumber === 'function')
    return (value as { toNumber(): number }).toNumber();
  return Number(value);
}

/** `YYYY-MM-DD`. A DATE is a calendar day: Arrow gives midnight UTC of that day. */
function toDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return new Date(value).toISOString().slice(0, 10);
  const text = String(value);
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : text;
}

/**
 * ISO-8601 UTC with milliseconds, as the DuckDB engine writes timestamps. The engine opens
 * sessions in UTC, so a timestamp the warehouse wrote as text without a zone is UTC.
 */
function toTimestamp(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  const text = String(value).trim();
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!match) return text;
  const [, day, time, fraction = '', zone = 'Z'] = match;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const parsed = new Date(`${day}T${time!.length === 5 ? `${time}:00` : time}.${millis}${zone}`);
  return Number.isNaN(parsed.getTime()) ? text : parsed.toISOString();
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
