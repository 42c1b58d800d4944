// Browser tests of a chart's interaction (headless Chromium): pointer tooltips, keyboard navigation
// with its live region and focus ring, selection by click and by keyboard, the accessible name and
// description, in the light DOM and inside a shadow root, with both renderers.
import { assert, assertEqual } from '../testing/fakes.js';
import {
  axeViolations,
  chartCase,
  chartRoot,
  click,
  dataItems,
  hover,
  itemCentre,
  darkTheme,
  key,
  lightTheme,
  makeContainer,
  pointerAt,
  settleView,
  type ChartCase,
} from './chart-test-support.js';
import { renderChart, type ChartHandle, type ChartRow, type RenderChartOptions, type SelectTrigger } from './render-chart.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

interface Drawn {
  handle: ChartHandle;
  root: HTMLElement;
  selections: { datum: ChartRow; trigger: SelectTrigger; shiftKey: boolean }[];
}

async function draw(chart: ChartCase, options: Partial<RenderChartOptions> & { parent?: Node } = {}): Promise<Drawn> {
  const container = makeContainer(600, options.parent);
  const selections: Drawn['selections'] = [];
  const handle = await renderChart(container, {
    spec: chart.spec,
    rows: chart.rows,
    width: 600,
    theme: lightTheme,
    label: chart.title,
    onSelect: (datum, trigger, { shiftKey }) => selections.push({ datum, trigger, shiftKey }),
    ...options,
  });
  cleanup.push(() => {
    handle.finalize();
    container.remove();
  });
  return { handle, root: chartRoot(container), selections };
}

function tooltipOf(root: HTMLElement): HTMLElement {
  const tooltip = root.querySelector<HTMLElement>('.kineo-chart-tooltip');
  assert(tooltip, 'the chart has a tooltip element');
  return tooltip;
}

function liveRegionOf(root: HTMLElement): HTMLElement {
  const region = root.querySelector<HTMLElement>('[aria-live="polite"]');
  assert(region, 'the chart has a polite live region');
  return region;
}

function focusRingOf(root: HTMLElement): HTMLElement {
  const ring = root.querySelector<HTMLElement>('[part="focus-ring"]');
  assert(ring, 'the chart has a focus ring');
  return ring;
}

for (const renderer of ['svg', 'canvas'] as const) {
  describe(`pointer (${renderer})`, () => {
    it('shows the tooltip fields of the hovered bar, formatted, and hides it on leave and on Escape', async () => {
      const chart = await chartCase('learning-progress/completion-by-category');
      const { handle, root } = await draw(chart, { renderer });
      const item = dataItems(handle)[2]!;
      hover(handle, item);
      await settleView(handle);
      const tooltip = tooltipOf(root);
      assert(!tooltip.hidden, 'the tooltip is shown');
      const datum = item.datum!;
      const text = tooltip.textContent!;
      assert(text.includes(`Category: ${String(datum['category'])}`), text);
      assert(text.includes(`Completion rate: ${(Number(datum['completion_rate']) * 100).toFixed(1)}%`), text);
      assert(text.includes(`Enrolments: ${String(datum['enrolments'])}`), text);
      const { x, y } = itemCentre(handle, item);
      const box = tooltip.getBoundingClientRect();
      assert(Math.abs(box.left - x) < 40 || Math.abs(box.right - x) < 40, 'next to the pointer');
      assert(Math.abs(box.top - y) < 40 || Math.abs(box.bottom - y) < 40, 'next to the pointer');

      key(document.body, 'Escape');
      assert(tooltip.hidden, 'Escape hides it');

      hover(handle, item);
      await settleView(handle);
      assert(!tooltip.hidden, 'shown again');
      // Leaving, as a browser reports it: the bar gets pointerout and mouseout, then the pointer
      // moves over empty chart.
      pointerAt(x, y, ['pointerout', 'mouseout']);
      const view = handle.view.container()!.getBoundingClientRect();
      pointerAt(view.right - 2, view.bottom - 2, ['pointerover', 'mouseover', 'pointermove', 'mousemove']);
      await settleView(handle);
      assert(tooltip.hidden, 'leaving the bar hides it');
    });

    it('renders tooltip values as text: markup in the data is not parsed', async () => {
      const chart = await chartCase('learning-progress/completion-by-category');
      const attack = '<img src=x onerror="window.__chartXss=1">';
      const rows = chart.rows.map((row, i) => (i === 0 ? { ...row, category: attack } : row));
      const { handle, root } = await draw({ ...chart, rows }, { renderer });
      const item = dataItems(handle).find((i) => i.datum!['category'] === attack)!;
      hover(handle, item);
      await settleView(handle);
      const tooltip = tooltipOf(root);
      assert(tooltip.textContent!.includes(attack), 'the markup shows as text');
      assertEqual(tooltip.querySelectorAll('img').length, 0, 'no element created from the data');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assertEqual((window as { __chartXss?: number }).__chartXss, undefined, 'no script ran');
    });

    it('a click on a bar selects its row (the caller\'s object), with trigger "pointer"', async () => {
      const chart = await chartCase('compliance/mandatory-completion');
      const { handle, selections } = await draw(chart, { renderer });
      const item = dataItems(handle)[4]!;
      click(handle, item);
      await settleView(handle);
      assertEqual(selections.length, 1, 'one selection');
      const { datum, trigger } = selections[0]!;
      assertEqual(trigger, 'pointer', 'trigger');
      assert(chart.rows.includes(datum), 'the original row object');
      assertEqual(datum['course_id'], item.datum!['course_id'], 'the clicked course');
      assertEqual(selections[0]!.shiftKey, false, 'no Shift');
      click(handle, item, { shiftKey: true });
      await settleView(handle);
      assertEqual(selections[1]?.shiftKey, true, 'Shift+click says so (the cross-filter gesture)');
    });

    it('a click on an axis label selects nothing', async () => {
      const chart = await chartCase('compliance/mandatory-completion');
      const { handle, selections } = await draw(chart, { renderer });
      const view = handle.view.container()!.getBoundingClientRect();
      pointerAt(view.left + 10, view.top + 20, ['pointermove', 'pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']);
      await settleView(handle);
      assertEqual(selections.length, 0, 'no selection');
    });
  });
}

