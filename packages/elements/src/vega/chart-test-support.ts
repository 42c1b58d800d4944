// Shared by the chart browser tests: the committed API fixtures, test themes, a container to draw
// in and pointer events at a data item. Not exported from the package.
import { resultRows, type DashboardDefinition, type QueryResult } from '@kineo/core';
import type { SceneItem } from 'vega-scenegraph';
import type { ChartTheme } from './chart-theme.js';
import type { ChartHandle } from './render-chart.js';
import { rowIndexOf } from './row-index.js';
import { itemBox, primaryItems } from './scene-items.js';

export const DASHBOARDS = ['compliance', 'learning-progress', 'team-performance'] as const;

export const lightTheme: ChartTheme = {
  mode: 'light',
  primaryColor: '#0b5cab',
  accentColor: '#e8590c',
  textColor: '#1f2328',
  mutedTextColor: '#59636e',
  gridColor: '#d1d9e0',
  background: '#ffffff',
  fontFamily: 'system-ui, sans-serif',
};

export const darkTheme: ChartTheme = {
  mode: 'dark',
  primaryColor: '#4493f8',
  textColor: '#f0f6fc',
  mutedTextColor: '#9198a1',
  gridColor: '#3d444d',
  background: '#0d1117',
  fontFamily: 'system-ui, sans-serif',
};

interface Exchange<T> {
  response: T;
}
interface DashboardFixture {
  definition: DashboardDefinition;
  data: Exchange<{ panels: Record<string, QueryResult> }>;
  drill: Record<string, { level: number; query: Exchange<QueryResult> }[]>;
}

/** One chart the API serves: a panel or a drill level with a compiled spec, and its fixture rows. */
export interface ChartCase {
  name: string;
  title: string;
  spec: Record<string, unknown>;
  rows: Record<string, unknown>[];
}

const fixtures = new Map<string, Promise<DashboardFixture>>();

export function loadFixture(dashboard: string): Promise<DashboardFixture> {
  let fixture = fixtures.get(dashboard);
  if (!fixture) {
    fixture = fetch(new URL(`../../fixtures/${dashboard}.json`, import.meta.url)).then((r) => {
      if (!r.ok) throw new Error(`fixture ${dashboard}: ${r.status}`);
      return r.json() as Promise<DashboardFixture>;
    });
    fixtures.set(dashboard, fixture);
  }
  return fixture;
}

/** Every chart of every fixture dashboard: each chart panel and each chart drill level. */
export async function chartCases(): Promise<ChartCase[]> {
  const cases: ChartCase[] = [];
  for (const dashboard of DASHBOARDS) {
    const fixture = await loadFixture(dashboard);
    for (const panel of fixture.definition.panels) {
      if (panel.vega)
        cases.push({ name: `${dashboard}/${panel.id}`, title: panel.title, spec: panel.vega, rows: resultRows(fixture.data.response.panels[panel.id]!) });
      (panel.drill ?? []).forEach((level, i) => {
        const result = fixture.drill[panel.id]?.[i]?.query.response;
        if (level.vega && result) cases.push({ name: `${dashboard}/${panel.id}/level-${i + 1}`, title: level.title, spec: level.vega, rows: resultRows(result) });
      });
    }
  }
  return cases;
}

export async function chartCase(name: string): Promise<ChartCase> {
  const found = (await chartCases()).find((c) => c.name === name);
  if (!found) throw new Error(`no chart "${name}" in the fixtures`);
  return found;
}

/** A block-level container of `width` px attached to the document (or inside `parent`). */
export function makeContainer(width: number, parent: Node = document.body): HTMLDivElement {
  const container = document.createElement('div');
  container.style.width = `${width}px`;
  parent.appendChild(container);
  return container;
}

/** The items keyboard navigation walks, in row order. */
export function dataItems(handle: ChartHandle): SceneItem[] {
  return primaryItems(handle.view.scenegraph().root, rowIndexOf);
}

/** The centre of an item in client (viewport) coordinates. */
export function itemCentre(handle: ChartHandle, item: SceneItem): { x: number; y: number } {
  const surface = handle.view.container()!.getBoundingClientRect();
  const box = itemBox(item, handle.view.origin(), handle.view.padding());
  return { x: surface.left + box.x + box.width / 2, y: surface.top + box.y + box.height / 2 };
}

/** The element under a client point, looking into open shadow roots. */
function elementAt(x: number, y: number): Element {
  let root: Document | ShadowRoot = document;
  let element = root.elementFromPoint(x, y);
  while (element?.shadowRoot && element.shadowRoot !== root) {
    root = element.shadowRoot;
    const inner = root.elementFromPoint(x, y);
    if (!inner || inner === element) break;
    element = inner;
  }
  if (!element) throw new Error(`nothing at (${x}, ${y})`);
  return element;
}

/** Dispatches pointer (and mouse) events of `types` at a client point, as a real pointer would. */
export function pointerAt(x: number, y: number, types: string[], modifiers: { shiftKey?: boolean } = {}): Element {
  const target = elementAt(x, y);
  for (const type of types) {
    const init = { clientX: x, clientY: y, bubbles: true, composed: true, cancelable: true, pointerId: 1, pointerType: 'mouse', button: 0, ...modifiers };
    target.dispatchEvent(type.startsWith('pointer') ? new PointerEvent(type, init) : new MouseEvent(type, init));
  }
  return target;
}

export function hover(handle: ChartHandle, item: SceneItem): Element {
  const { x, y } = itemCentre(handle, item);
  return pointerAt(x, y, ['pointerover', 'pointerenter', 'pointermove']);
}

