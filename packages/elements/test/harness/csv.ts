// Reading the API's CSV exports back, to compare them with the rows the API returns as JSON.
import type { CellValue, QueryResult } from '@kineo/core';

/** RFC 4180 CSV (optional byte order mark, CRLF or LF line ends, quoted fields) → rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  for (; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** Starts a spreadsheet reads as a formula: the export prefixes such text cells with `'`. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Checks that `csv` holds exactly `result`'s columns and rows, in order: numbers as the API sends
 * them, null as an empty field, text that looks like a formula with the export's leading `'`.
 * Throws with the first difference.
 */
export function assertCsvEqualsResult(csv: string, result: Pick<QueryResult, 'columns' | 'data' | 'rowCount'>, what: string): void {
  const rows = parseCsv(csv);
  const header = rows.shift();
  const names = result.columns.map((column) => column.name);
  if (JSON.stringify(header) !== JSON.stringify(names))
    throw new Error(`${what}: CSV header ${JSON.stringify(header)} is not the result's columns ${JSON.stringify(names)}`);
  if (rows.length !== result.rowCount) throw new Error(`${what}: CSV has ${rows.length} rows, the panel ${result.rowCount}`);
  rows.forEach((fields, r) => {
    result.columns.forEach((column, c) => {
      const expected = csvText(result.data[c]![r] ?? null);
      if (fields[c] !== expected)
        throw new Error(`${what}: row ${r + 1}, column ${column.name}: CSV has ${JSON.stringify(fields[c])}, the panel ${JSON.stringify(expected)}`);
    });
  });
}

function csvText(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return FORMULA_START.test(value) ? `'${value}` : value;
  return String(value);
}
