import { createRequire } from 'node:module';
// apache-arrow's ESM entry ships no types; its CommonJS build (the copy the driver reads with) does.
import type * as Arrow from 'apache-arrow' with { 'resolution-mode': 'require' };
import { dateText, decimalText, timestampText, type Cell, type ResultColumn, type SparkType } from './result-columns.js';

/** Which types the client asked to receive as native Arrow types (`useArrowNativeTypes`); otherwise they travel as text. */
export interface ArrowNativeTypes {
  decimal: boolean;
  timestamp: boolean;
}

const {
  Bool, DateDay, Decimal, Field, Float32, Float64, Int16, Int32, Int64, Int8, RecordBatch, RecordBatchStreamWriter,
  Schema, Struct, TimeUnit, Timestamp, Utf8, makeData,
} = createRequire(import.meta.url)('apache-arrow') as typeof Arrow;
type Data = Arrow.Data;
type DataType = Arrow.DataType;

const END_OF_STREAM_BYTES = 8;

/**
 * The Arrow IPC schema message for a result, as a warehouse puts it in `arrowSchema` of the
 * result set metadata. Batches (`arrowBatch`) are bare record-batch messages: the driver reads
 * `[schema, ...batches]` as one Arrow stream.
 */
export function arrowSchemaMessage(columns: readonly ResultColumn[], native: ArrowNativeTypes): Buffer {
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, arrowSchema(columns, native));
  writer.finish();
  return Buffer.from(writer.toUint8Array(true).subarray(0, -END_OF_STREAM_BYTES));
}

/** One record-batch message holding `rowCount` rows of column-major `cells`. */
export function arrowBatchMessage(columns: readonly ResultColumn[], cells: readonly Cell[][], rowCount: number, native: ArrowNativeTypes): Buffer {
  const schema = arrowSchema(columns, native);
  const children = columns.map((column, c) => columnData(schema.fields[c]!.type, column.type, cells[c]!, rowCount));
  const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rowCount, nullCount: 0, children }));
  const stream = RecordBatchStreamWriter.writeAll([batch]).toUint8Array(true);
  const schemaLength = arrowSchemaMessage(columns, native).length;
  return Buffer.from(stream.subarray(schemaLength, -END_OF_STREAM_BYTES));
}

function arrowSchema(columns: readonly ResultColumn[], native: ArrowNativeTypes): Arrow.Schema {
  return new Schema(columns.map((column) => new Field(column.name, arrowType(column.type, native), true)));
}

function arrowType(type: SparkType, native: ArrowNativeTypes): DataType {
  switch (type.name) {
    case 'STRING':
      return new Utf8();
    case 'INT':
      return new Int32();
    case 'BIGINT':
      return new Int64();
    case 'SMALLINT':
      return new Int16();
    case 'TINYINT':
      return new Int8();
    case 'DOUBLE':
      return new Float64();
    case 'FLOAT':
      return new Float32();
    case 'DATE':
      return new DateDay();
    case 'BOOLEAN':
      return new Bool();
    case 'DECIMAL':
      return native.decimal ? new Decimal(type.scale, type.precision, 128) : new Utf8();
    case 'TIMESTAMP':
      return native.timestamp ? new Timestamp(TimeUnit.MICROSECOND, 'Etc/UTC') : new Utf8();
  }
}

function columnData(arrow: DataType, type: SparkType, cells: readonly Cell[], length: number): Data {
  const validity = new Uint8Array(Math.ceil(length / 8));
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (cells[i] === null) nullCount++;
    else validity[i >> 3]! |= 1 << (i & 7);
  }
  const common = { length, nullCount, nullBitmap: validity };
  if (arrow instanceof Utf8) return utf8Data(arrow, cells, length, type, common);
  if (arrow instanceof Bool) {
    const bits = new Uint8Array(Math.ceil(length / 8));
    for (let i = 0; i < length; i++) if (cells[i] === true) bits[i >> 3]! |= 1 << (i & 7);
    return makeData({ type: arrow, ...common, data: bits });
  }
  if (arrow instanceof Decimal) {
    const words = new Uint32Array(length * 4);
    for (let i = 0; i < length; i++) {
      const unscaled = BigInt.asUintN(128, (cells[i] as bigint | null) ?? 0n);
      for (let w = 0; w < 4; w++) words[i * 4 + w] = Number((unscaled >> BigInt(32 * w)) & 0xffffffffn);
    }
    return makeData({ type: arrow, ...common, data: words });
  }
  if (arrow instanceof Int64 || arrow instanceof Timestamp) {
    const data = BigInt64Array.from({ length }, (_, i) => (cells[i] as bigint | null) ?? 0n);
    return makeData({ type: arrow as Arrow.Int64, ...common, data });
  }
  const Typed = arrow instanceof Int32 || arrow instanceof DateDay ? Int32Array
    : arrow instanceof Int16 ? Int16Array
    : arrow instanceof Int8 ? Int8Array
    : arrow instanceof Float32 ? Float32Array
    : Float64Array;
  const data = new Typed(length);
  for (let i = 0; i < length; i++) data[i] = (cells[i] as number | null) ?? 0;
  return makeData({ type: arrow as Arrow.Int32, ...common, data: data as Int32Array });
}

function utf8Data(arrow: Arrow.Utf8, cells: readonly Cell[], length: number, type: SparkType, common: { length: number; nullCount: number; nullBitmap: Uint8Array }): Data {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const offsets = new Int32Array(length + 1);
  let total = 0;
  for (let i = 0; i < length; i++) {
    const cell = cells[i];
    if (cell !== null && cell !== undefined) {
      const bytes = encoder.encode(textOf(cell, type));
      parts.push(bytes);
      total += bytes.length;
    }
    offsets[i + 1] = total;
  }
  const data = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    data.set(part, at);
    at += part.length;
  }
  return makeData({ type: arrow, ...common, valueOffsets: offsets, data });
}

/** Text for a STRING cell, or for a DECIMAL/TIMESTAMP the client wants as text. */
function textOf(cell: Exclude<Cell, null>, type: SparkType): string {
  if (type.name === 'DECIMAL') return decimalText(cell as bigint, type.scale);
  if (type.name === 'TIMESTAMP') return timestampText(cell as bigint);
  if (type.name === 'DATE') return dateText(cell as number);
  return String(cell);
}
