import type { CellValue } from '@kineo/core';
import type { ExportTable } from './export-table.js';

/** Byte order mark: without it Excel reads UTF-8 CSV as the machine's legacy code page. */
const BOM = '\uFEFF';

/**
 * First characters that make a spreadsheet treat a cell as a formula (`=`, `+`, `-`, `@`) or that
 * some of them strip before doing so (tab, carriage return). A string cell starting with one gets a
 * leading `'`, so `=HYPERLINK(…)` typed into a course name is shown as text, never run.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One cell as text: numbers and booleans as the API returns them, strings neutralised, null empty. */
function cell(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return field(FORMULA_START.test(value) ? `'${value}` : value);
  return String(value);
}

/**
 * RFC 4180 CSV of a result: UTF-8 with a byte order mark, CRLF line ends, a header of the result's
 * column names, fields quoted only when they hold a quote, comma or line break. Values are those
 * the API returns (dates `YYYY-MM-DD`, timestamps ISO-8601); header names are neutralised like
 * any string cell.
 */
export function toCsv(table: ExportTable): string {
  const lines = [table.columns.map((column) => cell(column.name)).join(',')];
  for (let row = 0; row < table.rowCount; row++) lines.push(table.data.map((values) => cell(values[row] ?? null)).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}
