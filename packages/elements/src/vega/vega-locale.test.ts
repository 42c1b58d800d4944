// Node tests of the Intl-derived Vega locales (Node ships the same full ICU data as browsers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vegaLocale } from './vega-locale.js';

test('German numbers: comma decimals, dot thousands', () => {
  const { number } = vegaLocale('de-DE');
  assert.equal(number?.decimal, ',');
  assert.equal(number?.thousands, '.');
  assert.deepEqual(number?.grouping, [3, 3]);
});

test('percent signs as the locale writes them: "20 %" in German, "20%" in English, "%" kept for Turkish', () => {
  assert.equal(vegaLocale('de-DE').number?.percent, '\u00a0%');
  assert.equal(vegaLocale('en-GB').number?.percent, '%');
  assert.equal(vegaLocale('tr-TR').number?.percent, '%');
});

test('French groups with a narrow no-break space; Indian English groups by 3 then 2', () => {
  assert.equal(vegaLocale('fr-FR').number?.thousands, '\u202f');
  assert.deepEqual(vegaLocale('en-IN').number?.grouping, [3, 2]);
  assert.equal(vegaLocale('en-IN').number?.decimal, '.');
});

test('month and day names in the language, Sunday first', () => {
  const { time } = vegaLocale('de-DE');
  assert.equal(time?.months[2], 'März');
  assert.equal(time?.months[11], 'Dezember');
  assert.match(time?.shortMonths[9] ?? '', /^Okt/);
  assert.equal(time?.days[0], 'Sonntag');
  assert.equal(vegaLocale('fr-FR').time?.months[7], 'août');
});

test('date order and padding follow the locale', () => {
  assert.equal(vegaLocale('en-US').time?.date, '%-m/%-d/%Y');
  assert.equal(vegaLocale('de-DE').time?.date, '%-d.%-m.%Y');
  assert.equal(vegaLocale('en-GB').time?.date, '%d/%m/%Y');
  assert.equal(vegaLocale('ja-JP').time?.date, '%Y/%-m/%-d');
});

test('12- and 24-hour time', () => {
  // ICU puts a narrow no-break space before AM/PM; some engines a plain one.
  assert.match(vegaLocale('en-US').time?.time ?? '', /^%-I:%M:%S[ \u202f]%p$/);
  assert.deepEqual(vegaLocale('en-US').time?.periods, ['AM', 'PM']);
  assert.match(vegaLocale('de-DE').time?.time ?? '', /^%-?H:%M:%S$/);
});

test('a malformed tag falls back to the default locale instead of throwing', () => {
  assert.ok(vegaLocale('not a locale!').number?.decimal);
});

test('one definition per tag, whatever its spelling', () => {
  assert.equal(vegaLocale('de-de'), vegaLocale('de-DE'));
});
