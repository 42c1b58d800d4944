import type { View } from 'vega-view';

export type ChartImageType = 'png' | 'svg';

/**
 * The chart as an image `data:` URL, drawn off-screen at `scale` times its size. PNG gets
 * `background` filled in behind the chart (on screen the chart is transparent over its card; an
 * exported PNG has no card). SVG stays transparent and vector: it is meant to be placed on a page.
 * `data:` URLs (not `blob:`) so the caller has nothing to revoke.
 */
export async function chartImageURL(view: View, type: ChartImageType, scale: number, background: string): Promise<string> {
  if (type === 'svg') return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(await view.toSVG(scale))}`;
  if (type !== 'png') throw new TypeError(`Unknown image type "${String(type)}": use "png" or "svg".`);
  const chart = await view.toCanvas(scale);
  const image = document.createElement('canvas');
  image.width = chart.width;
  image.height = chart.height;
  const context = image.getContext('2d');
  if (!context) throw new Error('The browser cannot draw on a canvas, so the chart cannot be exported as PNG.');
  context.fillStyle = background;
  context.fillRect(0, 0, image.width, image.height);
  context.drawImage(chart, 0, 0);
  return image.toDataURL('image/png');
}
