import type { VegaLocaleDefinition } from 'vega-view';

type NumberLocale = NonNullable<VegaLocaleDefinition['number']>;
type TimeLocale = NonNullable<VegaLocaleDefinition['time']>;

/** 2001-02-03 04:05:06 UTC: every field distinct and single-digit, so padding shows in the output. */
const SAMPLE_DATE = Date.UTC(2001, 1, 3, 4, 5, 6);
/** 2023-01-01 was a Sunday: d3 wants the days from Sunday. */
const FIRST_SUNDAY = Date.UTC(2023, 0, 1);

const cache = new Map<string, VegaLocaleDefinition>();

function partValue(parts: Intl.NumberFormatPart[], type: Intl.NumberFormatPartTypes): string | undefined {
  return parts.find((p) => p.type === type)?.value;
}

function numberLocale(locale: string): NumberLocale {
  const format = new Intl.NumberFormat(locale, { useGrouping: true, maximumFractionDigits: 1 });
  const parts = format.formatToParts(-123456789.5);
  // Group sizes from the right: "12,34,56,789" (en-IN) → [3, 2]; d3 repeats the last one.
  const integers = parts.filter((p) => p.type === 'integer').map((p) => p.value.length);
  const grouping = integers.length > 1 ? [integers.at(-1)!, ...(integers.length > 2 ? [integers.at(-2)!] : [])] : [3];
  return {
    decimal: partValue(parts, 'decimal') ?? '.',
    thousands: partValue(parts, 'group') ?? '',
    grouping,
    currency: ['', ''],
    minus: partValue(parts, 'minusSign') ?? '-',
    percent: percentSuffix(locale),
    nan: new Intl.NumberFormat(locale).format(Number.NaN),
  };
}

/**
 * What follows the number in a percentage: "%" in English, "\u00a0%" in German and French. d3
 * appends it to the digits, so a locale that puts the sign first (Turkish "%20") keeps "%".
 */
function percentSuffix(locale: string): string {
  const parts = new Intl.NumberFormat(locale, { style: 'percent' }).formatToParts(0.2);
  const sign = parts.findIndex((p) => p.type === 'percentSign');
  const lastDigit = parts.findLastIndex((p) => p.type === 'integer' || p.type === 'fraction');
  if (sign < lastDigit) return '%';
  return parts.slice(lastDigit + 1, sign + 1).map((p) => p.value).join('');
}

/** The d3-time-format directive for one part of an Intl-formatted SAMPLE_DATE. */
function directive(part: Intl.DateTimeFormatPart, hour12: boolean): string {
  const padded = part.value.length > 1 && part.value.startsWith('0');
  switch (part.type) {
    case 'year':
      return part.value.length <= 2 ? '%y' : '%Y';
    case 'month':
      return /^\d+$/.test(part.value) ? (padded ? '%m' : '%-m') : '%b';
    case 'day':
      return padded ? '%d' : '%-d';
    case 'hour':
      return hour12 ? (padded ? '%I' : '%-I') : padded ? '%H' : '%-H';
    case 'minute':
      return '%M';
    case 'second':
      return '%S';
    case 'dayPeriod':
      return '%p';
    case 'weekday':
      return '%a';
    default:
      return part.value.replaceAll('%', '%%');
  }
}

/** A d3-time-format pattern that lays out a date the way `Intl.DateTimeFormat(locale, options)` does. */
function pattern(locale: string, options: Intl.DateTimeFormatOptions): string {
  const format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
  const hour12 = format.resolvedOptions().hour12 ?? false;
  return format
    .formatToParts(SAMPLE_DATE)
    .map((part) => directive(part, hour12))
    .join('');
}

function names(locale: string, options: Intl.DateTimeFormatOptions, count: number, dateOf: (i: number) => number): string[] {
  const format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
  return Array.from({ length: count }, (_, i) => format.format(dateOf(i)));
}

function timeLocale(locale: string): TimeLocale {
  const dayPeriod = (hour: number) =>
    new Intl.DateTimeFormat(locale, { hour: 'numeric', hour12: true, timeZone: 'UTC' })
      .formatToParts(Date.UTC(2001, 0, 1, hour))
      .find((p) => p.type === 'dayPeriod')?.value ?? (hour < 12 ? 'AM' : 'PM');
  const monthOf = (i: number) => Date.UTC(2001, i, 15);
  const dayOf = (i: number) => FIRST_SUNDAY + i * 86_400_000;
  return {
    dateTime: pattern(locale, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' }),
    date: pattern(locale, { year: 'numeric', month: 'numeric', day: 'numeric' }),
    time: pattern(locale, { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
    periods: [dayPeriod(9), dayPeriod(21)],
    days: names(locale, { weekday: 'long' }, 7, dayOf),
    shortDays: names(locale, { weekday: 'short' }, 7, dayOf),
    months: names(locale, { month: 'long' }, 12, monthOf),
    shortMonths: names(locale, { month: 'short' }, 12, monthOf),
  };
}

function canonicalTag(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? new Intl.NumberFormat().resolvedOptions().locale;
  } catch {
    return new Intl.NumberFormat().resolvedOptions().locale;
  }
}

/**
 * Vega's number and time format locale for a BCP 47 tag, read from the browser's Intl data: no
 * locale files to ship. Numbers get the locale's decimal and group separators, grouping and minus
 * sign; dates its month and day names, the order of day, month and year (`%x`), and 12/24-hour
 * time. A tag the browser has no data for falls back the way Intl does (to the nearest supported
 * locale); a malformed one to the browser's default locale. Cached per tag.
 */
export function vegaLocale(locale: string): VegaLocaleDefinition {
  const tag = canonicalTag(locale);
  let definition = cache.get(tag);
  if (!definition) {
    definition = { number: numberLocale(tag), time: timeLocale(tag) };
    cache.set(tag, definition);
  }
  return definition;
}
