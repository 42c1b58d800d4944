import { transforms } from 'vega-dataflow';
import {
  aggregate,
  bin,
  collect,
  compare,
  expression,
  extent,
  facet,
  field,
  filter,
  flatten,
  fold,
  formula,
  impute,
  joinaggregate,
  kde,
  key,
  load,
  lookup,
  multiextent,
  multivalues,
  params,
  pivot,
  prefacet,
  proxy,
  quantile,
  relay,
  sample,
  sequence,
  sieve,
  timeunit,
  tupleindex,
  values,
  window,
} from 'vega-transforms';
import { bound, identifier, mark, overlap, render, viewlayout } from 'vega-view-transforms';
import { axisticks, datajoin, encode, legendentries, scale, sortitems, stack } from 'vega-encode';

/**
 * The Vega transforms a chart compiled from Vega-Lite can need, by the name Vega looks them up by.
 *
 * - The parser's own operators: every spec needs these (collect, sieve, mark, encode, scale,
 *   axisticks, legendentries, viewlayout, render, bound...).
 * - The data transforms Vega-Lite emits for encodings and its `transform` array: aggregate, bin,
 *   extent, filter, flatten, fold, formula, identifier (selections), impute, joinaggregate, kde
 *   (density), lookup, pivot, quantile, sample, sequence, stack, timeunit, window.
 *
 * Left out, so they are not bundled: transforms Vega-Lite never emits (countpattern, cross,
 * density, dotbin, generate, linkpath, pie, project, and the force, voronoi, wordcloud, contour
 * and crossfilter packages) and those whose packages the browser bundle does not ship: geo
 * (geojson, geopoint, geoshape, graticule, for maps), regression and loess (trend lines), and
 * voronoi (Vega-Lite's `nearest` selections). A spec that uses one fails to parse with Vega's
 * "Unrecognized transform type" error.
 */
export const chartTransforms: Readonly<Record<string, unknown>> = {
  aggregate,
  bin,
  collect,
  compare,
  expression,
  extent,
  facet,
  field,
  filter,
  flatten,
  fold,
  formula,
  impute,
  joinaggregate,
  kde,
  key,
  load,
  lookup,
  multiextent,
  multivalues,
  params,
  pivot,
  prefacet,
  proxy,
  quantile,
  relay,
  sample,
  sequence,
  sieve,
  timeunit,
  tupleindex,
  values,
  window,
  bound,
  identifier,
  mark,
  overlap,
  render,
  viewlayout,
  axisticks,
  datajoin,
  encode,
  legendentries,
  scale,
  sortitems,
  stack,
};

/**
 * Adds {@link chartTransforms} to Vega's shared registry (idempotent). Registering is a side
 * effect on a module-level object, so it happens on the first render rather than on import: the
 * package stays free of import-time side effects.
 */
export function registerChartTransforms(): void {
  for (const [name, transform] of Object.entries(chartTransforms)) transforms[name] ??= transform;
}
