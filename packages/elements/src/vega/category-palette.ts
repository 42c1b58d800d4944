type Rgb = [number, number, number];

/** How many colours a category scale cycles through. */
export const PALETTE_SIZE = 10;

/** Vega's tableau10 without its first colour: used after the theme's colours when they cannot be read. */
const FALLBACK_COLOURS = ['#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

/** The golden angle: stepping the hue by it never lands two of the first ten colours close together. */
const GOLDEN_ANGLE = 137.508;

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const RGB = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*(?:[,/]\s*([\d.]+)(%?)\s*)?\)$/i;

/**
 * `#rgb`, `#rrggbb` or `rgb()`/`rgba()` (what `getComputedStyle` gives for a custom property's
 * colour) as [r, g, b]; anything else through the canvas colour parser; undefined if unreadable
 * or fully transparent.
 */
export function parseColour(colour: string): Rgb | undefined {
  const text = colour.trim();
  const hex = HEX.exec(text)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    const n = Number.parseInt(full, 16);
    return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  }
  const rgb = RGB.exec(text);
  if (rgb) return Number(rgb[4] ?? 1) === 0 ? undefined : [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  if (typeof document === 'undefined') return undefined;
  // Named colours, hsl()...: the canvas normalises what it understands to #rrggbb or rgba().
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return undefined;
  context.fillStyle = '#010203';
  context.fillStyle = text;
  const normalised = String(context.fillStyle);
  return normalised === '#010203' || normalised === text ? undefined : parseColour(normalised);
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

/** `colour` mixed with `other`: 0 is `colour`, 1 is `other`. */
export function mixColours(colour: Rgb, other: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((i) => colour[i]! + (other[i]! - colour[i]!) * amount) as Rgb;
}

function hue([r, g, b]: Rgb): number {
  const [rn, gn, bn] = [r / 255, g / 255, b / 255];
  const max = Math.max(rn, gn, bn);
  const delta = max - Math.min(rn, gn, bn);
  if (delta === 0) return 0;
  const h = max === rn ? ((gn - bn) / delta) % 6 : max === gn ? (bn - rn) / delta + 2 : (rn - gn) / delta + 4;
  return (h * 60 + 360) % 360;
}

function fromHsl(h: number, s: number, l: number): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] = h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  return [(r + m) * 255, (g + m) * 255, (b + m) * 255];
}

/**
 * The colours of a category (nominal) scale: the theme's primary colour first, its accent second,
 * then hues stepped from the primary's by the golden angle at a saturation and lightness that read
 * on the mode's background (darker on light, lighter on dark).
 */
export function categoryPalette(primaryColor: string, accentColor: string | undefined, mode: 'light' | 'dark'): string[] {
  const themeColours = [primaryColor, ...(accentColor ? [accentColor] : [])];
  const primary = parseColour(primaryColor);
  if (!primary) return [...themeColours, ...FALLBACK_COLOURS].slice(0, PALETTE_SIZE);
  const start = hue(primary);
  const [saturation, lightness] = mode === 'dark' ? [0.6, 0.66] : [0.62, 0.44];
  const generated: string[] = [];
  for (let step = 1; themeColours.length + generated.length < PALETTE_SIZE; step++)
    generated.push(toHex(fromHsl((start + step * GOLDEN_ANGLE) % 360, saturation, lightness)));
  return [...themeColours, ...generated];
}

/**
 * A sequential ramp for continuous and ordinal colour scales: from the primary colour faded into
 * the background up to the primary colour.
 */
export function sequentialRamp(primaryColor: string, background: string): string[] {
  const primary = parseColour(primaryColor);
  const surface = parseColour(background);
  if (!primary || !surface) return [primaryColor, primaryColor];
  return [toHex(mixColours(primary, surface, 0.8)), toHex(primary)];
}
