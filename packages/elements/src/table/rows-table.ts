import { html, nothing, type TemplateResult } from 'lit';
import type { ValueFormat } from '@kineo/core';
import { renderValue } from '../format/value-template.js';

/** A column as a table shows it. */
export interface DisplayColumn {
  /** The result column (row key). */
  field: string;
  /** The header text. */
  label: string;
  format?: ValueFormat;
}

export type SortDirection = 'asc' | 'desc';

export interface TableSort {
  column: string;
  direction: SortDirection;
}

/** What `renderRowsTable` draws. */
export interface RowsTableOptions {
  /** The table's caption (visually hidden: the panel's heading shows the same words). */
  caption: string;
  columns: readonly DisplayColumn[];
  rows: readonly Readonly<Record<string, unknown>>[];
  locale: string;
  /** The sort the rows are in, shown with `aria-sort` and an arrow. */
  sort?: TableSort | undefined;
  /** When given, each header is a button that asks for this column's next sort. */
  onSort?: ((column: string) => void) | undefined;
  /** True while newer rows load: the region is `aria-busy` and dimmed. */
  busy?: boolean;
}

const NUMERIC_FORMATS = new Set<ValueFormat>(['number', 'integer', 'percent', 'minutes']);

/** A field name as a header: `course_name` → `Course name`. */
export function humaniseField(field: string): string {
  const words = field.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return words.length === 0 ? field : words[0]!.toUpperCase() + words.slice(1);
}

/** The sort a click on `column` asks for: ascending first, then it flips. */
export function nextSort(current: TableSort | undefined, column: string): TableSort {
  return { column, direction: current?.column === column && current.direction === 'asc' ? 'desc' : 'asc' };
}

function ariaSort(sort: TableSort | undefined, column: string): 'ascending' | 'descending' | typeof nothing {
  if (sort?.column !== column) return nothing;
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}

/**
 * Rows as a real `<table>`: a caption, `<th scope="col">` headers (sort buttons when sortable, with
 * `aria-sort` on the sorted one), values formatted for the locale, numbers aligned right. A wide
 * table scrolls sideways inside its own box (focusable and named, so keyboard users can scroll
 * it), never the whole panel. The box is a named group, not a region: the panel around it is
 * already the region with that name.
 */
export function renderRowsTable(options: RowsTableOptions): TemplateResult {
  const { caption, columns, rows, locale, sort, onSort, busy = false } = options;
  const numeric = (column: DisplayColumn) => (column.format && NUMERIC_FORMATS.has(column.format) ? 'numeric' : '');
  return html`
    <div part="table" class="table-region" role="group" aria-label=${caption} tabindex="0" aria-busy=${busy ? 'true' : 'false'}>
      <table>
        <caption class="visually-hidden">${caption}</caption>
        <thead>
          <tr>
            ${columns.map(
              (column) => html`<th scope="col" class=${numeric(column)} aria-sort=${ariaSort(sort, column.field)}>
                ${onSort
                  ? html`<button type="button" class="sort" data-column=${column.field} @click=${() => onSort(column.field)}>
                      ${column.label}<span class="sort-arrow" aria-hidden="true">${sort?.column === column.field ? (sort.direction === 'asc' ? '▲' : '▼') : ''}</span>
                    </button>`
                  : column.label}
              </th>`,
            )}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) => html`<tr>
              ${columns.map((column) => html`<td class=${numeric(column)}>${renderValue(row[column.field], column.format, locale)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  `;
}
