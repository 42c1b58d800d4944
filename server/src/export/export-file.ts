import type { ExportFormat } from '@kineo/core';
import { toCsv } from './csv.js';
import type { ExportTable } from './export-table.js';
import { toXlsx } from './xlsx.js';

export interface ExportFile {
  body: string | Uint8Array<ArrayBuffer>;
  contentType: string;
  /** `<dashboard>-<panel>-<YYYY-MM-DD>.<ext>`: ids are lower-case slugs, safe in a header. */
  fileName: string;
}

export interface ExportNaming {
  dashboard: string;
  panel: string;
  /** The panel's (or its drill level's) title: the workbook's sheet name. */
  title: string;
  /** The day of the export (UTC), in the file name. */
  date: Date;
}

const formats = {
  csv: { extension: 'csv', contentType: 'text/csv; charset=utf-8; header=present', write: (table: ExportTable) => toCsv(table) },
  xlsx: {
    extension: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    write: (table: ExportTable, title: string) => toXlsx(table, title),
  },
} as const satisfies Record<ExportFormat, unknown>;

/** A result written as a file of the requested format, with its content type and file name. */
export function exportFile(format: ExportFormat, table: ExportTable, naming: ExportNaming): ExportFile {
  const { extension, contentType, write } = formats[format];
  const day = naming.date.toISOString().slice(0, 10);
  return { body: write(table, naming.title), contentType, fileName: `${naming.dashboard}-${naming.panel}-${day}.${extension}` };
}
