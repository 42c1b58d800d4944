// Types for the parts of modular Vega this folder uses. The vega-* runtime packages ship no type
// declarations (the `vega` umbrella's typings would pull `vega` itself into the dependency
// graph), so the few functions, View methods and scenegraph shapes we use are declared here.

declare module 'vega-scenegraph' {
  /** An item's bounding box, in the coordinates of its enclosing group. */
  export interface SceneBounds {
    x1: number;
    y1: number;
    x2: number;
    y2: number;
  }
  /** One drawn thing: a bar, a point, an axis label... */
  export interface SceneItem {
    mark: SceneMark;
    datum?: Record<string, unknown>;
    bounds?: SceneBounds;
    x?: number;
    y?: number;
    tooltip?: unknown;
    description?: string;
    /** Group items only: the marks they contain. */
    items?: SceneMark[];
  }
  /** A mark: every item drawn from one mark definition in one group. */
  export interface SceneMark {
    marktype: string;
    /** `mark` for the spec's own marks; `axis-label`, `legend-symbol`, `frame`... for guides. */
    role: string;
    name?: string;
    items: SceneItem[];
    /** The group item this mark is drawn in; undefined for the scenegraph root. */
    group?: SceneItem;
  }
}

declare module 'vega-dataflow' {
  /** The registry of transform types that Vega's runtime looks operators up in, by lower-case name. */
  export const transforms: Record<string, unknown>;
}

declare module 'vega-transforms' {
  export const aggregate: unknown;
  export const bin: unknown;
  export const collect: unknown;
  export const compare: unknown;
  export const expression: unknown;
  export const extent: unknown;
  export const facet: unknown;
  export const field: unknown;
  export const filter: unknown;
  export const flatten: unknown;
  export const fold: unknown;
  export const formula: unknown;
  export const impute: unknown;
  export const joinaggregate: unknown;
  export const kde: unknown;
  export const key: unknown;
  export const load: unknown;
  export const lookup: unknown;
  export const multiextent: unknown;
  export const multivalues: unknown;
  export const params: unknown;
  export const pivot: unknown;
  export const prefacet: unknown;
  export const proxy: unknown;
  export const quantile: unknown;
  export const relay: unknown;
  export const sample: unknown;
  export const sequence: unknown;
  export const sieve: unknown;
  export const timeunit: unknown;
  export const tupleindex: unknown;
  export const values: unknown;
  export const window: unknown;
}

declare module 'vega-view-transforms' {
  export const bound: unknown;
  export const identifier: unknown;
  export const mark: unknown;
  export const overlap: unknown;
  export const render: unknown;
  export const viewlayout: unknown;
}

declare module 'vega-encode' {
  export const axisticks: unknown;
  export const datajoin: unknown;
  export const encode: unknown;
  export const legendentries: unknown;
  export const scale: unknown;
  export const sortitems: unknown;
  export const stack: unknown;
}

declare module 'vega-parser' {
  /** A parsed Vega specification: the dataflow description a View is built from. */
  export interface VegaRuntime {
    readonly __vegaRuntime: never;
  }
  /** Parses a Vega spec with `config` merged under the spec's own config; throws on an invalid spec. */
  export function parse(spec: object, config?: object, options?: object): VegaRuntime;
}

declare module 'vega-view' {
  import type { VegaRuntime } from 'vega-parser';
  import type { SceneItem, SceneMark } from 'vega-scenegraph';

  /** Called with `value` null to hide the tooltip. `this` is the view. */
  export type TooltipHandler = (handler: unknown, event: MouseEvent | null, item: SceneItem | null, value: unknown) => void;
  export type EventHandler = (event: Event, item: SceneItem | null | undefined) => void;

  export interface VegaLogger {
    level(): number;
    level(level: number): VegaLogger;
    error(...args: unknown[]): VegaLogger;
    warn(...args: unknown[]): VegaLogger;
    info(...args: unknown[]): VegaLogger;
    debug(...args: unknown[]): VegaLogger;
  }

  export interface VegaLoader {
    load(uri: string, options?: unknown): Promise<string>;
    sanitize(uri: string, options?: unknown): Promise<{ href: string }>;
    http(uri: string, options?: unknown): Promise<string>;
    file(filename: string): Promise<string>;
  }

  /** d3-format and d3-time-format locale definitions. */
  export interface VegaLocaleDefinition {
    number?: {
      decimal: string;
      thousands: string;
      grouping: number[];
      currency: [string, string];
      minus?: string;
      percent?: string;
      nan?: string;
    };
    time?: {
      dateTime: string;
      date: string;
      time: string;
      periods: [string, string];
      days: string[];
      shortDays: string[];
      months: string[];
      shortMonths: string[];
    };
  }

  export interface ViewOptions {
    renderer?: 'canvas' | 'svg' | 'none';
    container?: Element;
    tooltip?: TooltipHandler;
    logger?: VegaLogger;
    logLevel?: number;
    loader?: VegaLoader;
    locale?: VegaLocaleDefinition;
    hover?: boolean;
    /** Expression evaluator; vega-interpreter's evaluates parsed ASTs (`parse(…, { ast: true })`). */
    expr?: unknown;
  }

  export class View {
    constructor(runtime: VegaRuntime, options?: ViewOptions);
    initialize(container?: Element | null, bindContainer?: Element | null): this;
    finalize(): this;
    runAsync(): Promise<this>;
    renderer(): 'canvas' | 'svg' | 'none';
    renderer(type: 'canvas' | 'svg' | 'none'): this;
    tooltip(handler: TooltipHandler): this;
    data(name: string): Record<string, unknown>[];
    data(name: string, values: readonly object[]): this;
    signal(name: string): unknown;
    signal(name: string, value: unknown, options?: { force?: boolean }): this;
    width(): number;
    height(): number;
    padding(): { top: number; bottom: number; left: number; right: number };
    origin(): [number, number];
    background(): string | null;
    container(): HTMLElement | null;
    scenegraph(): { root: SceneMark };
    addEventListener(type: string, handler: EventHandler): this;
    removeEventListener(type: string, handler: EventHandler): this;
    toCanvas(scaleFactor?: number): Promise<HTMLCanvasElement>;
    toSVG(scaleFactor?: number): Promise<string>;
    toImageURL(type: 'png' | 'svg', scaleFactor?: number): Promise<string>;
  }
}
