// Node tests of how a compiled spec is adapted for drawing (pure JSON in, JSON out).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartSpec, VEGA_LITE_DEFAULT_COLOR } from './chart-spec.js';

/** The shape of Vega-Lite's output for a single-colour horizontal bar chart (abridged). */
function barSpec(): Record<string, unknown> {
  return {
    background: 'white',
    padding: 5,
    width: 300,
    signals: [{ name: 'y_step', value: 20 }, { name: 'height', update: "bandspace(domain('y').length, 0.1, 0.05) * y_step" }],
    data: [{ name: 'table' }],
    marks: [
      {
        name: 'marks',
        type: 'rect',
        from: { data: 'table' },
        encode: { update: { fill: { value: VEGA_LITE_DEFAULT_COLOR }, x: { scale: 'x', field: 'v' } } },
      },
    ],
    scales: [{ name: 'y', type: 'band', range: { step: { signal: 'y_step' } } }],
    axes: [{ scale: 'x', orient: 'bottom' }],
  };
}

const options = { primaryColor: '#0b5cab', selectable: true };

test('the spec given is not modified', () => {
  const spec = barSpec();
  const before = JSON.stringify(spec);
  chartSpec(Object.freeze(spec), options);
  assert.equal(JSON.stringify(spec), before);
});

test('fits the width with padding included, drops the white background', () => {
  const out = chartSpec(barSpec(), options);
  assert.deepEqual(out['autosize'], { type: 'fit-x', contains: 'padding' });
  assert.equal('background' in out, false);
  assert.deepEqual(out['scales'], barSpec()['scales'], 'the vertical band scale keeps its step: height stays natural');
});

test('replaces Vega-Lite\'s default colour with the primary colour, in any case', () => {
  const spec = barSpec();
  ((spec['marks'] as { encode: { update: { fill: { value: string } } } }[])[0]!.encode.update.fill.value = '#4C78A8');
  const out = JSON.stringify(chartSpec(spec, options));
  assert.ok(out.includes('"#0b5cab"'));
  assert.ok(!out.toLowerCase().includes(VEGA_LITE_DEFAULT_COLOR));
});

test('a pointer cursor on data marks only when selectable, never on groups', () => {
  const spec = barSpec();
  (spec['marks'] as unknown[]).push({ type: 'group', from: { facet: { name: 'f', data: 'table', groupby: ['g'] } }, marks: [{ type: 'line', from: { data: 'f' } }] });
  const selectable = chartSpec(spec, options)['marks'] as { type: string; encode?: { update?: { cursor?: unknown } }; marks?: { encode?: { update?: { cursor?: unknown } } }[] }[];
  assert.deepEqual(selectable[0]!.encode?.update?.cursor, { value: 'pointer' });
  assert.equal(selectable[1]!.encode?.update?.cursor, undefined, 'not the facet group');
  assert.deepEqual(selectable[1]!.marks![0]!.encode?.update?.cursor, { value: 'pointer' }, 'the line inside it');
  const plain = chartSpec(spec, { ...options, selectable: false })['marks'] as { encode?: { update?: { cursor?: unknown } } }[];
  assert.equal(plain[0]!.encode?.update?.cursor, undefined);
});

test('a step-sized width becomes the given width: the horizontal band scale spans it', () => {
  const spec = {
    signals: [{ name: 'x_step', value: 20 }, { name: 'width', update: "bandspace(domain('x').length, 0.1, 0.05) * x_step" }],
    scales: [
      { name: 'x', type: 'band', range: { step: { signal: 'x_step' } } },
      { name: 'y', type: 'linear', range: [{ signal: 'height' }, 0] },
    ],
    axes: [{ scale: 'x', orient: 'bottom' }],
  };
  const out = chartSpec(spec, options);
  assert.deepEqual((out['signals'] as unknown[])[1], { name: 'width', value: 0 });
  assert.deepEqual((out['scales'] as { range: unknown }[])[0]!.range, [0, { signal: 'width' }]);
  assert.deepEqual((out['scales'] as { range: unknown }[])[1]!.range, [{ signal: 'height' }, 0]);
});

test('composite views (a top-level layout) keep their own sizing', () => {
  const out = chartSpec({ layout: { columns: 2 }, autosize: 'pad', signals: [{ name: 'child_width', value: 200 }] }, options);
  assert.equal(out['autosize'], 'pad');
});
