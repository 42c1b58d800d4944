import thrift from 'thrift';
import { dateText, decimalText, timestampText, type Cell, type ResultColumn } from './result-columns.js';

/** A `TColumn` as plain data (the generated struct constructors wrap it). */
type ThriftColumn = Record<string, { values: unknown[]; nulls: Buffer }>;

/**
 * A COLUMN_BASED_SET: one `TColumn` per result column, values in the typed slot Databricks uses
 * (i32Val for INT, i64Val for BIGINT, doubleVal, boolVal, …; DECIMAL, DATE and TIMESTAMP as
 * text in stringVal) and a null bitmap (bit i set, least significant first, when row i is NULL).
 */
export function thriftColumns(columns: readonly ResultColumn[], cells: readonly Cell[][], rowCount: number): ThriftColumn[] {
  return columns.map((column, c) => {
    const values = cells[c]!.slice(0, rowCount);
    const nulls = Buffer.alloc(Math.ceil(rowCount / 8));
    values.forEach((cell, i) => {
      if (cell === null) nulls[i >> 3]! |= 1 << (i & 7);
    });
    const { type } = column;
    const slot = (name: string, filler: unknown, convert: (cell: Exclude<Cell, null>) => unknown): ThriftColumn => ({
      [name]: { values: values.map((cell) => (cell === null ? filler : convert(cell))), nulls },
    });
    switch (type.name) {
      case 'STRING':
        return slot('stringVal', '', String);
      case 'DECIMAL':
        return slot('stringVal', '', (cell) => decimalText(cell as bigint, type.scale));
      case 'DATE':
        return slot('stringVal', '', (cell) => dateText(cell as number));
      case 'TIMESTAMP':
        return slot('stringVal', '', (cell) => timestampText(cell as bigint));
      case 'INT':
        return slot('i32Val', 0, Number);
      case 'SMALLINT':
        return slot('i16Val', 0, Number);
      case 'TINYINT':
        return slot('byteVal', 0, Number);
      case 'BIGINT':
        return slot('i64Val', new thrift.Int64(0), (cell) => int64(cell as bigint));
      case 'DOUBLE':
      case 'FLOAT':
        return slot('doubleVal', 0, Number);
      case 'BOOLEAN':
        return slot('boolVal', false, Boolean);
    }
  });
}

function int64(value: bigint): InstanceType<typeof thrift.Int64> {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(value);
  return new thrift.Int64(bytes);
}
