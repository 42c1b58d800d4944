// Browser tests of renderChart (headless Chromium, see web-test-runner.config.mjs): every chart the
// API serves (the committed fixtures) drawn with modular Vega, sizing, theme, renderer choice,
// export, update, abort and finalize.
import { assert, assertEqual, rejectionOf } from '../testing/fakes.js';
import { ChartRenderError } from './chart-logger.js';
import { VEGA_LITE_DEFAULT_COLOR } from './chart-spec.js';
import {
  chartCase,
  chartCases,
  chartRoot,
  darkTheme,
  dataItems,
  discreteXBarSpec,
  lightTheme,
  makeContainer,
  type ChartCase,
} from './chart-test-support.js';
import { renderChart, type ChartHandle, type RenderChartOptions } from './render-chart.js';
import { SVG_SHAPE_LIMIT } from './renderer-choice.js';
import { dataShapeCount } from './scene-items.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

const open: { handle?: ChartHandle; container: HTMLElement }[] = [];

async function draw(chart: ChartCase, options: Partial<RenderChartOptions> & { width?: number } = {}) {
  const container = makeContainer(options.width ?? 600);
  const handle = await renderChart(container, { spec: chart.spec, rows: chart.rows, width: 600, theme: lightTheme, label: chart.title, ...options });
  open.push({ handle, container });
  return { handle, container };
}

afterEach(() => {
  for (const { handle, container } of open.splice(0)) {
    handle?.finalize();
    container.remove();
  }
});

function sceneItemCount(handle: ChartHandle): number {
  let count = 0;
  const visit = (mark: { marktype: string; items: { items?: unknown[] }[] }) => {
    for (const item of mark.items) {
      count++;
      if (mark.marktype === 'group') for (const child of (item.items ?? []) as (typeof mark)[]) visit(child);
    }
  };
  visit(handle.view.scenegraph().root as never);
  return count;
}

/** Width of what Vega drew (its canvas or SVG element) on screen. */
function drawnWidth(container: HTMLElement): number {
  const surface = container.querySelector('svg, canvas');
  assert(surface, 'the chart has a canvas or SVG');
  return surface.getBoundingClientRect().width;
}

describe('every chart the API serves', () => {
  it('renders each panel and drill level with marks, as SVG and on the page', async () => {
    const cases = await chartCases();
    assert(cases.length >= 9, `expected every chart of the three dashboards, got ${cases.length}`);
    for (const chart of cases) {
      const { handle, container } = await draw(chart);
      assert(chart.rows.length > 0, `${chart.name}: the fixture has rows`);
      assert(handle.markCount > 0, `${chart.name}: no data marks`);
      assert(sceneItemCount(handle) > handle.markCount, `${chart.name}: scenegraph items`);
      const svg = await handle.view.toSVG();
      assert(svg.startsWith('<svg') && svg.includes('<path'), `${chart.name}: SVG output is not empty`);
      assert(container.querySelector('svg path, canvas'), `${chart.name}: nothing drawn on the page`);
      assertEqual(handle.renderer, 'svg', `${chart.name}: renderer for ${handle.markCount} shapes`);
    }
  });

  it('renders every chart without evaluating generated code, so pages whose CSP forbids unsafe-eval work', async () => {
    // Under a CSP without 'unsafe-eval', `new Function(…)` throws; Vega's default expression
    // compiler needs it. Make it throw here too, and every chart must still draw and react.
    const original = globalThis.Function;
    const forbidden = function Function() {
      throw new EvalError('Function constructor called: a CSP without unsafe-eval would refuse it');
    };
    forbidden.prototype = original.prototype;
    globalThis.Function = forbidden as unknown as FunctionConstructor;
    try {
      for (const chart of await chartCases()) {
        const { handle } = await draw(chart, { onSelect: () => {} });
        assert(handle.markCount > 0, `${chart.name}: no data marks`);
        await handle.resize(420);
        await handle.update(chart.rows.slice(0, 2));
      }
    } finally {
      globalThis.Function = original;
    }
  });

  it('fits the container width (padding included) at 300 and 900 px, height natural', async () => {
    for (const chart of await chartCases()) {
      for (const width of [300, 900]) {
        const { container } = await draw(chart, { width });
        const drawn = drawnWidth(container);
        assert(Math.abs(drawn - width) <= 1, `${chart.name} at ${width}px: drawn ${drawn}px wide`);
        assertEqual(container.scrollWidth <= width + 1, true, `${chart.name} at ${width}px: no horizontal overflow`);
        assert(container.getBoundingClientRect().height > 50, `${chart.name}: the container grows to the chart's height`);
      }
    }
  });

  it('gives a horizontal bar chart a height from its bands, growing with the rows', async () => {
    const chart = await chartCase('compliance/overdue-by-organisation');
    const few = await draw(chart, { rows: chart.rows.slice(0, 5) });
    const all = await draw(chart);
    const height = (c: HTMLElement) => c.getBoundingClientRect().height;
    assert(height(all.container) > height(few.container) + 20 * (chart.rows.length - 5) * 0.9, 'about 20 px per bar');
  });
});

