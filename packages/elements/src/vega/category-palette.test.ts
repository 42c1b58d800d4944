// Node tests of the theme's colour arithmetic for charts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoryPalette, PALETTE_SIZE, parseColour, sequentialRamp } from './category-palette.js';

test('reads #rgb, #rrggbb, rgb() and rgba(); transparent is no colour', () => {
  assert.deepEqual(parseColour('#0b5cab'), [11, 92, 171]);
  assert.deepEqual(parseColour('#fff'), [255, 255, 255]);
  assert.deepEqual(parseColour('rgb(11, 92, 171)'), [11, 92, 171]);
  assert.deepEqual(parseColour('rgb(11 92 171 / 50%)'), [11, 92, 171]);
  assert.equal(parseColour('rgba(0, 0, 0, 0)'), undefined);
});

test('categories start with the primary and accent colours, then distinct generated ones', () => {
  const palette = categoryPalette('#0b5cab', '#e8590c', 'light');
  assert.equal(palette.length, PALETTE_SIZE);
  assert.deepEqual(palette.slice(0, 2), ['#0b5cab', '#e8590c']);
  assert.equal(new Set(palette).size, PALETTE_SIZE, 'no colour twice');
  for (const colour of palette) assert.match(colour, /^#[0-9a-f]{6}$/);
});

test('generated colours are lighter on a dark background than on a light one', () => {
  const lightness = (hex: string) => parseColour(hex)!.reduce((a, b) => a + b, 0);
  const onLight = categoryPalette('#0b5cab', undefined, 'light').slice(1);
  const onDark = categoryPalette('#0b5cab', undefined, 'dark').slice(1);
  onLight.forEach((colour, i) => assert.ok(lightness(onDark[i]!) > lightness(colour), `${onDark[i]} vs ${colour}`));
});

test('an unreadable primary colour keeps the theme colours first and fills in fixed ones', () => {
  const palette = categoryPalette('oklch(0.5 0.1 250)', undefined, 'light');
  assert.equal(palette[0], 'oklch(0.5 0.1 250)');
  assert.equal(palette.length, PALETTE_SIZE);
});

test('the sequential ramp fades the primary colour into the background', () => {
  assert.deepEqual(sequentialRamp('#0b5cab', '#ffffff'), ['#cedeee', '#0b5cab']);
});
