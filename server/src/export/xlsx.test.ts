import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { strFromU8, unzipSync } from 'fflate';
import { xmlProblems } from '../testing/xml-well-formed.js';
import type { ExportTable } from './export-table.js';
import { excelSerial, sheetNameOf, toXlsx } from './xlsx.js';

const table: ExportTable = {
  columns: [
    { name: 'course_name', type: 'string' },
    { name: 'enrolments', type: 'integer' },
    { name: 'completion_rate', type: 'number' },
    { name: 'due_date', type: 'date' },
    { name: 'mandatory', type: 'boolean' },
    { name: 'completed_at', type: 'timestamp' },
  ],
  data: [
    ['Safety <basics> & "more"', '=HYPERLINK("http://x")', 'bell\u0007 and \uFFFE gone', 'emoji 🎓 kept'],
    [120, 0, -3, null],
    [0.8125, 1, 0, null],
    ['2026-10-31', '1900-03-01', null, '2000-01-01'],
    [true, false, null, true],
    ['2026-10-31T12:00:00.000Z', null, null, null],
  ],
  rowCount: 4,
};

function unpack(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([name, content]) => [name, strFromU8(content)]));
}

/** Cells of the sheet by reference, e.g. `B2` → `<c r="B2">…</c>`. */
function cells(sheet: string): Map<string, string> {
  return new Map([...sheet.matchAll(/<c r="([A-Z]+\d+)"[^>]*>.*?<\/c>/g)].map((m) => [m[1]!, m[0]]));
}