describe('sizing', () => {
  it('resize() fits a new width', async () => {
    const chart = await chartCase('learning-progress/monthly-trend');
    const { handle, container } = await draw(chart, { width: 400 });
    container.style.width = '700px';
    await handle.resize(700);
    assert(Math.abs(drawnWidth(container) - 700) <= 1, `drawn ${drawnWidth(container)}px after resize`);
    await handle.resize(350);
    assert(Math.abs(drawnWidth(container) - 350) <= 1, `drawn ${drawnWidth(container)}px after a second resize`);
  });

  it('fits a step-sized (discrete x) bar chart to the width instead of 20 px per band', async () => {
    const chart = await chartCase('learning-progress/completion-by-category');
    const { handle, container } = await draw({ ...chart, spec: discreteXBarSpec }, { width: 500 });
    assert(Math.abs(drawnWidth(container) - 500) <= 1, `drawn ${drawnWidth(container)}px`);
    const bars = [...container.querySelectorAll('svg .mark-rect path')].map((bar) => bar.getBoundingClientRect().width);
    assertEqual(bars.length, chart.rows.length, 'a bar per category');
    // 5 bands over the plot width (500 px less the y axis and padding), not 20 px steps.
    assert(bars.every((width) => width > 50), `bars stretched to the width: ${bars.join(', ')}`);
    assert(handle.view.width() > 300, `plot width ${handle.view.width()}`);
  });
});

describe('renderer choice', () => {
  it('draws SVG up to the limit and canvas above it', async () => {
    const chart = await chartCase('team-performance/manager-comparison');
    const template = chart.rows[0]!;
    const many = Array.from({ length: SVG_SHAPE_LIMIT + 500 }, (_, i) => ({ ...template, manager_id: `m${i}`, overdue: i % 40, completion_rate: (i % 100) / 100 }));
    const small = await draw(chart);
    assertEqual(small.handle.renderer, 'svg', 'renderer for 47 points');
    assert(small.container.querySelector('svg') && !small.container.querySelector('canvas'), 'an SVG on the page');

    const large = await draw({ ...chart, rows: many });
    assertEqual(large.handle.markCount, many.length, 'one shape per point');
    assertEqual(large.handle.renderer, 'canvas', `renderer for ${many.length} points`);
    assert(large.container.querySelector('canvas') && !large.container.querySelector('svg'), 'a canvas on the page');

    await large.handle.update(chart.rows);
    assertEqual(large.handle.renderer, 'svg', 'back to SVG when an update shrinks the data');
    assert(large.container.querySelector('svg') && !large.container.querySelector('canvas'), 'the canvas was replaced');
  });

  it('follows an explicit renderer whatever the count', async () => {
    const chart = await chartCase('team-performance/manager-comparison');
    const { handle, container } = await draw(chart, { renderer: 'canvas' });
    assertEqual(handle.renderer, 'canvas', 'renderer');
    assert(container.querySelector('canvas'), 'canvas on the page');
  });

  it('counts one shape per line, not per point', async () => {
    const chart = await chartCase('learning-progress/monthly-trend');
    const { handle } = await draw(chart);
    const lines = new Set(chart.rows.map((r) => r['measure'])).size;
    assertEqual(dataShapeCount(handle.view.scenegraph().root), chart.rows.length + lines, 'points + one path per line');
  });
});

