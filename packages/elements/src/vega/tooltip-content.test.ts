// Node tests of reading a Vega tooltip value into what the tooltip shows and screen readers hear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROW_INDEX_FIELD } from './row-index.js';
import { tooltipContent, tooltipSentence } from './tooltip-content.js';

test('an object: one row per entry, in order; its title entry is the heading', () => {
  const content = tooltipContent({ title: 'Fire safety', 'Completion rate': '82.5%', Enrolments: 120 });
  assert.deepEqual(content, { title: 'Fire safety', rows: [['Completion rate', '82.5%'], ['Enrolments', '120']] });
  assert.equal(tooltipSentence(content!), 'Fire safety, Completion rate: 82.5%, Enrolments: 120');
});

test('a whole datum (tooltip: {content: "data"}) without the row index the chart adds', () => {
  const content = tooltipContent({ course: 'Fire safety', [ROW_INDEX_FIELD]: 3, [Symbol('vega_id')]: 7 });
  assert.deepEqual(content, { rows: [['course', 'Fire safety']] });
});

test('plain values, arrays, dates and nested objects become text', () => {
  assert.deepEqual(tooltipContent('Overdue'), { title: 'Overdue', rows: [] });
  assert.deepEqual(tooltipContent(42), { title: '42', rows: [] });
  assert.deepEqual(tooltipContent({ a: [1, 2], b: null, c: { d: 1 }, e: new Date(Date.UTC(2025, 0, 2)) }), {
    rows: [['a', '1, 2'], ['b', ''], ['c', '{"d":1}'], ['e', '2025-01-02T00:00:00.000Z']],
  });
});

test('nothing to show: no tooltip', () => {
  for (const value of [null, undefined, '', {}]) assert.equal(tooltipContent(value), undefined);
});