export function click(handle: ChartHandle, item: SceneItem, modifiers: { shiftKey?: boolean } = {}): Element {
  const { x, y } = itemCentre(handle, item);
  return pointerAt(x, y, ['pointerover', 'pointermove', 'pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'], modifiers);
}

export function key(target: HTMLElement, name: string, modifiers: { shiftKey?: boolean } = {}): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, composed: true, cancelable: true, ...modifiers }));
}

/** Lets queued Vega runs (event streams are handled asynchronously) finish. */
export async function settleView(handle: ChartHandle): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await handle.view.runAsync();
}

/** The chart's root element (the focusable one) inside a container. */
export function chartRoot(container: ParentNode): HTMLElement {
  const root = container.querySelector<HTMLElement>('.kineo-chart-root');
  if (!root) throw new Error('no chart root in the container');
  return root;
}

/**
 * What Vega-Lite compiles a vertical bar chart with a nominal x to (`mark: bar`, x: category
 * nominal, y: completion_rate quantitative with a "%" axis): its width is a step per band. No
 * shipped dashboard has one yet, and tests may not import vega-lite, so the output is kept here.
 */
export const discreteXBarSpec: Record<string, unknown> = {
  "$schema": "https://vega.github.io/schema/vega/v6.json",
  "background": "white",
  "padding": 5,
  "height": 300,
  "style": "cell",
  "data": [
    {
      "name": "table"
    },
    {
      "name": "data_0",
      "source": "table",
      "transform": [
        {
          "type": "stack",
          "groupby": [
            "category"
          ],
          "field": "completion_rate",
          "sort": {
            "field": [],
            "order": []
          },
          "as": [
            "completion_rate_start",
            "completion_rate_end"
          ],
          "offset": "zero"
        },
        {
          "type": "filter",
          "expr": "isValid(datum[\"completion_rate\"]) && isFinite(+datum[\"completion_rate\"])"
        }
      ]
    }
  ],
  "signals": [
    {
      "name": "x_step",
      "value": 20
    },
    {
      "name": "width",
      "update": "bandspace(domain('x').length, 0.1, 0.05) * x_step"
    }
  ],
  "marks": [
    {
      "name": "marks",
      "type": "rect",
      "style": [
        "bar"
      ],
      "from": {
        "data": "data_0"
      },
      "encode": {
        "update": {
          "tooltip": {
            "signal": "{\"category\": isValid(datum[\"category\"]) ? isArray(datum[\"category\"]) ? join(datum[\"category\"], '\\n') : datum[\"category\"] : \"\"+datum[\"category\"], \"Completion rate\": format(datum[\"completion_rate\"], \"%\")}"
          },
          "fill": {
            "value": "#4c78a8"
          },
          "ariaRoleDescription": {
            "value": "bar"
          },
          "description": {
            "signal": "\"category: \" + (isValid(datum[\"category\"]) ? isArray(datum[\"category\"]) ? join(datum[\"category\"], ' ') : datum[\"category\"] : \"\"+datum[\"category\"]) + \"; Completion rate: \" + (format(datum[\"completion_rate\"], \"%\"))"
          },
          "x": {
            "scale": "x",
            "field": "category"
          },
          "width": {
            "signal": "max(0.25, bandwidth('x'))"
          },
          "y": {
            "scale": "y",
            "field": "completion_rate_end"
          },
          "y2": {
            "scale": "y",
            "field": "completion_rate_start"
          }
        }
      }
    }
  ],
  "scales": [
    {
      "name": "x",
      "type": "band",
      "domain": {
        "data": "data_0",
        "field": "category",
        "sort": true
      },
      "range": {
        "step": {
          "signal": "x_step"
        }
      },
      "paddingInner": 0.1,
      "paddingOuter": 0.05
    },
    {
      "name": "y",
      "type": "linear",
      "domain": {
        "data": "data_0",
        "fields": [
          "completion_rate_start",
          "completion_rate_end"
        ]
      },
      "range": [
        {
          "signal": "height"
        },
        0
      ],
      "nice": true,
      "zero": true
    }
  ],
  "axes": [
    {
      "scale": "y",
      "orient": "left",
      "gridScale": "x",
      "grid": true,
      "tickCount": {
        "signal": "ceil(height/40)"
      },
      "domain": false,
      "labels": false,
      "aria": false,
      "maxExtent": 0,
      "minExtent": 0,
      "ticks": false,
      "zindex": 0
    },
    {
      "scale": "x",
      "orient": "bottom",
      "grid": false,
      "labelAlign": "right",
      "labelAngle": 270,
      "labelBaseline": "middle",
      "zindex": 0
    },
    {
      "scale": "y",
      "orient": "left",
      "grid": false,
      "title": "Completion rate",
      "format": "%",
      "labelOverlap": true,
      "tickCount": {
        "signal": "ceil(height/40)"
      },
      "zindex": 0
    }
  ]
};

interface AxeResult {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
}
let axe: Promise<{ run(context: Element, options?: object): Promise<AxeResult> }> | undefined;

/** axe-core's violations in `context` as readable lines (empty: none). Loaded as the classic script it is. */
export async function axeViolations(context: Element): Promise<string[]> {
  axe ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = () => resolve((window as unknown as { axe: Awaited<NonNullable<typeof axe>> }).axe);
    script.onerror = () => reject(new Error('axe-core could not be loaded'));
    document.head.append(script);
  });
  const results = await (await axe).run(context);
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('; ')}`,
  );
}