describe('theme', () => {
  it('draws single-colour marks in the primary colour, never Vega-Lite\'s default blue', async () => {
    const chart = await chartCase('compliance/overdue-by-organisation');
    const { handle, container } = await draw(chart);
    const svg = (await handle.view.toSVG()).toLowerCase();
    assert(svg.includes(lightTheme.primaryColor), 'the primary colour is used');
    assert(!svg.includes(VEGA_LITE_DEFAULT_COLOR), 'the default colour is gone');
    const bar = container.querySelector('svg .mark-rect path');
    assertEqual(bar?.getAttribute('fill'), lightTheme.primaryColor, 'a bar on the page');
    assert(!JSON.stringify(chart.spec).includes('#0b5cab'), 'the spec itself was not changed');
    assert(JSON.stringify(chart.spec).includes(VEGA_LITE_DEFAULT_COLOR), 'the spec still has its own colour');
  });

  it('colours categories from the primary and accent colours', async () => {
    const chart = await chartCase('learning-progress/monthly-trend');
    const { container } = await draw(chart);
    const strokes = [...container.querySelectorAll('svg .mark-line path')].map((p) => p.getAttribute('stroke'));
    assertEqual(strokes.sort(), [lightTheme.accentColor, lightTheme.primaryColor].sort(), 'the two measures');
  });

  it('uses the dark theme\'s colours for axis labels and titles, with a transparent background', async () => {
    const chart = await chartCase('team-performance/learning-time');
    const { container } = await draw(chart, { theme: darkTheme });
    const labels = [...container.querySelectorAll('svg .role-axis-label text')];
    assert(labels.length > 0, 'axis labels drawn');
    for (const label of labels) assertEqual(label.getAttribute('fill'), darkTheme.mutedTextColor, `label "${label.textContent}"`);
    const titles = [...container.querySelectorAll('svg .role-axis-title text')];
    assert(titles.length > 0, 'axis titles drawn');
    for (const title of titles) assertEqual(title.getAttribute('fill'), darkTheme.textColor, `title "${title.textContent}"`);
    const background = container.querySelector('svg > rect.background');
    assert(!background || ['none', 'transparent', null].includes(background.getAttribute('fill')), 'no background of its own');
  });
});

describe('export', () => {
  async function decode(url: string): Promise<HTMLImageElement> {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  }

  it('toImageURL("png") is a PNG data URL with the theme background filled in', async () => {
    const chart = await chartCase('learning-progress/status-breakdown');
    const { handle } = await draw(chart, { theme: darkTheme, width: 400 });
    const url = await handle.toImageURL('png', 2);
    assert(url.startsWith('data:image/png;base64,'), url.slice(0, 40));
    const image = await decode(url);
    assertEqual(image.naturalWidth, 800, 'scale 2 doubles the width');
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    assertEqual([...context.getImageData(1, 1, 1, 1).data], [13, 17, 23, 255], 'the corner is the dark background');
  });

  it('toImageURL("svg") is an SVG data URL of the chart', async () => {
    const chart = await chartCase('learning-progress/status-breakdown');
    const { handle } = await draw(chart);
    const url = await handle.toImageURL('svg');
    assert(url.startsWith('data:image/svg+xml'), url.slice(0, 40));
    const svg = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    assert(svg.startsWith('<svg') && svg.includes('mark-arc'), 'the chart as SVG');
    const image = await decode(url);
    assert(image.naturalWidth > 0, 'the browser can draw it');
  });
});

describe('update', () => {
  it('redraws with new rows, and with none', async () => {
    const chart = await chartCase('compliance/mandatory-completion');
    const { handle } = await draw(chart);
    const before = handle.markCount;
    await handle.update(chart.rows.slice(0, 3));
    assertEqual(handle.markCount, 3, 'three bars');
    await handle.update([]);
    assertEqual(handle.markCount, 0, 'no bars');
    await handle.update(chart.rows);
    assertEqual(handle.markCount, before, 'all bars again');
  });

  it('does not modify the rows it is given', async () => {
    const chart = await chartCase('learning-progress/monthly-trend');
    const rows = chart.rows.map((r) => Object.freeze({ ...r }));
    const snapshot = JSON.stringify(rows);
    const { handle } = await draw({ ...chart, rows });
    await handle.update(rows);
    assertEqual(JSON.stringify(rows), snapshot, 'rows unchanged (Vega-Lite turns `month` into a Date on its copy)');
  });
});

