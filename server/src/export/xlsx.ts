import { strToU8, zipSync } from 'fflate';
import type { CellValue, ColumnType } from '@kineo/core';
import type { ExportTable } from './export-table.js';

// A minimal SpreadsheetML (Office Open XML) workbook: one sheet, inline strings, four cell
// styles. Written by hand so the app needs no Node-only library and runs on edge runtimes.

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Indexes into `cellXfs` of styles.xml. */
const STYLE = { header: 1, date: 2, timestamp: 3 } as const;

/** Excel's limit on a sheet name's length. */
const MAX_SHEET_NAME = 31;
/** Excel's limit on a cell's text. */
const MAX_CELL_TEXT = 32_767;

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/FFFF). */
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/**
 * A title made a valid sheet name: no `[ ] : * ? / \`, no leading or trailing apostrophe, at
 * most 31 characters, never empty.
 */
export function sheetNameOf(title: string): string {
  const name = title
    .replace(INVALID_XML_CHARS, '')
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_SHEET_NAME)
    .replace(/^'+|'+$/g, '')
    .trim();
  return name || 'Data';
}

/** `A`, `B`, …, `Z`, `AA`, … for a 0-based column index. */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const MS_PER_DAY = 86_400_000;
/** Day 0 of Excel's 1900 date system for every date from 1900-03-01 on (Excel counts a 1900-02-29 that never was). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A `YYYY-MM-DD` date or ISO timestamp as an Excel serial day number (UTC), or undefined if it is not one. */
export function excelSerial(value: string): number | undefined {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) return undefined;
  return (ms - EXCEL_EPOCH_MS) / MS_PER_DAY;
}

function inlineString(ref: string, text: string, style?: number): string {
  const s = style === undefined ? '' : ` s="${style}"`;
  return `<c r="${ref}" t="inlineStr"${s}><is><t xml:space="preserve">${xmlText(text.slice(0, MAX_CELL_TEXT))}</t></is></c>`;
}

function cellXml(ref: string, type: ColumnType, value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"><v>${value}</v></c>` : '';
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  if (type === 'date' || type === 'timestamp') {
    const serial = excelSerial(value);
    if (serial !== undefined) return `<c r="${ref}" s="${type === 'date' ? STYLE.date : STYLE.timestamp}"><v>${serial}</v></c>`;
  }
  return inlineString(ref, value);
}

/** Column widths from the longest text in each column (header included), within reason. */
function columnWidths(table: ExportTable): number[] {
  return table.columns.map((column, c) => {
    let longest = column.name.length;
    if (column.type === 'date') longest = Math.max(longest, 10);
    else if (column.type === 'timestamp') longest = Math.max(longest, 19);
    else for (const value of table.data[c] ?? []) if (value !== null) longest = Math.max(longest, String(value).length);
    return Math.min(Math.max(longest + 2, 8), 60);
  });
}

function sheetXml(table: ExportTable): string {
  const rows: string[] = [];
  rows.push(`<row r="1">${table.columns.map((column, c) => inlineString(`${columnLetters(c)}1`, column.name, STYLE.header)).join('')}</row>`);
  for (let r = 0; r < table.rowCount; r++) {
    const cells = table.columns.map((column, c) => cellXml(`${columnLetters(c)}${r + 2}`, column.type, table.data[c]?.[r] ?? null));
    rows.push(`<row r="${r + 2}">${cells.join('')}</row>`);
  }
  const cols = columnWidths(table)
    .map((width, c) => `<col min="${c + 1}" max="${c + 1}" width="${width}" customWidth="1"/>`)
    .join('');
  const last = `${columnLetters(Math.max(table.columns.length - 1, 0))}${table.rowCount + 1}`;
  return (
    XML_DECLARATION +
    `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<dimension ref="A1:${last}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${rows.join('')}</sheetData>` +
    '</worksheet>'
  );
}

const CONTENT_TYPES =
  XML_DECLARATION +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';

const ROOT_RELS =
  XML_DECLARATION +
  `<Relationships xmlns="${PACKAGE_REL_NS}">` +
  `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
  '</Relationships>';

const WORKBOOK_RELS =
  XML_DECLARATION +
  `<Relationships xmlns="${PACKAGE_REL_NS}">` +
  `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>` +
  '</Relationships>';

const STYLES =
  XML_DECLARATION +
  `<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

function workbookXml(sheetName: string): string {
  return (
    XML_DECLARATION +
    `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets>` +
    '</workbook>'
  );
}

/**
 * An .xlsx workbook of one sheet holding a result: a bold header row of column names (frozen),
 * numbers as numeric cells, strings as inline strings (never formulas), dates and timestamps as
 * real date cells with a date format, booleans as boolean cells, nulls as empty cells.
 */
export function toXlsx(table: ExportTable, sheetTitle: string): Uint8Array<ArrayBuffer> {
  return zipSync(
    {
      '[Content_Types].xml': strToU8(CONTENT_TYPES),
      '_rels/.rels': strToU8(ROOT_RELS),
      'xl/workbook.xml': strToU8(workbookXml(sheetNameOf(sheetTitle))),
      'xl/_rels/workbook.xml.rels': strToU8(WORKBOOK_RELS),
      'xl/styles.xml': strToU8(STYLES),
      'xl/worksheets/sheet1.xml': strToU8(sheetXml(table)),
    },
    { level: 6 },
  );
}