describe('pointer cursor', () => {
  it('is a pointer over data marks when the chart is selectable, not otherwise', async () => {
    const chart = await chartCase('compliance/mandatory-completion');
    const selectable = await draw(chart);
    hover(selectable.handle, dataItems(selectable.handle)[0]!);
    await settleView(selectable.handle);
    assertEqual(selectable.handle.view.container()!.style.cursor, 'pointer', 'cursor over a bar');

    const plain = await draw(chart, { onSelect: undefined });
    hover(plain.handle, dataItems(plain.handle)[0]!);
    await settleView(plain.handle);
    assert(plain.handle.view.container()!.style.cursor !== 'pointer', 'no pointer when nothing happens on click');
  });
});

describe('keyboard', () => {
  it('is one focusable element named and described for assistive technology', async () => {
    const chart = await chartCase('learning-progress/completion-by-category');
    const { root } = await draw(chart, { description: 'Share of enrolments completed.' });
    assertEqual(root.tabIndex, 0, 'in the tab order');
    assertEqual(root.getAttribute('role'), 'application', 'role');
    assertEqual(root.getAttribute('aria-roledescription'), 'chart', 'role description');
    assertEqual(root.getAttribute('aria-label'), chart.title, 'accessible name');
    const description = root.querySelector(`#${root.getAttribute('aria-describedby')}`)?.textContent ?? '';
    assert(description.startsWith('Share of enrolments completed.'), `description: ${description}`);
    assert(description.includes('arrow keys') && description.includes('Enter'), 'keyboard instructions');
    assertEqual(root.querySelector('[part="chart-view"]')?.getAttribute('aria-hidden'), 'true', 'the drawing is hidden from assistive technology');
  });

  it('arrows, Home and End move through the rows in order; each is announced, ringed and tooltipped', async () => {
    const chart = await chartCase('compliance/mandatory-completion');
    const { root } = await draw(chart);
    root.focus();
    const live = liveRegionOf(root);
    const ring = focusRingOf(root);
    const tooltip = tooltipOf(root);
    const course = (i: number) => String(chart.rows[i]!['course_name']);
    const n = chart.rows.length;

    key(root, 'ArrowRight');
    assert(live.textContent!.startsWith(`Course: ${course(0)}, Completion rate: `), live.textContent!);
    assert(live.textContent!.endsWith(`, 1 of ${n}`), live.textContent!);
    assert(!ring.hidden && !tooltip.hidden, 'ring and tooltip shown');
    assert(tooltip.textContent!.includes(course(0)), 'tooltip of the active bar');

    key(root, 'ArrowDown');
    assert(live.textContent!.startsWith(`Course: ${course(1)},`) && live.textContent!.endsWith(`2 of ${n}`), live.textContent!);
    key(root, 'ArrowUp');
    key(root, 'ArrowLeft');
    assert(live.textContent!.endsWith(`1 of ${n}`), 'stops at the first');
    key(root, 'End');
    assert(live.textContent!.startsWith(`Course: ${course(n - 1)},`), live.textContent!);
    key(root, 'ArrowRight');
    assert(live.textContent!.endsWith(`${n} of ${n}`), 'stops at the last');
    key(root, 'Home');
    assert(live.textContent!.endsWith(`1 of ${n}`), 'Home');

    key(root, 'Escape');
    assert(ring.hidden && tooltip.hidden, 'Escape lets go');
  });

  it('draws the focus ring around the active bar', async () => {
    const chart = await chartCase('compliance/overdue-by-organisation');
    const { handle, root } = await draw(chart);
    root.focus();
    key(root, 'ArrowRight');
    key(root, 'ArrowRight');
    const ring = focusRingOf(root).getBoundingClientRect();
    const bar = dataItems(handle).find((item) => item.datum!['org_id'] === chart.rows[1]!['org_id'])!;
    const { x, y } = itemCentre(handle, bar);
    assert(ring.left < x && x < ring.right && ring.top < y && y < ring.bottom, 'the ring contains the bar\'s centre');
    assert(ring.height < 30, `ring fits one bar (${ring.height}px)`);
  });

  it('Enter and Space select the active row with trigger "keyboard"', async () => {
    const chart = await chartCase('compliance/mandatory-completion');
    const { root, selections } = await draw(chart);
    root.focus();
    key(root, 'Enter');
    assertEqual(selections.length, 0, 'nothing active yet: nothing selected');
    key(root, 'ArrowRight');
    key(root, 'ArrowRight');
    key(root, 'Enter');
    key(root, ' ');
    assertEqual(selections.length, 2, 'two selections');
    for (const { datum, trigger } of selections) {
      assert(datum === chart.rows[1], 'the second row, as given');
      assertEqual(trigger, 'keyboard', 'trigger');
    }
    key(root, 'Enter', { shiftKey: true });
    assertEqual(selections.map((s) => s.shiftKey), [false, false, true], 'Shift+Enter says so');
  });

  it('walks the points of a line chart in row order', async () => {
    const chart = await chartCase('learning-progress/monthly-trend');
    const { root } = await draw(chart);
    root.focus();
    key(root, 'ArrowRight');
    key(root, 'ArrowRight');
    const second = chart.rows[1]!;
    const live = liveRegionOf(root).textContent!;
    assert(live.includes(`Measure: ${String(second['measure'])}`) && live.includes(`Learners: ${String(second['learners'])}`), live);
    assert(live.endsWith(`2 of ${chart.rows.length}`), live);
  });

  it('hides ring and tooltip on blur and shows them again on focus', async () => {
    const chart = await chartCase('learning-progress/status-breakdown');
    const { root } = await draw(chart);
    root.focus();
    key(root, 'ArrowRight');
    const ring = focusRingOf(root);
    assert(!ring.hidden, 'shown');
    root.blur();
    assert(ring.hidden && tooltipOf(root).hidden, 'hidden on blur');
    root.focus();
    assert(!ring.hidden && !tooltipOf(root).hidden, 'shown again on focus');
  });

  it('announces that there is no data when there are no rows', async () => {
    const chart = await chartCase('learning-progress/status-breakdown');
    const { root } = await draw({ ...chart, rows: [] });
    root.focus();
    key(root, 'ArrowRight');
    assertEqual(liveRegionOf(root).textContent, 'No data points.', 'announcement');
  });

  it('after update() the keyboard walks the new rows', async () => {
    const chart = await chartCase('compliance/mandatory-completion');
    const { handle, root, selections } = await draw(chart);
    root.focus();
    key(root, 'ArrowRight');
    await handle.update(chart.rows.slice(5, 8));
    assert(focusRingOf(root).hidden, 'the old active bar is gone');
    key(root, 'End');
    key(root, 'Enter');
    assert(selections[0]?.datum === chart.rows[7], 'the last of the new rows');
    assert(liveRegionOf(root).textContent!.endsWith('3 of 3'), liveRegionOf(root).textContent!);
  });
});