describe('failures, abort and finalize', () => {
  it('rejects with a ChartRenderError for a spec Vega cannot parse, leaving nothing behind', async () => {
    const container = makeContainer(400);
    const error = await rejectionOf(
      renderChart(container, { spec: { data: [{ name: 'table', transform: [{ type: 'geojson' }] }] }, rows: [], width: 400, theme: lightTheme, label: 'Map' }),
      'a spec with a transform that is not registered',
    );
    assert(error instanceof ChartRenderError, `a ChartRenderError: ${String(error)}`);
    assert(/geojson/i.test((error as Error).message), (error as Error).message);
    assertEqual(container.childElementCount, 0, 'nothing added');
    container.remove();
  });

  it('rejects when an expression fails at run time, leaving nothing behind', async () => {
    const container = makeContainer(400);
    const spec = {
      data: [{ name: 'table' }],
      marks: [{ type: 'rect', from: { data: 'table' }, encode: { update: { width: { signal: 'datum.a.b.c' } } } }],
    };
    const error = await rejectionOf(renderChart(container, { spec, rows: [{ a: null }], width: 400, theme: lightTheme, label: 'Broken' }), 'a failing encoder');
    assert(error instanceof ChartRenderError, `a ChartRenderError: ${String(error)}`);
    assertEqual(container.childElementCount, 0, 'nothing added');
    container.remove();
  });

  it('loads nothing a spec names by URL: the data set stays empty, with a warning', async () => {
    const chart = await chartCase('learning-progress/status-breakdown');
    const spec = { ...chart.spec, data: [...(chart.spec['data'] as object[]), { name: 'remote', url: 'https://example.com/data.json' }] };
    const requests: string[] = [];
    const warnings: unknown[][] = [];
    const { fetch: originalFetch } = window;
    const { warn } = console;
    window.fetch = (input: RequestInfo | URL) => {
      requests.push(String(input));
      return originalFetch(input);
    };
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      const { handle } = await draw({ ...chart, spec });
      assertEqual(handle.view.data('remote'), [], 'nothing loaded');
      assert(handle.markCount > 0, 'the chart itself is drawn');
    } finally {
      window.fetch = originalFetch;
      console.warn = warn;
    }
    assertEqual(requests, [], 'no request made');
    assert(warnings.some((args) => args.join(' ').includes('https://example.com/data.json')), 'a warning names the URL');
  });

  it('finalize() removes the DOM, the listeners and the tooltip; twice is fine', async () => {
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const add = document.addEventListener;
    const remove = document.removeEventListener;
    document.addEventListener = function (this: Document, ...args: Parameters<Document['addEventListener']>) {
      added.push(args[1]);
      return add.apply(this, args);
    } as typeof document.addEventListener;
    document.removeEventListener = function (this: Document, ...args: Parameters<Document['removeEventListener']>) {
      removed.push(args[1]);
      return remove.apply(this, args);
    } as typeof document.removeEventListener;
    try {
      const chart = await chartCase('compliance/mandatory-completion');
      const container = makeContainer(500);
      const handle = await renderChart(container, { spec: chart.spec, rows: chart.rows, width: 500, theme: lightTheme, label: chart.title, onSelect: () => {} });
      assert(container.childElementCount === 1, 'the chart is in the container');
      assert(added.length > 0, 'the chart listens on the document (Escape)');
      handle.finalize();
      handle.finalize();
      assertEqual(container.childElementCount, 0, 'container emptied');
      assertEqual(added.filter((l) => !removed.includes(l)).length, 0, 'every document listener removed');
      await handle.update(chart.rows);
      await handle.resize(300);
      assertEqual(container.childElementCount, 0, 'update and resize after finalize do nothing');
      await rejectionOf(handle.toImageURL('png'), 'export after finalize');
      container.remove();
    } finally {
      document.addEventListener = add;
      document.removeEventListener = remove;
    }
  });

  it('an aborted signal finalizes the chart; one aborted before rejects', async () => {
    const chart = await chartCase('compliance/mandatory-completion');
    const controller = new AbortController();
    const container = makeContainer(500);
    await renderChart(container, { spec: chart.spec, rows: chart.rows, width: 500, theme: lightTheme, label: chart.title, signal: controller.signal });
    assertEqual(container.childElementCount, 1, 'drawn');
    controller.abort();
    assertEqual(container.childElementCount, 0, 'finalized on abort');

    const during = new AbortController();
    const pending = renderChart(container, { spec: chart.spec, rows: chart.rows, width: 500, theme: lightTheme, label: chart.title, signal: during.signal });
    during.abort(new DOMException('gone', 'AbortError'));
    const error = await rejectionOf(pending, 'a render aborted while drawing');
    assertEqual((error as DOMException).name, 'AbortError', 'the signal\'s reason');
    assertEqual(container.childElementCount, 0, 'nothing left behind');

    await rejectionOf(
      renderChart(container, { spec: chart.spec, rows: chart.rows, width: 500, theme: lightTheme, label: 'x', signal: AbortSignal.abort() }),
      'a render with an aborted signal',
    );
    assertEqual(container.childElementCount, 0, 'nothing drawn');
    container.remove();
  });
});