describe('toXlsx', () => {
  const files = unpack(toXlsx(table, 'Completion rate by course'));

  test('is a zip of the six parts of a workbook, each well-formed XML', () => {
    assert.deepEqual(Object.keys(files).sort(), [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    for (const [name, xml] of Object.entries(files)) assert.deepEqual(xmlProblems(xml), [], name);
    assert.match(files['[Content_Types].xml']!, /PartName="\/xl\/worksheets\/sheet1.xml" ContentType="application\/vnd.openxmlformats-officedocument.spreadsheetml.worksheet\+xml"/);
    assert.match(files['_rels/.rels']!, /Target="xl\/workbook.xml"/);
    assert.match(files['xl/_rels/workbook.xml.rels']!, /Target="worksheets\/sheet1.xml"/);
    assert.match(files['xl/_rels/workbook.xml.rels']!, /Target="styles.xml"/);
  });

  test('the header row holds the column names in bold', () => {
    const sheet = files['xl/worksheets/sheet1.xml']!;
    const header = /<row r="1">(.*?)<\/row>/.exec(sheet)![1]!;
    const names = [...header.matchAll(/<t xml:space="preserve">(.*?)<\/t>/g)].map((m) => m[1]);
    assert.deepEqual(names, table.columns.map((c) => c.name));
    const styles = [...header.matchAll(/ s="(\d+)"/g)].map((m) => Number(m[1]));
    assert.equal(styles.length, table.columns.length);
    const xfs = [...files['xl/styles.xml']!.matchAll(/<cellXfs[^>]*>(.*?)<\/cellXfs>/g)][0]![1]!.match(/<xf [^>]*\/>/g)!;
    const fonts = files['xl/styles.xml']!.match(/<font>.*?<\/font>/g)!;
    for (const style of new Set(styles)) {
      const fontId = Number(/fontId="(\d+)"/.exec(xfs[style]!)![1]);
      assert.match(fonts[fontId]!, /<b\/>/, 'header font is bold');
    }
    assert.match(sheet, /<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
  });

  test('numbers are numeric cells, strings inline strings (escaped, never formulas)', () => {
    const sheet = cells(files['xl/worksheets/sheet1.xml']!);
    assert.equal(sheet.get('B2'), '<c r="B2"><v>120</v></c>');
    assert.equal(sheet.get('C2'), '<c r="C2"><v>0.8125</v></c>');
    assert.equal(sheet.get('B4'), '<c r="B4"><v>-3</v></c>');
    assert.equal(sheet.get('A2'), '<c r="A2" t="inlineStr"><is><t xml:space="preserve">Safety &lt;basics&gt; &amp; &quot;more&quot;</t></is></c>');
    assert.match(sheet.get('A3')!, /t="inlineStr".*=HYPERLINK\(&quot;http:\/\/x&quot;\)/);
    assert.ok(![...sheet.values()].some((cell) => cell.includes('<f>')), 'no formula cells');
    assert.equal(sheet.get('A4'), '<c r="A4" t="inlineStr"><is><t xml:space="preserve">bell and  gone</t></is></c>', 'invalid XML characters are stripped');
    assert.match(sheet.get('A5')!, /emoji 🎓 kept/);
  });

  test('dates and timestamps are date cells with a date format; booleans are booleans; nulls are empty', () => {
    const sheet = cells(files['xl/worksheets/sheet1.xml']!);
    const styles = files['xl/styles.xml']!;
    const xfs = /<cellXfs[^>]*>(.*?)<\/cellXfs>/.exec(styles)![1]!.match(/<xf [^>]*\/>/g)!;
    const formatOf = (cell: string) => {
      const style = Number(/ s="(\d+)"/.exec(cell)![1]);
      const id = /numFmtId="(\d+)"/.exec(xfs[style]!)![1];
      return new RegExp(`<numFmt numFmtId="${id}" formatCode="([^"]+)"/>`).exec(styles)![1];
    };
    assert.match(sheet.get('D2')!, /<v>46326<\/v>/, '2026-10-31 is serial day 46326');
    assert.equal(formatOf(sheet.get('D2')!), 'yyyy-mm-dd');
    assert.match(sheet.get('D3')!, /<v>61<\/v>/, '1900-03-01 is serial day 61');
    assert.match(sheet.get('D5')!, /<v>36526<\/v>/);
    assert.match(sheet.get('F2')!, /<v>46326.5<\/v>/);
    assert.equal(formatOf(sheet.get('F2')!), 'yyyy-mm-dd hh:mm:ss');
    assert.equal(sheet.get('E2'), '<c r="E2" t="b"><v>1</v></c>');
    assert.equal(sheet.get('E3'), '<c r="E3" t="b"><v>0</v></c>');
    for (const empty of ['B5', 'C5', 'D4', 'E4', 'F3']) assert.equal(sheet.get(empty), undefined, `${empty} is empty`);
    assert.match(files['xl/worksheets/sheet1.xml']!, /<dimension ref="A1:F5"\/>/);
  });

  test('the sheet is named after the title', () => {
    assert.match(files['xl/workbook.xml']!, /<sheet name="Completion rate by course" sheetId="1" r:id="rId1"\/>/);
  });

  test('an empty result is a header row only', () => {
    const empty = unpack(toXlsx({ columns: table.columns, data: table.columns.map(() => []), rowCount: 0 }, 'Nothing'));
    const sheet = empty['xl/worksheets/sheet1.xml']!;
    assert.deepEqual(xmlProblems(sheet), []);
    assert.equal(sheet.match(/<row /g)!.length, 1);
  });

  test('columns past Z are lettered AA, AB, …', () => {
    const wide: ExportTable = {
      columns: Array.from({ length: 28 }, (_, i) => ({ name: `c${i}`, type: 'integer' as const })),
      data: Array.from({ length: 28 }, (_, i) => [i]),
      rowCount: 1,
    };
    const sheet = cells(unpack(toXlsx(wide, 'Wide'))['xl/worksheets/sheet1.xml']!);
    assert.equal(sheet.get('Z2'), '<c r="Z2"><v>25</v></c>');
    assert.equal(sheet.get('AB2'), '<c r="AB2"><v>27</v></c>');
  });
});

describe('sheetNameOf', () => {
  test('drops the characters Excel forbids and cuts at 31 characters', () => {
    assert.equal(sheetNameOf('Completion [rate]: by course/*?\\'), 'Completion rate by course');
    assert.equal(sheetNameOf('Certifications expiring in the next 90 days'), 'Certifications expiring in the');
    assert.ok(sheetNameOf('Certifications expiring in the next 90 days').length <= 31);
    assert.equal(sheetNameOf("'Quoted'"), 'Quoted');
    assert.equal(sheetNameOf('[]:*?/\\'), 'Data');
  });
});

describe('excelSerial', () => {
  test('counts days from Excel’s epoch', () => {
    assert.equal(excelSerial('1900-03-01'), 61);
    assert.equal(excelSerial('2026-01-01T06:00:00Z'), 46023.25);
    assert.equal(excelSerial('not a date'), undefined);
  });
});

describe('the test’s XML check', () => {
  test('catches what a parser would refuse', () => {
    assert.deepEqual(xmlProblems('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1"><b/>text &amp; more</a>'), []);
    for (const broken of ['<a><b></a></b>', '<a>x & y</a>', '<a x="1" x="2"/>', '<a/><b/>', '<a>\u0001</a>', '<a x="<"/>', '<a>', 'text'])
      assert.notDeepEqual(xmlProblems(broken), [], broken);
  });
});
