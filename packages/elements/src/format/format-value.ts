import type { ValueFormat } from '@kineo/core';

/** What a missing value (SQL NULL) shows; screen readers get `NO_VALUE_LABEL` instead (see `renderValue`). */
export const NO_VALUE = '—';
/** What assistive technology reads for a missing value. */
export const NO_VALUE_LABEL = 'no value';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/;

// Intl formatters are costly to build and tables format hundreds of cells: one per locale and options.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const listFormats = new Map<string, Intl.ListFormat>();
const checkedLocales = new Map<string, string | undefined>();

/**
 * The locale Intl will accept: `locale` itself, or `undefined` (the runtime's default) when it is
 * not a valid BCP 47 tag — a typo in a `locale` attribute must not break every number on the page.
 */
export function usableLocale(locale: string | undefined): string | undefined {
  if (locale === undefined || locale === '') return undefined;
  if (!checkedLocales.has(locale)) {
    let usable: string | undefined;
    try {
      usable = Intl.getCanonicalLocales(locale)[0];
    } catch {
      usable = undefined;
    }
    checkedLocales.set(locale, usable);
  }
  return checkedLocales.get(locale);
}

function cached<T>(cache: Map<string, T>, locale: string | undefined, options: object, make: (locale: string | undefined) => T): T {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let formatter = cache.get(key);
  if (formatter === undefined) {
    formatter = make(locale);
    cache.set(key, formatter);
  }
  return formatter;
}

function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(numberFormats, locale, options, (l) => new Intl.NumberFormat(l, options));
}

function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(dateFormats, locale, options, (l) => new Intl.DateTimeFormat(l, options));
}

/** A number from a number or a numeric string; `undefined` for anything else. */
function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** True for what shows as `NO_VALUE`: null, undefined, NaN and the empty string. */
export function isNoValue(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value));
}

/**
 * `value` as text for people, in `locale`:
 * - `number`: grouping, one decimal from 10 up, two below (`1,234.5`, `0.82`);
 * - `integer`: rounded, with grouping (`1,235`);
 * - `percent`: a fraction 0–1 as a percentage with at most one decimal (`0.823` → `82.3%`, `82,3 %`);
 * - `minutes`: hours and minutes (`80` → `1 hr 20 mins`, `1 Std., 20 Min.`);
 * - `date`: `YYYY-MM-DD` as a localised date, never shifted by the viewer's time zone
 *   (`2026-01-05` → `5 Jan 2026`, `05.01.2026`); an ISO timestamp as its date where the viewer is;
 * - `text`: as is.
 * Without a format, numbers use `number` and everything else is shown as is. Missing values
 * (null, undefined, NaN, '') are `NO_VALUE`; a value that does not fit its format is shown as is.
 */
export function formatValue(value: unknown, format: ValueFormat | undefined, locale: string | undefined): string {
  if (isNoValue(value)) return NO_VALUE;
  const l = usableLocale(locale);
  switch (format ?? (typeof value === 'number' ? 'number' : 'text')) {
    case 'number': {
      const n = numeric(value);
      return n === undefined ? String(value) : formatNumber(n, l);
    }
    case 'integer': {
      const n = numeric(value);
      return n === undefined ? String(value) : formatCount(n, l);
    }
    case 'percent': {
      const n = numeric(value);
      return n === undefined ? String(value) : numberFormat(l, { style: 'percent', maximumFractionDigits: 1 }).format(n);
    }
    case 'minutes': {
      const n = numeric(value);
      return n === undefined ? String(value) : formatMinutes(n, l);
    }
    case 'date':
      return typeof value === 'string' ? formatDate(value, l) : String(value);
    case 'text':
      return String(value);
  }
}

/** A decimal number: one decimal from 10 up, two below, grouping. */
export function formatNumber(value: number, locale: string | undefined): string {
  const digits = Math.abs(value) >= 10 ? 1 : 2;
  return numberFormat(usableLocale(locale), { maximumFractionDigits: digits }).format(value);
}

/** A whole number (rounded) with the locale's grouping: `1,312`, `1.312`. */
export function formatCount(value: number, locale: string | undefined): string {
  return numberFormat(usableLocale(locale), { maximumFractionDigits: 0 }).format(value);
}

/** A duration in minutes as hours and minutes in the locale's short units (`1 hr 20 mins`, `45 mins`, `2 hrs`). */
export function formatMinutes(totalMinutes: number, locale: string | undefined): string {
  const l = usableLocale(locale);
  const rounded = Math.round(Math.abs(totalMinutes));
  const hours = Math.floor(rounded / 60);
  const minutes = rounded % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(numberFormat(l, { style: 'unit', unit: 'hour', unitDisplay: 'short' }).format(hours));
  if (minutes > 0 || hours === 0) parts.push(numberFormat(l, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(minutes));
  const list = cached(listFormats, l, { type: 'unit', style: 'narrow' }, (loc) => new Intl.ListFormat(loc, { type: 'unit', style: 'narrow' }));
  const text = list.format(parts);
  return totalMinutes < 0 && rounded > 0 ? `−${text}` : text;
}

/**
 * A `YYYY-MM-DD` date in the locale's medium style. It is a calendar date, not an instant, so it is
 * formatted in UTC: a viewer west of Greenwich must not see the day before. An ISO timestamp is an
 * instant and shows its date in the viewer's time zone. Anything else is returned as is.
 */
export function formatDate(value: string, locale: string | undefined): string {
  const l = usableLocale(locale);
  const match = ISO_DATE.exec(value);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    // Date.UTC rolls 2026-02-31 over to March: such a value is not a date, show it as is.
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return value;
    return dateFormat(l, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  }
  if (ISO_TIMESTAMP.test(value)) {
    const time = Date.parse(value);
    return Number.isNaN(time) ? value : dateFormat(l, { dateStyle: 'medium' }).format(time);
  }
  return value;
}

/**
 * `Rows 26–50 of 312` (`Rows 26–50` when the total is unknown), numbers in the locale's grouping.
 * `from`/`to` are 1-based and inclusive; `No rows` when the range is empty.
 */
export function formatRowRange(from: number, to: number, total: number | undefined, locale: string | undefined): string {
  if (total === 0 || to < from) return 'No rows';
  const range = `Rows ${formatCount(from, locale)}–${formatCount(to, locale)}`;
  return total === undefined ? range : `${range} of ${formatCount(total, locale)}`;
}
