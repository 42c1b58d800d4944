// Browser tests of locale formatting in charts (headless Chromium): axis numbers, axis month names
// and tooltip values follow `locale`, from the browser's Intl data.
import { assert, assertEqual } from '../testing/fakes.js';
import { chartCase, chartRoot, dataItems, hover, lightTheme, makeContainer, settleView, type ChartCase } from './chart-test-support.js';
import { renderChart, type ChartHandle } from './render-chart.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

async function draw(chart: Pick<ChartCase, 'spec' | 'rows'>, locale: string): Promise<{ handle: ChartHandle; container: HTMLElement }> {
  const container = makeContainer(700);
  const handle = await renderChart(container, { spec: chart.spec, rows: chart.rows, width: 700, theme: lightTheme, label: 'Chart', locale });
  cleanup.push(() => {
    handle.finalize();
    container.remove();
  });
  return { handle, container };
}

/** The tick labels of the chart's horizontal (x) or vertical (y) axis, told apart by their layout. */
function axisLabels(container: HTMLElement, axis: 'x' | 'y'): string[] {
  for (const group of container.querySelectorAll('svg .role-axis')) {
    const labels = [...group.querySelectorAll('.role-axis-label text')];
    if (labels.length < 2) continue;
    const [first, second] = labels.map((t) => t.getBoundingClientRect());
    const horizontal = Math.abs(first!.top - second!.top) < 1;
    if (horizontal === (axis === 'x')) return labels.map((t) => t.textContent ?? '');
  }
  throw new Error(`no labelled ${axis} axis`);
}

/** A plain Vega chart with a linear x axis over [0, 2.5] and a linear y axis over [0, 25 000]. */
const numericSpec = {
  width: 400,
  height: 200,
  data: [{ name: 'table' }],
  scales: [
    { name: 'x', type: 'linear', domain: [0, 2.5], range: 'width' },
    { name: 'y', type: 'linear', domain: [0, 25000], range: 'height' },
  ],
  axes: [
    { orient: 'bottom', scale: 'x', tickCount: 5 },
    { orient: 'left', scale: 'y', tickCount: 5 },
  ],
  marks: [{ type: 'symbol', from: { data: 'table' }, encode: { update: { x: { scale: 'x', field: 'a' }, y: { scale: 'y', field: 'b' } } } }],
};

describe('locale', () => {
  it('de-DE: axis numbers with comma decimals and dot thousands', async () => {
    const { container } = await draw({ spec: numericSpec, rows: [{ a: 1.5, b: 12000 }] }, 'de-DE');
    const x = axisLabels(container, 'x');
    const y = axisLabels(container, 'y');
    assert(x.includes('0,5') && x.includes('1,5'), `x labels: ${x.join(' | ')}`);
    assert(y.includes('5.000') && y.includes('20.000'), `y labels: ${y.join(' | ')}`);

    const english = await draw({ spec: numericSpec, rows: [{ a: 1.5, b: 12000 }] }, 'en-US');
    assert(axisLabels(english.container, 'x').includes('0.5'), 'en-US decimals');
    assert(axisLabels(english.container, 'y').includes('5,000'), 'en-US thousands');
  });

  it('de-DE: German month names on a temporal axis', async () => {
    const chart = await chartCase('learning-progress/monthly-trend');
    const { container } = await draw(chart, 'de-DE');
    const labels = axisLabels(container, 'x');
    const german = new Set(Array.from({ length: 12 }, (_, m) => new Intl.DateTimeFormat('de-DE', { month: 'short', timeZone: 'UTC' }).format(Date.UTC(2001, m, 15))));
    const english = new Set(Array.from({ length: 12 }, (_, m) => new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' }).format(Date.UTC(2001, m, 15))));
    assert(labels.length >= 3, `month labels: ${labels.join(' | ')}`);
    const months = labels.map((label) => label.replace(/\s*\d{4}\s*$/, '').trim()).filter(Boolean);
    assert(months.length > 0, `labels with a month: ${labels.join(' | ')}`);
    for (const month of months) assert(german.has(month), `"${month}" is a German month abbreviation (labels: ${labels.join(' | ')})`);
    assert(months.some((month) => !english.has(month)), `some month reads differently in English: ${months.join(', ')}`);
  });

  it('de-DE: tooltip values formatted by the spec use the locale too', async () => {
    const chart = await chartCase('learning-progress/completion-by-category');
    const { handle, container } = await draw(chart, 'de-DE');
    const item = dataItems(handle)[0]!;
    hover(handle, item);
    await settleView(handle);
    const text = chartRoot(container).querySelector('.kineo-chart-tooltip')!.textContent!;
    // As German writes it ("76,9 %", a no-break space before the sign), Intl being the reference.
    const expected = new Intl.NumberFormat('de-DE', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(item.datum!['completion_rate']));
    assert(text.includes(`Completion rate: ${expected}`), `tooltip: ${text}`);
  });

  it('each chart keeps its own locale', async () => {
    const german = await draw({ spec: numericSpec, rows: [] }, 'de-DE');
    const english = await draw({ spec: numericSpec, rows: [] }, 'en-GB');
    assertEqual(axisLabels(german.container, 'x').includes('0,5'), true, 'de-DE');
    assertEqual(axisLabels(english.container, 'x').includes('0.5'), true, 'en-GB');
  });
});