describe('accessibility', () => {
  it('axe finds no violations, idle, with a tooltip and with the keyboard on a bar, light and dark', async () => {
    for (const theme of [lightTheme, darkTheme]) {
      const chart = await chartCase('compliance/mandatory-completion');
      const { handle, root } = await draw(chart, { description: chart.title, theme });
      assertEqual(await axeViolations(root.parentElement!), [], `${theme.mode}: idle`);
      hover(handle, dataItems(handle)[0]!);
      await settleView(handle);
      assertEqual(await axeViolations(root.parentElement!), [], `${theme.mode}: pointer tooltip`);
      root.focus();
      key(root, 'ArrowRight');
      assertEqual(await axeViolations(root.parentElement!), [], `${theme.mode}: keyboard on a bar`);
    }
  });
});

describe('inside a shadow root', () => {
  it('draws, shows tooltips, navigates by keyboard and selects by click', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    cleanup.push(() => host.remove());
    const shadow = host.attachShadow({ mode: 'open' });
    const chart = await chartCase('learning-progress/status-breakdown');
    const { handle, root, selections } = await draw(chart, { parent: shadow });
    assert(shadow.contains(root), 'the chart is in the shadow root');
    assert(handle.markCount === chart.rows.length, 'an arc per status');

    const item = dataItems(handle)[1]!;
    hover(handle, item);
    await settleView(handle);
    assert(tooltipOf(root).textContent!.includes(String(item.datum!['status_label'])), 'tooltip');

    click(handle, item);
    await settleView(handle);
    assertEqual(selections.map((s) => s.trigger), ['pointer'], 'click selects');

    root.focus();
    assertEqual(shadow.activeElement, root, 'focusable');
    key(root, 'ArrowRight');
    key(root, 'Enter');
    assertEqual(selections.map((s) => s.trigger), ['pointer', 'keyboard'], 'keyboard selects');
    assert(selections[1]!.datum === chart.rows[0], 'the first row');
    const describedBy = root.getAttribute('aria-describedby')!;
    assert(shadow.getElementById(describedBy), 'the description is in the same shadow root');
  });
});
