// Node tests of value formatting: `node --import tsx --test packages/elements/src/format/format-value.test.ts`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  NO_VALUE,
  formatCount,
  formatDate,
  formatMinutes,
  formatRowRange,
  formatValue,
  usableLocale,
} from './format-value.js';

describe('formatValue', () => {
  it('formats percent values as fractions of one, in the locale', () => {
    assert.equal(formatValue(0.823, 'percent', 'en-GB'), '82.3%');
    assert.equal(formatValue(0.823, 'percent', 'de-DE'), '82,3\u00a0%');
    assert.equal(formatValue(1, 'percent', 'en-GB'), '100%');
    assert.equal(formatValue(0, 'percent', 'en-GB'), '0%');
  });

  it('formats integers rounded with the locale grouping', () => {
    assert.equal(formatValue(1312, 'integer', 'en-GB'), '1,312');
    assert.equal(formatValue(1312, 'integer', 'de-DE'), '1.312');
    assert.equal(formatValue(41.6, 'integer', 'en-GB'), '42');
  });

  it('formats decimals with one digit from 10 up and two below', () => {
    assert.equal(formatValue(1234.56, 'number', 'en-GB'), '1,234.6');
    assert.equal(formatValue(1234.56, 'number', 'de-DE'), '1.234,6');
    assert.equal(formatValue(0.8234, 'number', 'en-GB'), '0.82');
    assert.equal(formatValue(7, 'number', 'en-GB'), '7');
  });

  it('formats minutes as localised hours and minutes', () => {
    assert.equal(formatValue(80, 'minutes', 'en-GB'), '1 hr 20 mins');
    assert.equal(formatValue(80, 'minutes', 'de-DE'), '1 Std., 20 Min.');
    assert.equal(formatValue(45, 'minutes', 'en-GB'), '45 mins');
    assert.equal(formatValue(120, 'minutes', 'en-GB'), '2 hrs');
    assert.equal(formatValue(0, 'minutes', 'en-GB'), '0 mins');
    assert.equal(formatValue(59.6, 'minutes', 'en-GB'), '1 hr');
    assert.equal(formatMinutes(-90, 'en-GB'), '−1 hr 30 mins');
  });

  it('formats calendar dates without a time-zone shift', () => {
    const original = process.env['TZ'];
    // West of Greenwich, midnight UTC is still the day before: the date must not move.
    process.env['TZ'] = 'America/Los_Angeles';
    try {
      assert.equal(formatValue('2026-01-05', 'date', 'en-GB'), '5 Jan 2026');
      assert.equal(formatValue('2026-01-05', 'date', 'de-DE'), '05.01.2026');
      assert.equal(formatValue('2026-03-01', 'date', 'en-US'), 'Mar 1, 2026');
    } finally {
      if (original === undefined) delete process.env['TZ'];
      else process.env['TZ'] = original;
    }
  });

  it('shows a timestamp as its date where the viewer is', () => {
    const original = process.env['TZ'];
    process.env['TZ'] = 'Asia/Tokyo';
    try {
      assert.equal(formatDate('2026-01-05T20:00:00Z', 'en-GB'), '6 Jan 2026');
    } finally {
      if (original === undefined) delete process.env['TZ'];
      else process.env['TZ'] = original;
    }
  });

  it('shows missing values as an em dash', () => {
    for (const format of ['number', 'integer', 'percent', 'minutes', 'date', 'text', undefined] as const) {
      assert.equal(formatValue(null, format, 'en-GB'), NO_VALUE);
      assert.equal(formatValue(undefined, format, 'en-GB'), NO_VALUE);
      assert.equal(formatValue('', format, 'en-GB'), NO_VALUE);
    }
    assert.equal(formatValue(Number.NaN, 'number', 'en-GB'), NO_VALUE);
  });

  it('shows values that do not fit their format as they are', () => {
    assert.equal(formatValue('n/a', 'percent', 'en-GB'), 'n/a');
    assert.equal(formatValue('2026-02-31', 'date', 'en-GB'), '2026-02-31');
    assert.equal(formatValue('next week', 'date', 'en-GB'), 'next week');
    assert.equal(formatValue(12, 'date', 'en-GB'), '12');
  });

  it('formats numeric strings and unformatted numbers as numbers, text as is', () => {
    assert.equal(formatValue('0.5', 'percent', 'en-GB'), '50%');
    assert.equal(formatValue(1234.5, undefined, 'de-DE'), '1.234,5');
    assert.equal(formatValue('Compliance', undefined, 'de-DE'), 'Compliance');
    assert.equal(formatValue(1234, 'text', 'en-GB'), '1234');
    assert.equal(formatValue(true, undefined, 'en-GB'), 'true');
  });

  it('falls back to the default locale for an invalid locale instead of throwing', () => {
    assert.equal(usableLocale('not a locale!'), undefined);
    assert.equal(usableLocale('de-de'), 'de-DE');
    assert.equal(formatValue(1312, 'integer', 'not a locale!'), new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(1312));
  });
});

describe('formatCount and formatRowRange', () => {
  it('describes a page of rows', () => {
    assert.equal(formatRowRange(26, 50, 312, 'en-GB'), 'Rows 26–50 of 312');
    assert.equal(formatRowRange(1001, 1025, 1312, 'de-DE'), 'Rows 1.001–1.025 of 1.312');
    assert.equal(formatRowRange(0, 0, 0, 'en-GB'), 'No rows');
    assert.equal(formatRowRange(1, 0, undefined, 'en-GB'), 'No rows');
    assert.equal(formatRowRange(1, 25, undefined, 'en-GB'), 'Rows 1–25');
    assert.equal(formatCount(1312.4, 'en-GB'), '1,312');
  });
});
