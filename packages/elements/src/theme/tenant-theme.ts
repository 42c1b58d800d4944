import type { TenantTheme } from '@kineo/core';
import { parseHex, toHex, withContrast, type Rgb } from './colour.js';
import { darkTokens, lightTokens } from './theme-styles.js';

/**
 * Graphical objects (bars, lines, focus rings) need 3:1 against what surrounds them (WCAG 1.4.11);
 * a brand colour that has less on a surface is nudged until it has.
 */
const GRAPHICS_CONTRAST = 3;

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

/**
 * Characters a font-family list needs. Anything else (`;`, `{`, `(`, `\`, `<`) could end the
 * declaration and smuggle in others (`background: url(...)`), so it is dropped.
 */
const FONT_FAMILY_UNSAFE = /[^\p{L}\p{N} ,'"_.-]/gu;

function colourDeclarations(property: string, colour: string | undefined): string[] {
  const rgb = colour === undefined ? undefined : parseHex(colour);
  if (!rgb) return [];
  const light = withContrast(rgb, parseHex(lightTokens.surface)!, BLACK, GRAPHICS_CONTRAST);
  const dark = withContrast(rgb, parseHex(darkTokens.surface)!, WHITE, GRAPHICS_CONTRAST);
  return [`${property}: ${toHex(light)}`, `${property}-dark: ${toHex(dark)}`];
}

/**
 * The tenant's theme as inline style text for `<kineo-dashboard>`'s host (or a panel used on its
 * own): `--kineo-tenant-color-primary`, `--kineo-tenant-color-accent` (each with a `-dark` variant
 * that keeps 3:1 contrast on the dark surface) and `--kineo-tenant-font-family`. These are one
 * layer below the public `--kineo-*` properties in `themeStyles`, so a host page that sets
 * `--kineo-color-primary` (on the element or an ancestor) wins over the tenant. Colours that are
 * not `#rrggbb` and unsafe font-family characters are dropped. The mode is not styled here: it is
 * the `theme` attribute's fallback (`resolveThemeMode`).
 */
export function tenantThemeStyle(theme: TenantTheme): string {
  const declarations = [
    ...colourDeclarations('--kineo-tenant-color-primary', theme.primaryColor),
    ...colourDeclarations('--kineo-tenant-color-accent', theme.accentColor),
  ];
  const fontFamily = theme.fontFamily?.replace(FONT_FAMILY_UNSAFE, '').trim();
  if (fontFamily) declarations.push(`--kineo-tenant-font-family: ${fontFamily}`);
  return declarations.join('; ');
}
