import { html, type TemplateResult } from 'lit';
import type { DrillLevel, PanelView, QueryResult } from '@kineo/core';
import { isNoValue } from '../format/format-value.js';
import { renderValue } from '../format/value-template.js';

/** A KPI level's figure: its value in the first row, with its caption. */
export interface KpiFigure {
  /** The raw value (`null` when the query returned none). */
  value: unknown;
  caption: string | undefined;
}

/**
 * The figure of a KPI level from its result: `kpi.value`'s column in the first row. `undefined`
 * when the result has no such column (a catalog mistake the panel reports as an error).
 */
export function kpiFigure(level: PanelView | DrillLevel, result: QueryResult): KpiFigure | undefined {
  const kpi = level.kpi;
  if (!kpi) return undefined;
  const column = result.columns.findIndex((c) => c.name === kpi.value);
  if (column < 0) return undefined;
  const value = result.rowCount > 0 ? result.data[column]?.[0] ?? null : null;
  return { value, caption: kpi.caption };
}

/**
 * The big number. One paragraph holds the panel's title (visually hidden: the heading shows it),
 * the number and its caption, so a screen reader reads "Completion rate: 68.5% of enrolments
 * completed" as one statement. The raw value is kept machine-readable in `<data value>`.
 */
export function renderKpi(level: PanelView | DrillLevel, figure: KpiFigure, locale: string): TemplateResult {
  const kpi = level.kpi!;
  const machineValue = isNoValue(figure.value) ? '' : String(figure.value);
  return html`<p part="kpi" class="kpi">
    <span class="visually-hidden">${level.title}: </span>
    <data part="kpi-value" class="kpi-value" value=${machineValue}>${renderValue(figure.value, kpi.format, locale)}</data>
    ${figure.caption ? html` <span part="kpi-caption" class="kpi-caption">${figure.caption}</span>` : ''}
  </p>`;
}
