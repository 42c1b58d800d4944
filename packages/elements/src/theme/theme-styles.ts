import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * The design tokens, light and dark. Text colours meet WCAG AA (4.5:1) on both surfaces in their
 * mode; the ratios are checked by `theme.browser.test.ts` and by axe.
 */
export const lightTokens = {
  primary: '#0b5cab',
  accent: '#b4451f',
  text: '#1b1f24',
  textMuted: '#555f6b',
  surface: '#ffffff',
  background: '#f5f7fa',
  border: '#d0d7de',
  grid: '#e4e8ec',
  danger: '#b42318',
} as const;

export const darkTokens = {
  primary: '#6cb2ff',
  accent: '#ff9e7a',
  text: '#e6eaef',
  textMuted: '#a3adb8',
  surface: '#171c22',
  background: '#0e1217',
  border: '#3a424c',
  grid: '#2f3640',
  danger: '#ff8a80',
} as const;

export type ThemeTokenName = keyof typeof lightTokens;

const pair = (name: ThemeTokenName) => unsafeCSS(`light-dark(${lightTokens[name]}, ${darkTokens[name]})`);

/**
 * A tenant colour: `tenantThemeStyle` sets it for light mode and a `-dark` variant that stays
 * visible on the dark surface; without a tenant theme, Kineo's own.
 */
const tenantColour = (tenantProperty: string, name: 'primary' | 'accent') =>
  unsafeCSS(`light-dark(var(${tenantProperty}, ${lightTokens[name]}), var(${tenantProperty}-dark, ${darkTokens[name]}))`);

/**
 * Styles every Kineo element includes. The wrapper of an element's shadow tree carries the class
 * `kineo-theme` and `data-mode="light|dark|auto"` (see `themeModeAttribute`); on it the public
 * `--kineo-*` properties resolve into private `--_kineo-*` ones, in this order:
 *
 * 1. `--kineo-color-primary` etc. set by the host page (on the element or any ancestor, e.g. `:root`),
 * 2. the tenant's theme, which `<kineo-dashboard>` sets as `--kineo-tenant-*` on itself
 *    (`tenantThemeStyle`): one layer down, so a page's own `--kineo-*` always wins,
 * 3. Kineo's light or dark default.
 *
 * Light and dark values are chosen by `color-scheme` with `light-dark()`: `data-mode="auto"`
 * follows `prefers-color-scheme`. A page that wants different overrides per mode sets e.g.
 * `--kineo-color-text: light-dark(#222, #eee)`.
 */
export const themeStyles: CSSResult = css`
  .kineo-theme {
    color-scheme: light dark;
    --_kineo-color-primary: var(--kineo-color-primary, ${tenantColour('--kineo-tenant-color-primary', 'primary')});
    --_kineo-color-accent: var(--kineo-color-accent, ${tenantColour('--kineo-tenant-color-accent', 'accent')});
    --_kineo-color-text: var(--kineo-color-text, ${pair('text')});
    --_kineo-color-text-muted: var(--kineo-color-text-muted, ${pair('textMuted')});
    --_kineo-color-surface: var(--kineo-color-surface, ${pair('surface')});
    --_kineo-color-background: var(--kineo-color-background, ${pair('background')});
    --_kineo-color-border: var(--kineo-color-border, ${pair('border')});
    --_kineo-color-grid: var(--kineo-color-grid, ${pair('grid')});
    --_kineo-color-danger: var(--kineo-color-danger, ${pair('danger')});
    --_kineo-color-focus: var(--kineo-color-focus, var(--_kineo-color-primary));
    --_kineo-font-family: var(
      --kineo-font-family,
      var(--kineo-tenant-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif)
    );
    --_kineo-radius: var(--kineo-radius, 8px);
    --_kineo-gap: var(--kineo-gap, 16px);
    --_kineo-panel-padding: var(--kineo-panel-padding, 16px);
    color: var(--_kineo-color-text);
    font-family: var(--_kineo-font-family);
  }
  .kineo-theme[data-mode='light'] {
    color-scheme: light;
  }
  .kineo-theme[data-mode='dark'] {
    color-scheme: dark;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  :focus-visible {
    outline: 2px solid var(--_kineo-color-focus);
    outline-offset: 2px;
  }
`;

/** Every `--kineo-*` custom property the elements read, for documentation and tests. */
export const themeProperties = [
  '--kineo-color-primary',
  '--kineo-color-accent',
  '--kineo-color-text',
  '--kineo-color-text-muted',
  '--kineo-color-surface',
  '--kineo-color-background',
  '--kineo-color-border',
  '--kineo-color-grid',
  '--kineo-color-danger',
  '--kineo-color-focus',
  '--kineo-font-family',
  '--kineo-radius',
  '--kineo-gap',
  '--kineo-panel-padding',
] as const;
