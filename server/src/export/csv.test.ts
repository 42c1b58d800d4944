import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toCsv } from './csv.js';

describe('toCsv', () => {
  test('RFC 4180 with a BOM and CRLF: header of column names, quoting only where needed', () => {
    const csv = toCsv({
      columns: [
        { name: 'course_name', type: 'string' },
        { name: 'enrolments', type: 'integer' },
        { name: 'completion_rate', type: 'number' },
        { name: 'due_date', type: 'date' },
        { name: 'mandatory', type: 'boolean' },
      ],
      data: [
        ['Safety, basics', 'The "Lean" way', 'Line\nbreak', 'Plain'],
        [120, 0, null, 7],
        [0.8125, 1, 0.5, 0],
        ['2026-10-31', null, '2026-01-01', '2026-02-28'],
        [true, false, null, true],
      ],
      rowCount: 4,
    });
    assert.ok(csv.startsWith('\uFEFF'), 'UTF-8 BOM for Excel');
    assert.equal(
      csv.slice(1),
      'course_name,enrolments,completion_rate,due_date,mandatory\r\n' +
        '"Safety, basics",120,0.8125,2026-10-31,true\r\n' +
        '"The ""Lean"" way",0,1,,false\r\n' +
        '"Line\nbreak",,0.5,2026-01-01,\r\n' +
        'Plain,7,0,2026-02-28,true\r\n',
    );
  });

  test('string cells that a spreadsheet would run as a formula get a leading apostrophe; numbers never', () => {
    const dangerous = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];
    const csv = toCsv({
      columns: [
        { name: 'name', type: 'string' },
        { name: 'delta', type: 'number' },
      ],
      data: [
        [...dangerous, 'a=b', 'ok'],
        [-5, -0.25, 0, 3, 1, 2, -1, 4],
      ],
      rowCount: 8,
    });
    const lines = csv.slice(1).split('\r\n');
    assert.deepEqual(lines.slice(1, -1), [
      `"'=HYPERLINK(""http://evil.example"",""x"")",-5`,
      "'+1+1,-0.25",
      "'-2+3,0",
      "'@SUM(A1),3",
      "'\tTAB,1",
      `"'\rCR",2`,
      'a=b,-1',
      'ok,4',
    ]);
  });

  test('an empty result is the header alone', () => {
    assert.equal(toCsv({ columns: [{ name: 'a', type: 'string' }, { name: 'b', type: 'integer' }], data: [[], []], rowCount: 0 }), '\uFEFFa,b\r\n');
  });
});
