/// <reference path="./vega-modules.d.ts" />
import { expressionInterpreter } from 'vega-interpreter';
import { parse } from 'vega-parser';
import { View, type EventHandler } from 'vega-view';
import type { SceneItem } from 'vega-scenegraph';
import { createChartDom } from './chart-dom.js';
import { chartImageURL, type ChartImageType } from './chart-image.js';
import { chartLogger, ChartRenderError } from './chart-logger.js';
import { chartSpec } from './chart-spec.js';
import { vegaConfig, type ChartTheme } from './chart-theme.js';
import { ChartTooltip } from './chart-tooltip.js';
import { KeyboardNavigation } from './keyboard-navigation.js';
import { offlineLoader } from './offline-loader.js';
import { registerChartTransforms } from './register-transforms.js';
import { datumFields, indexedCopy, rowIndexOf } from './row-index.js';
import { chooseRenderer, type RendererPreference } from './renderer-choice.js';
import { dataShapeCount, isDataItem, itemBox, primaryItems } from './scene-items.js';
import { tooltipContent, type TooltipContent } from './tooltip-content.js';
import { vegaLocale } from './vega-locale.js';

export type ChartRow = Readonly<Record<string, unknown>>;
export type SelectTrigger = 'pointer' | 'keyboard';

export interface RenderChartOptions {
  /** The panel's compiled Vega spec, as the API sends it (`panel.vega`). Not modified. */
  spec: Readonly<Record<string, unknown>>;
  /** The rows for its `table` data (`resultRows(result)`). Not modified. */
  rows: readonly ChartRow[];
  /** The container's width in CSS pixels: the chart, padding included, fits it. */
  width: number;
  /** `auto` (default): SVG up to {@link SVG_SHAPE_LIMIT} data shapes, canvas above. */
  renderer?: RendererPreference;
  /** BCP 47 tag for number and date formats; default: the browser's language. */
  locale?: string;
  theme: ChartTheme;
  /** The chart's accessible name (the panel title). */
  label: string;
  /** The chart's accessible description (the panel description). */
  description?: string;
  /**
   * A data mark was clicked, or chosen with Enter/Space. `datum` is the row (one of `rows`) the
   * mark was drawn from; for marks drawn from aggregated data, the aggregate's fields.
   */
  /** `shiftKey`: the selection was made with Shift held (click or Enter), asking for the alternative action. */
  onSelect?: (datum: ChartRow, trigger: SelectTrigger, modifiers: { shiftKey: boolean }) => void;
  /** Aborting finalizes the chart (and rejects `renderChart` if it is still drawing). */
  signal?: AbortSignal;
}

export interface ChartHandle {
  readonly view: View;
  /** The renderer in use; with `renderer: 'auto'` it follows the data shape count on each update. */
  readonly renderer: 'svg' | 'canvas';
  /** Shapes the data marks draw (bars, points, arcs; one per line or area). */
  readonly markCount: number;
  /** Redraws with new rows (same spec). No-op once finalized. */
  update(rows: readonly ChartRow[]): Promise<void>;
  /** Fits a new container width. No-op once finalized. */
  resize(width: number): Promise<void>;
  /** A `data:` URL of the chart as PNG (theme background filled in) or SVG, at `scale` (default 1). */
  toImageURL(type: ChartImageType, scale?: number): Promise<string>;
  /** Stops the view and removes everything the chart added (DOM, listeners, tooltip). Idempotent. */
  finalize(): void;
}

const fitWidth = (width: number) => (Number.isFinite(width) ? Math.max(0, Math.floor(width)) : 0);

/** What the tooltip shows and the live region says for an item: its tooltip, else its ARIA description, else its row. */
function itemContent(item: SceneItem, row: ChartRow): TooltipContent {
  const fromTooltip = tooltipContent(item.tooltip);
  if (fromTooltip) return fromTooltip;
  if (item.description) return { title: item.description, rows: [] };
  return { rows: Object.entries(row).map(([key, value]): [string, string] => [key, String(value ?? '')]) };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The chart was aborted.', 'AbortError');
}

/**
 * Draws a compiled Vega spec with `rows` into `container` using modular Vega (no Vega-Lite in the
 * browser): themed, fitted to `width` with a natural height, with text-only tooltips, keyboard
 * navigation through the data, and selection by click or Enter. Resolves when the chart is drawn;
 * rejects with a {@link ChartRenderError} when Vega cannot draw it (nothing is left in the
 * container then), or with the signal's reason when aborted.
 */
