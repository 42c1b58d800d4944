import { datumFields } from './row-index.js';

/** A tooltip value (what a spec's `tooltip` encoding evaluates to) as a heading and label/value rows. */
export interface TooltipContent {
  title?: string;
  rows: [label: string, value: string][];
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (Array.isArray(value)) return value.map(text).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Reads a tooltip value the way vega-tooltip does: an object's entries become rows (its `title`
 * entry the heading), anything else one line. Vega-Lite formats the values already.
 */
export function tooltipContent(value: unknown): TooltipContent | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || value instanceof Date || Array.isArray(value)) return { title: text(value), rows: [] };
  const { title, ...fields } = datumFields(value as Record<string, unknown>);
  const rows = Object.entries(fields).map(([label, v]): [string, string] => [label, text(v)]);
  const heading = title === undefined ? undefined : text(title);
  return heading === undefined && rows.length === 0 ? undefined : { ...(heading !== undefined ? { title: heading } : {}), rows };
}

/** One line for a screen reader: "Course: Fire safety, Completion rate: 82.5%". */
export function tooltipSentence(content: TooltipContent): string {
  return [...(content.title ? [content.title] : []), ...content.rows.map(([label, value]) => `${label}: ${value}`)].join(', ');
}
