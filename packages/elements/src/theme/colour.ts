/** sRGB colour arithmetic for the theme: WCAG contrast ratios and mixing, on `#rrggbb` colours. */

export type Rgb = readonly [number, number, number];

const HEX = /^#([0-9a-f]{6})$/i;

/** `#rrggbb` → [r, g, b] (0–255); `undefined` for anything else. */
export function parseHex(colour: string): Rgb | undefined {
  const match = HEX.exec(colour.trim());
  if (!match) return undefined;
  const n = Number.parseInt(match[1]!, 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** [r, g, b] → `#rrggbb`. */
export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG 2 relative luminance. */
export function relativeLuminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio of two colours, 1–21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** `colour` mixed with `other`; `amount` 0 is `colour`, 1 is `other`. */
export function mix(colour: Rgb, other: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((i) => colour[i]! + (other[i]! - colour[i]!) * amount) as unknown as Rgb;
}

/**
 * `colour`, mixed step by step towards `towards` (white on a dark surface, black on a light one)
 * until it has at least `minRatio` contrast with `surface`; unchanged when it already has.
 */
export function withContrast(colour: Rgb, surface: Rgb, towards: Rgb, minRatio: number): Rgb {
  for (let amount = 0; amount <= 1; amount += 0.05) {
    const candidate = mix(colour, towards, amount);
    if (contrastRatio(candidate, surface) >= minRatio) return candidate.map(Math.round) as unknown as Rgb;
  }
  return towards;
}