export async function renderChart(container: HTMLElement, options: RenderChartOptions): Promise<ChartHandle> {
  const { signal, theme, onSelect } = options;
  signal?.throwIfAborted();
  registerChartTransforms();

  const logger = chartLogger();
  let view: View;
  try {
    // `ast: true` + the interpreter: Vega evaluates expressions without `new Function`, so charts
    // draw on host pages whose Content-Security-Policy forbids 'unsafe-eval' (LMSs often do).
    const runtime = parse(chartSpec(options.spec, { primaryColor: theme.primaryColor, selectable: !!onSelect }), vegaConfig(theme), { ast: true });
    view = new View(runtime, {
      expr: expressionInterpreter,
      renderer: 'none',
      logger,
      loader: offlineLoader,
      tooltip: (_handler, event, _item, value) => showPointerTooltip(event, value),
      locale: vegaLocale(options.locale ?? navigator.language),
    });
  } catch (error) {
    throw new ChartRenderError(`The chart's spec is not one Vega can draw: ${(error as Error).message}`, { cause: error });
  }

  const dom = createChartDom(container, { label: options.label, description: options.description, selectable: !!onSelect, theme });
  const tooltip = new ChartTooltip(dom.root, theme);
  const preference = options.renderer ?? 'auto';

  // Vega marks the objects it is given as its tuples: it gets copies, which say which row they are.
  let rows: readonly ChartRow[] = [];
  const rowOf = (datum: Record<string, unknown>): ChartRow => {
    const index = rowIndexOf(datum);
    return index === undefined ? datumFields(datum) : rows[index]!;
  };

  function showPointerTooltip(event: MouseEvent | null, value: unknown): void {
    const content = tooltipContent(value);
    if (!content || !event) return tooltip.hide();
    const bounds = dom.root.getBoundingClientRect();
    tooltip.show(content, event.clientX - bounds.left, event.clientY - bounds.top);
  }
  const select: EventHandler = (event, item) => {
    if (onSelect && isDataItem(item)) onSelect(rowOf(item.datum), 'pointer', { shiftKey: (event as MouseEvent).shiftKey === true });
  };
  const dismissOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && tooltip.visible && !navigation?.activeItem) tooltip.hide();
  };

  if (onSelect) view.addEventListener('click', select);
  container.ownerDocument.addEventListener('keydown', dismissOnEscape);

  let navigation: KeyboardNavigation | undefined;
  let renderer: 'svg' | 'canvas' | undefined;
  let markCount = 0;
  let finalized = false;

  const finalize = () => {
    if (finalized) return;
    finalized = true;
    signal?.removeEventListener('abort', finalize);
    container.ownerDocument.removeEventListener('keydown', dismissOnEscape);
    navigation?.dispose();
    view.finalize();
    tooltip.hide();
    dom.root.remove();
  };
  signal?.addEventListener('abort', finalize, { once: true });

  const setRows = (next: readonly ChartRow[]) => {
    rows = next;
    view.data('table', next.map(indexedCopy));
  };

  /** Runs the dataflow, then draws with the renderer the data shape count calls for. */
  const run = async () => {
    await view.runAsync();
    logger.throwIfFailed();
    markCount = dataShapeCount(view.scenegraph().root);
    const wanted = chooseRenderer(preference, markCount);
    if (wanted !== renderer) {
      const first = renderer === undefined;
      renderer = wanted;
      view.renderer(wanted);
      if (first) view.initialize(dom.view);
      await view.runAsync();
      logger.throwIfFailed();
    }
  };

  /** Where the view's drawing surface sits in the root: item boxes are relative to it. */
  const boxOf = (item: SceneItem) => {
    const box = itemBox(item, view.origin(), view.padding());
    return { ...box, x: box.x + dom.view.offsetLeft, y: box.y + dom.view.offsetTop };
  };

  try {
    setRows(options.rows);
    view.signal('width', fitWidth(options.width), { force: true });
    await run();
    if (signal?.aborted) throw abortReason(signal);
  } catch (error) {
    finalize();
    throw error;
  }

  navigation = new KeyboardNavigation({
    root: dom.root,
    focusRing: dom.focusRing,
    liveRegion: dom.liveRegion,
    tooltip,
    items: () => primaryItems(view.scenegraph().root, rowIndexOf),
    boxOf,
    contentOf: (item) => itemContent(item, rowOf(item.datum ?? {})),
    ...(onSelect ? { select: (item: SceneItem, event: KeyboardEvent) => onSelect(rowOf(item.datum ?? {}), 'keyboard', { shiftKey: event.shiftKey }) } : {}),
  });

  return {
    view,
    get renderer() {
      return renderer!;
    },
    get markCount() {
      return markCount;
    },
    async update(next) {
      if (finalized) return;
      setRows(next);
      await run();
      if (!finalized) navigation!.reset();
    },
    async resize(width) {
      if (finalized) return;
      view.signal('width', fitWidth(width), { force: true });
      await view.runAsync();
      logger.throwIfFailed();
      if (!finalized) navigation!.refresh();
    },
    async toImageURL(type, scale = 1) {
      if (finalized) throw new ChartRenderError('The chart was finalized; there is nothing to export.');
      return chartImageURL(view, type, scale, theme.background);
    },
    finalize,
  };
}
