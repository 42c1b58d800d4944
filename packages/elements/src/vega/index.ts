/**
 * Chart rendering for @kineo/elements: compiled Vega specs drawn with modular Vega (vega-view,
 * vega-parser and the transforms Vega-Lite output needs; never `vega`, `vega-lite` or
 * `vega-embed`). No lit: the chart element wraps this.
 * @module
 */
export { renderChart } from './render-chart.js';
export type { ChartHandle, ChartRow, RenderChartOptions, SelectTrigger } from './render-chart.js';
export type { ChartTheme } from './chart-theme.js';
export { vegaConfig } from './chart-theme.js';
export { ChartRenderError } from './chart-logger.js';
export type { ChartImageType } from './chart-image.js';
export { SVG_SHAPE_LIMIT, chooseRenderer } from './renderer-choice.js';
export type { RendererPreference } from './renderer-choice.js';
export { vegaLocale } from './vega-locale.js';
export { chartTransforms, registerChartTransforms } from './register-transforms.js';
export { VEGA_LITE_DEFAULT_COLOR } from './chart-spec.js';
