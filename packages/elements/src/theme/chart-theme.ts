import type { ChartTheme } from '../vega/chart-theme.js';
import { parseHex, relativeLuminance, toHex, type Rgb } from './colour.js';
import { lightTokens } from './theme-styles.js';

/** The private properties `themeStyles` resolves (`--_kineo-*`), as the chart theme needs them. */
const chartColours = {
  primaryColor: '--_kineo-color-primary',
  accentColor: '--_kineo-color-accent',
  textColor: '--_kineo-color-text',
  mutedTextColor: '--_kineo-color-text-muted',
  gridColor: '--_kineo-color-grid',
  background: '--_kineo-color-surface',
} as const;

type ColourKey = keyof typeof chartColours;

const fallback: Record<ColourKey, string> = {
  primaryColor: lightTokens.primary,
  accentColor: lightTokens.accent,
  textColor: lightTokens.text,
  mutedTextColor: lightTokens.textMuted,
  gridColor: lightTokens.grid,
  background: lightTokens.surface,
};

let pixel: CanvasRenderingContext2D | null | undefined;

/**
 * A computed CSS colour (`rgb()`, `color(srgb …)`, `oklab(…)` — `light-dark()` and `color-mix()`
 * resolve to the latter) as `#rrggbb`, by painting one pixel: Vega's colour interpolation only
 * reads hex and `rgb()`. `undefined` when it cannot be read or is transparent.
 */
function toHexColour(colour: string, document: Document): string | undefined {
  if (parseHex(colour)) return colour;
  pixel ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!pixel) return undefined;
  pixel.clearRect(0, 0, 1, 1);
  pixel.fillStyle = '#000000';
  pixel.fillStyle = colour;
  pixel.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = pixel.getImageData(0, 0, 1, 1).data;
  if (a === 0) return undefined;
  return toHex([r!, g!, b!]);
}

/**
 * The chart theme as the `--kineo-*` custom properties resolve inside `element` (light or dark,
 * tenant colours, host overrides): each colour is read from a probe child's computed `color`, so
 * `light-dark()`, `color-mix()` and `var()` chains are resolved by the browser exactly as the
 * element's CSS sees them. `mode` is `dark` when the surface is darker than the text. The element
 * should be inside a `.kineo-theme` wrapper (every Kineo element renders one); elsewhere the light
 * defaults are returned.
 */
export function readChartTheme(element: Element): ChartTheme {
  const document = element.ownerDocument;
  const probe = document.createElement('span');
  probe.setAttribute('aria-hidden', 'true');
  probe.style.cssText = 'position:absolute;width:0;height:0;overflow:hidden;visibility:hidden';
  element.append(probe);
  try {
    const colours = {} as Record<ColourKey, string>;
    for (const [key, property] of Object.entries(chartColours) as [ColourKey, string][]) {
      probe.style.color = fallback[key];
      probe.style.color = `var(${property}, ${fallback[key]})`;
      colours[key] = toHexColour(getComputedStyle(probe).color, document) ?? fallback[key];
    }
    const fontFamily = getComputedStyle(probe).getPropertyValue('--_kineo-font-family').trim() || getComputedStyle(element).fontFamily;
    const luminance = (colour: string) => relativeLuminance(parseHex(colour) ?? ([255, 255, 255] as Rgb));
    const mode = luminance(colours.background) < luminance(colours.textColor) ? 'dark' : 'light';
    return { mode, ...colours, fontFamily };
  } finally {
    probe.remove();
  }
}
