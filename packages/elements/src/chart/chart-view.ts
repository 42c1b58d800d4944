import type { SelectIntent } from '../state/dashboard-context.js';
import type { QueryResult } from '@kineo/core';
import type { ReactiveController, ReactiveElement } from 'lit';
import { dispatchKineoEvent, errorInfoOf } from '../events.js';
import type { ChartTheme } from '../vega/chart-theme.js';
import { renderChart, type ChartHandle, type ChartRow } from '../vega/render-chart.js';

/** What a chart level needs drawn. */
export interface ChartRequest {
  /** The level's compiled Vega spec. */
  vega: Readonly<Record<string, unknown>>;
  /** The result the rows come from (identity tells new data). */
  result: QueryResult;
  rows: readonly ChartRow[];
  locale: string;
  theme: ChartTheme;
  /** Accessible name: the level's title. */
  title: string;
  /** Accessible description: the level's description and a summary of the data. */
  description: string;
}

/** What a drawn chart was drawn with: a change of any of these needs a new Vega view. */
function viewKey(request: ChartRequest): string {
  return JSON.stringify([request.locale, request.theme, request.title, request.description]);
}

/**
 * One panel's Vega view (the chart module's `renderChart`), kept in step with what the panel
 * shows: it draws into the container the panel renders, redraws with new rows in place, makes a
 * new view when the spec, theme, locale or wording change (finalizing the old one first), follows
 * the container's width with a ResizeObserver (the height follows the chart), and finalizes when
 * the element leaves the page. A chart Vega cannot draw becomes `error` (the panel shows its error
 * state and a `kineo-error` fires), never a blank area.
 */
export class ChartView implements ReactiveController {
  readonly #host: ReactiveElement;
  readonly #onSelect: (datum: ChartRow, intent: SelectIntent) => void;
  #container: HTMLElement | undefined;
  #request: ChartRequest | undefined;
  #handle: ChartHandle | undefined;
  /** Aborts the drawing in progress when a newer one supersedes it. */
  #drawing: AbortController | undefined;
  /** Serialises row updates and resizes on one view. */
  #queue: Promise<void> = Promise.resolve();
  #width = 0;
  #resizeObserver: ResizeObserver | undefined;
  #failure: { vega: ChartRequest['vega']; result: QueryResult; error: unknown } | undefined;

  constructor(host: ReactiveElement, onSelect: (datum: ChartRow, intent: SelectIntent) => void) {
    this.#host = host;
    this.#onSelect = onSelect;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.finalize();
  }

  /** A chart is drawn and can be exported. */
  get ready(): boolean {
    return this.#handle !== undefined;
  }

  /** The drawn chart's handle, for tests and exports. */
  get handle(): ChartHandle | undefined {
    return this.#handle;
  }

  /** Why drawing this spec with these rows failed, if it did. */
  errorFor(vega: ChartRequest['vega'] | undefined, result: QueryResult): unknown {
    const failure = this.#failure;
    return failure && failure.vega === vega && failure.result === result ? failure.error : undefined;
  }

  /** Forgets a failure, so the next `show` tries again. */
  reset(): void {
    this.#failure = undefined;
  }

  /**
   * Makes the container show `request` (called after every render). Without a container or a
   * request (another view, a state without data), the chart is finalized.
   */
  show(container: HTMLElement | undefined, request: ChartRequest | undefined): void {
    if (!container || !request) {
      if (this.#container) this.finalize();
      return;
    }
    if (this.errorFor(request.vega, request.result) !== undefined) return;
    const previous = this.#request;
    if (container === this.#container && previous && previous.vega === request.vega && viewKey(previous) === viewKey(request)) {
      if (previous.result !== request.result) {
        this.#request = request;
        this.#enqueue((handle) => handle.update(request.rows), request);
      }
      return;
    }
    this.#draw(container, request);
  }

  /** A `data:` URL of the chart as PNG or SVG. */
  async toImageURL(type: 'png' | 'svg'): Promise<string> {
    await this.#queue;
    if (!this.#handle) throw new Error('The chart is not drawn yet.');
    return this.#handle.toImageURL(type);
  }

  /** Removes the chart and everything Vega added; idempotent. */
  finalize(): void {
    this.#drawing?.abort();
    this.#drawing = undefined;
    this.#handle?.finalize();
    this.#handle = undefined;
    this.#request = undefined;
    this.#resizeObserver?.disconnect();
    this.#container = undefined;
  }

  #draw(container: HTMLElement, request: ChartRequest): void {
    this.finalize();
    this.#container = container;
    this.#request = request;
    const width = container.clientWidth;
    this.#width = width;
    const drawing = new AbortController();
    this.#drawing = drawing;
    this.#resizeObserver ??= new ResizeObserver((entries) => this.#onResize(entries));
    this.#resizeObserver.observe(container);
    this.#queue = renderChart(container, {
      spec: request.vega,
      rows: request.rows,
      width,
      locale: request.locale,
      theme: request.theme,
      label: request.title,
      description: request.description,
      // Shift asks for the other action of a panel that both drills and cross-filters.
      onSelect: (datum, _trigger, { shiftKey }) => this.#onSelect(datum, shiftKey ? 'filter' : 'auto'),
      signal: drawing.signal,
    }).then(
      (handle) => {
        if (this.#drawing !== drawing) {
          handle.finalize();
          return;
        }
        this.#drawing = undefined;
        this.#handle = handle;
        // The container may have changed width while the chart was being drawn.
        if (container.clientWidth > 0 && container.clientWidth !== width) this.#resize(container.clientWidth);
        this.#host.requestUpdate();
      },
      (error: unknown) => {
        if (this.#drawing !== drawing) return;
        this.#drawing = undefined;
        this.#fail(request, error);
      },
    );
  }

  #enqueue(step: (handle: ChartHandle) => Promise<void>, request: ChartRequest): void {
    this.#queue = this.#queue.then(async () => {
      const handle = this.#handle;
      if (!handle) return;
      try {
        await step(handle);
      } catch (error) {
        if (this.#handle === handle) this.#fail(request, error);
      }
    });
  }

  #fail(request: ChartRequest, error: unknown): void {
    this.finalize();
    this.#failure = { vega: request.vega, result: request.result, error };
    dispatchKineoEvent(this.#host, 'kineo-error', { error: errorInfoOf(error), source: 'data', ...panelOf(this.#host) });
    this.#host.requestUpdate();
  }

  #onResize(entries: ResizeObserverEntry[]): void {
    const entry = entries.at(-1);
    if (!entry || entry.target !== this.#container) return;
    const width = Math.floor(entry.contentRect.width);
    // While the first drawing is on, its end compares the width itself.
    if (width <= 0 || width === this.#width || !this.#handle) return;
    this.#resize(width);
  }

  #resize(width: number): void {
    this.#width = width;
    const request = this.#request;
    if (request) this.#enqueue((handle) => handle.resize(width), request);
  }
}

function panelOf(host: ReactiveElement): { panel?: string } {
  const panel = host.getAttribute('panel');
  return panel ? { panel } : {};
}
