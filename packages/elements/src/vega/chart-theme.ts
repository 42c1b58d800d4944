import { categoryPalette, sequentialRamp } from './category-palette.js';

/**
 * The colours and font a chart is drawn with: resolved values (`#rrggbb` or `rgb()`), normally
 * read from the host element's `--kineo-*` custom properties, which carry the tenant theme.
 */
export interface ChartTheme {
  mode: 'light' | 'dark';
  /** Single-colour marks and the first category colour. */
  primaryColor: string;
  /** The second category colour. */
  accentColor?: string;
  /** Axis and legend titles, tooltip text. */
  textColor: string;
  /** Axis and legend labels. */
  mutedTextColor: string;
  /** Grid lines, axis domains and ticks, the tooltip border. */
  gridColor: string;
  /** The surface the chart sits on: filled in for PNG export and behind tooltips (the chart itself is transparent). */
  background: string;
  fontFamily: string;
}

/**
 * Vega's config for a theme: guides in the theme's colours and font, a transparent background,
 * category colours from the primary and accent colours, sequential colours ramping to the primary.
 * Spec-level values (a Vega-Lite `config`, explicit mark colours) still win over these.
 */
export function vegaConfig(theme: ChartTheme): Record<string, unknown> {
  const font = theme.fontFamily;
  const label = { fill: theme.mutedTextColor, font };
  const title = { fill: theme.textColor, font };
  const ramp = { scheme: sequentialRamp(theme.primaryColor, theme.background) };
  return {
    background: null,
    // Signal-bound inputs would land inside the drawing, which is hidden from assistive technology;
    // a dashboard's controls are its filter bar.
    events: { bind: 'none' },
    arc: { fill: theme.primaryColor },
    area: { fill: theme.primaryColor },
    line: { stroke: theme.primaryColor },
    path: { stroke: theme.primaryColor },
    rect: { fill: theme.primaryColor },
    shape: { stroke: theme.primaryColor },
    symbol: { fill: theme.primaryColor },
    trail: { fill: theme.primaryColor },
    rule: { stroke: theme.mutedTextColor },
    text: { fill: theme.textColor, font },
    style: {
      'guide-label': label,
      'guide-title': title,
      'group-title': title,
      'group-subtitle': label,
      cell: { stroke: theme.gridColor },
    },
    axis: {
      domainColor: theme.gridColor,
      gridColor: theme.gridColor,
      tickColor: theme.gridColor,
      labelColor: theme.mutedTextColor,
      titleColor: theme.textColor,
      labelFont: font,
      titleFont: font,
    },
    legend: {
      labelColor: theme.mutedTextColor,
      titleColor: theme.textColor,
      labelFont: font,
      titleFont: font,
      gradientStrokeColor: theme.gridColor,
      symbolBaseStrokeColor: theme.mutedTextColor,
    },
    title: { color: theme.textColor, subtitleColor: theme.mutedTextColor, font, subtitleFont: font },
    range: {
      category: categoryPalette(theme.primaryColor, theme.accentColor, theme.mode),
      ordinal: ramp,
      ramp,
      heatmap: ramp,
    },
  };
}
