import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { thrift } from '@databricks/sql';
import { DatabricksEngineError } from './databricks-engine-error.js';
import { resultColumns, toCellValue, type ResultSchema } from './result-values.js';

const { TTypeId } = thrift.TCLIService_types;

function schemaOf(columns: Array<[name: string, type: number]>): ResultSchema {
  return {
    // Listed out of order on purpose: `position` decides.
    columns: columns
      .map(([columnName, type], i) => ({ columnName, position: i + 1, typeDesc: { types: [{ primitiveEntry: { type } }] } }))
      .reverse(),
  };
}

describe('result columns', () => {
  test('Spark types map to the column types the DuckDB engine reports, in position order', () => {
    const columns = resultColumns(
      schemaOf([
        ['i', TTypeId.INT_TYPE],
        ['b', TTypeId.BIGINT_TYPE],
        ['s', TTypeId.SMALLINT_TYPE],
        ['d', TTypeId.DOUBLE_TYPE],
        ['m', TTypeId.DECIMAL_TYPE],
        ['f', TTypeId.FLOAT_TYPE],
        ['day', TTypeId.DATE_TYPE],
        ['ts', TTypeId.TIMESTAMP_TYPE],
        ['flag', TTypeId.BOOLEAN_TYPE],
        ['text', TTypeId.STRING_TYPE],
        ['nothing', TTypeId.NULL_TYPE],
      ]),
    );
    assert.deepEqual(
      columns.map((c) => `${c.name}:${c.type}`),
      [
        'i:integer',
        'b:integer',
        's:integer',
        'd:number',
        'm:number',
        'f:number',
        'day:date',
        'ts:timestamp',
        'flag:boolean',
        'text:string',
        'nothing:string',
      ],
    );
  });

  test('no schema means no columns; duplicate names are refused (the driver keys rows by name)', () => {
    assert.deepEqual(resultColumns(null), []);
    assert.throws(
      () => resultColumns(schemaOf([['x', TTypeId.INT_TYPE], ['x', TTypeId.STRING_TYPE]])),
      (error: unknown) => error instanceof DatabricksEngineError && error.detail === 'DUPLICATE_COLUMN_NAMES',
    );
  });
});

describe('cell values', () => {
  test('both result formats give the same JSON values (Arrow: Date objects; Thrift columns: strings)', () => {
    const cases: Array<[unknown, unknown, Parameters<typeof toCellValue>[1], unknown]> = [
      // [Arrow value, column value, type, expected]
      [new Date(Date.UTC(2024, 1, 29)), '2024-02-29', 'date', '2024-02-29'],
      [new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), '2024-01-02 03:04:05.678901', 'timestamp', '2024-01-02T03:04:05.678Z'],
      [12.5, '12.50', 'number', 12.5],
      [9007199254740991, 9007199254740991n, 'integer', 9007199254740991],
      [true, true, 'boolean', true],
      ['Ünïcode', 'Ünïcode', 'string', 'Ünïcode'],
      [null, null, 'date', null],
    ];
    for (const [arrow, columnValue, type, expected] of cases) {
      assert.deepEqual(toCellValue(arrow, type), expected, `arrow ${type}`);
      assert.deepEqual(toCellValue(columnValue, type), expected, `columns ${type}`);
    }
  });

  test('timestamps: whole seconds, minutes only, and explicit zones', () => {
    assert.equal(toCellValue('2024-05-06 07:08:09', 'timestamp'), '2024-05-06T07:08:09.000Z');
    assert.equal(toCellValue('2024-05-06T07:08', 'timestamp'), '2024-05-06T07:08:00.000Z');
    assert.equal(toCellValue('2024-05-06 09:08:09+02:00', 'timestamp'), '2024-05-06T07:08:09.000Z');
    assert.equal(toCellValue(Date.UTC(2024, 4, 6), 'timestamp'), '2024-05-06T00:00:00.000Z');
  });

  test('numbers from every driver shape', () => {
    assert.equal(toCellValue('-0.0001', 'number'), -0.0001);
    assert.equal(toCellValue(42n, 'integer'), 42);
    assert.equal(toCellValue({ toNumber: () => 7 }, 'integer'), 7);
    assert.equal(toCellValue(Date.UTC(2023, 11, 31), 'date'), '2023-12-31');
  });

  test('strings: complex values as JSON, binary as UTF-8', () => {
    assert.equal(toCellValue(['a', 'b'], 'string'), '["a","b"]');
    assert.equal(toCellValue(Buffer.from('bytes'), 'string'), 'bytes');
    assert.equal(toCellValue(3, 'string'), '3');
  });
});