describe('the transforms Vega-Lite can emit', () => {
  it('are registered: a spec using each of them renders', async () => {
    const spec = {
      width: 200,
      height: 100,
      data: [
        { name: 'table' },
        { name: 'sequence', transform: [{ type: 'sequence', start: 0, stop: 5 }] },
        {
          name: 'derived',
          source: 'table',
          transform: [
            { type: 'formula', expr: 'datum.v * 2', as: 'v2' },
            { type: 'filter', expr: 'datum.v >= 0' },
            { type: 'fold', fields: ['v', 'v2'], as: ['key', 'value'] },
            { type: 'pivot', field: 'key', value: 'value', groupby: ['g', 't'] },
            { type: 'lookup', from: 'sequence', key: 'data', fields: ['g'], as: ['seq'] },
            { type: 'impute', field: 'v', key: 't', groupby: ['g'], method: 'value', value: 0 },
            { type: 'joinaggregate', fields: ['v'], ops: ['sum'], as: ['total'] },
            { type: 'window', ops: ['rank'], as: ['rank'], sort: { field: 'v' } },
            { type: 'extent', field: 'v', signal: 'v_extent' },
            { type: 'bin', field: 'v', extent: { signal: 'v_extent' }, maxbins: 5, as: ['bin0', 'bin1'] },
            { type: 'timeunit', field: 'date', units: ['year', 'month'], as: ['month0', 'month1'] },
            { type: 'identifier', as: '_id' },
            { type: 'stack', groupby: ['t'], field: 'v', as: ['y0', 'y1'] },
          ],
        },
        { name: 'flat', values: [{ list: [1, 2, 3] }], transform: [{ type: 'flatten', fields: ['list'] }] },
        { name: 'aggregated', source: 'derived', transform: [{ type: 'aggregate', groupby: ['g'], ops: ['sum'], fields: ['v'], as: ['sum_v'] }] },
        { name: 'density', source: 'table', transform: [{ type: 'kde', field: 'v', resolve: 'shared' }] },
        { name: 'quantiles', source: 'table', transform: [{ type: 'quantile', field: 'v', step: 0.25 }] },
        { name: 'sampled', source: 'table', transform: [{ type: 'sample', size: 2 }] },
      ],
      scales: [
        { name: 'x', type: 'band', domain: { data: 'aggregated', field: 'g' }, range: 'width' },
        { name: 'y', type: 'linear', domain: { data: 'aggregated', field: 'sum_v' }, range: 'height' },
      ],
      axes: [{ orient: 'bottom', scale: 'x' }],
      legends: [{ fill: 'x' }],
      marks: [
        {
          type: 'rect',
          from: { data: 'aggregated' },
          encode: { update: { x: { scale: 'x', field: 'g' }, width: { scale: 'x', band: 1 }, y: { scale: 'y', field: 'sum_v' }, y2: { scale: 'y', value: 0 } } },
        },
      ],
    };
    const rows = [
      { g: 'a', t: 1, v: 3, date: '2025-01-01' },
      { g: 'b', t: 1, v: 5, date: '2025-02-01' },
      { g: 'a', t: 2, v: 4, date: '2025-03-01' },
    ];
    const { handle } = await draw({ name: 'transforms', title: 'Transforms', spec, rows });
    assertEqual(handle.markCount, 2, 'a bar per group');
    for (const name of ['derived', 'flat', 'density', 'quantiles', 'sampled'])
      assert((handle.view.data(name) as unknown[]).length > 0, `data set "${name}" computed`);
  });
});
