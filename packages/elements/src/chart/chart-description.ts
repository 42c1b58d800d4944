import type { QueryResult, ResultColumn, ValueFormat } from '@kineo/core';
import { humaniseField, type DisplayColumn } from '../table/rows-table.js';

/** The parts of a Vega-Lite field definition read here. */
interface FieldDef {
  field?: unknown;
  type?: unknown;
  title?: unknown;
  format?: unknown;
  timeUnit?: unknown;
}

type Spec = Readonly<Record<string, unknown>> | undefined;

const POSITION_CHANNELS = ['x', 'y', 'theta', 'color', 'size', 'shape', 'x2', 'y2', 'text'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldDefs(value: unknown): FieldDef[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

function encodingOf(spec: Spec): Record<string, unknown> {
  return isRecord(spec?.['encoding']) ? spec['encoding'] : {};
}

function markTypeOf(spec: Spec): { type: string | undefined; innerRadius: boolean } {
  const mark = spec?.['mark'];
  if (typeof mark === 'string') return { type: mark, innerRadius: false };
  if (isRecord(mark)) return { type: typeof mark['type'] === 'string' ? mark['type'] : undefined, innerRadius: Number(mark['innerRadius'] ?? 0) > 0 };
  return { type: undefined, innerRadius: false };
}

/** The value format a column has in the chart (its tooltip's or axis's d3 format), else by its type. */
function formatOf(definitions: readonly FieldDef[], column: ResultColumn | undefined): ValueFormat | undefined {
  for (const definition of definitions) {
    if (typeof definition.format === 'string' && definition.format.includes('%')) return 'percent';
    if (definition.type === 'temporal') return 'date';
  }
  switch (column?.type) {
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'date':
    case 'timestamp':
      return 'date';
    default:
      return column ? 'text' : undefined;
  }
}

/**
 * The columns of a chart's "view as table": the fields the chart shows (its tooltip first, in the
 * tooltip's order, then the other encoded fields), titled and formatted as the chart does; every
 * result column when the spec encodes none of them.
 */
export function chartTableColumns(spec: Spec, result: Pick<QueryResult, 'columns'>): DisplayColumn[] {
  const encoding = encodingOf(spec);
  const byField = new Map<string, FieldDef[]>();
  const order: string[] = [];
  const add = (definition: FieldDef) => {
    if (typeof definition.field !== 'string') return;
    if (!byField.has(definition.field)) {
      byField.set(definition.field, []);
      order.push(definition.field);
    }
    byField.get(definition.field)!.push(definition);
  };
  fieldDefs(encoding['tooltip']).forEach(add);
  for (const channel of POSITION_CHANNELS) fieldDefs(encoding[channel]).forEach(add);

  const known = new Map(result.columns.map((column) => [column.name, column]));
  const fields = order.filter((field) => known.has(field));
  if (fields.length === 0) return result.columns.map((column) => ({ field: column.name, label: humaniseField(column.name), format: formatOf([], column) }));
  return fields.map((field) => {
    const definitions = byField.get(field)!;
    const title = definitions.map((d) => d.title).find((t): t is string => typeof t === 'string' && t.trim() !== '');
    const format = formatOf(definitions, known.get(field));
    return { field, label: title ?? humaniseField(field), ...(format && { format }) };
  });
}

function chartKind(spec: Spec): string {
  const { type, innerRadius } = markTypeOf(spec);
  switch (type) {
    case 'bar':
      return 'Bar chart';
    case 'line':
      return 'Line chart';
    case 'area':
      return 'Area chart';
    case 'arc':
      return innerRadius ? 'Donut chart' : 'Pie chart';
    case 'point':
    case 'circle':
    case 'square':
      return 'Scatter plot';
    case 'rect':
      return 'Heat map';
    default:
      return 'Chart';
  }
}

function distinct(rows: readonly Readonly<Record<string, unknown>>[], field: string): number {
  return new Set(rows.map((row) => row[field])).size;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function timeNoun(timeUnit: unknown): [string, string] {
  const unit = typeof timeUnit === 'string' ? timeUnit : '';
  if (unit.endsWith('month')) return ['month', 'months'];
  if (unit === 'year') return ['year', 'years'];
  if (unit.endsWith('quarter')) return ['quarter', 'quarters'];
  if (unit.endsWith('week')) return ['week', 'weeks'];
  return ['date', 'dates'];
}

/**
 * A one-sentence summary of what a chart shows, for its accessible description:
 * "Bar chart with 5 categories.", "Bar chart with 19 categories in 4 colour groups.", "Line chart
 * with 2 series over 36 months.", "Scatter plot with 47 points.", "Donut chart with 4 categories."
 */
export function summariseChart(spec: Spec, rows: readonly Readonly<Record<string, unknown>>[]): string {
  const kind = chartKind(spec);
  const encoding = encodingOf(spec);
  const channel = (name: string): FieldDef | undefined => fieldDefs(encoding[name])[0];
  const isDiscrete = (def: FieldDef | undefined) => def?.type === 'nominal' || def?.type === 'ordinal';
  const { type } = markTypeOf(spec);

  const category = type === 'arc' ? channel('color') : [channel('y'), channel('x')].find(isDiscrete);
  const color = channel('color');
  const series = color !== category && isDiscrete(color) && typeof color?.field === 'string' ? distinct(rows, color.field) : 0;
  const seriesText = series > 1 ? ` ${plural(series, 'series', 'series')}` : '';

  if (typeof category?.field === 'string') {
    const text = `${kind} with ${plural(distinct(rows, category.field), 'category', 'categories')}`;
    return `${text}${series > 1 ? ` in ${plural(series, 'colour group', 'colour groups')}` : ''}.`;
  }
  const time = [channel('x'), channel('y')].find((def) => def?.type === 'temporal');
  if (typeof time?.field === 'string') {
    const [one, many] = timeNoun(time.timeUnit);
    return `${kind} with${seriesText || ` ${plural(rows.length, 'value', 'values')}`} over ${plural(distinct(rows, time.field), one, many)}.`;
  }
  return `${kind} with ${plural(rows.length, 'point', 'points')}.`;
}
