// @ts-check
// A tenant's look in the portal: its name, colours, font and logo from the Kineo API's
// `GET /v1/viewer`, checked, and turned into the CSS custom properties every portal page sets.

/**
 * @typedef {object} TenantBranding
 * @property {string} id
 * @property {string} name
 * @property {string} primaryColor `#rrggbb`
 * @property {string} accentColor `#rrggbb`
 * @property {'light' | 'dark' | 'auto'} mode
 * @property {string | undefined} fontFamily
 * @property {string | undefined} logoUrl
 */

/** Kineo's own look (the elements' default palette), for the tenant picker and when a theme is unavailable. */
const KINEO_PRIMARY = '#0b5cab';
const KINEO_ACCENT = '#b4451f';
// The elements' light and dark surfaces (packages/elements/src/theme/theme-styles.ts): the portal
// uses the same, so a dashboard sits on the page without a seam.
const LIGHT = { text: '#1b1f24', muted: '#555f6b', surface: '#ffffff', background: '#f5f7fa', border: '#d0d7de' };
const DARK = { text: '#e6eaef', muted: '#a3adb8', surface: '#171c22', background: '#0e1217', border: '#3a424c' };
const HEX_COLOUR = /^#[0-9a-f]{6}$/i;
/** Characters a font-family list needs; anything else could end the declaration (as the elements do). */
const FONT_FAMILY_UNSAFE = /[^\p{L}\p{N} ,'"_.-]/gu;

/** @param {string} tenant @returns {TenantBranding} */
export function fallbackBranding(tenant) {
  return { id: tenant, name: tenant.charAt(0).toUpperCase() + tenant.slice(1), primaryColor: KINEO_PRIMARY, accentColor: KINEO_ACCENT, mode: 'auto', fontFamily: undefined, logoUrl: undefined };
}

/**
 * A viewer response's tenant and theme, keeping only values safe to put into CSS and HTML.
 * @param {string} tenant
 * @param {any} viewer
 * @returns {TenantBranding}
 */
export function brandingFromViewer(tenant, viewer) {
  const fallback = fallbackBranding(tenant);
  const theme = viewer?.theme ?? {};
  const colour = (/** @type {unknown} */ value, /** @type {string} */ otherwise) => (typeof value === 'string' && HEX_COLOUR.test(value) ? value.toLowerCase() : otherwise);
  const fontFamily = typeof theme.fontFamily === 'string' ? theme.fontFamily.replace(FONT_FAMILY_UNSAFE, '').trim() : '';
  const logoUrl = typeof theme.logoUrl === 'string' && /^(https?:|data:image\/)/i.test(theme.logoUrl) ? theme.logoUrl : undefined;
  const primaryColor = colour(theme.primaryColor, fallback.primaryColor);
  return {
    id: tenant,
    name: typeof viewer?.tenant?.displayName === 'string' && viewer.tenant.displayName.trim() ? viewer.tenant.displayName.trim() : fallback.name,
    primaryColor,
    accentColor: colour(theme.accentColor, primaryColor),
    mode: ['light', 'dark', 'auto'].includes(theme.mode) ? theme.mode : 'auto',
    fontFamily: fontFamily || undefined,
    logoUrl,
  };
}

// --- Colour: WCAG contrast, to derive readable text and link colours from a tenant's brand colour.

/** @typedef {[number, number, number]} Rgb */

/** @param {string} hex `#rrggbb` @returns {Rgb} */
function rgbOf(hex) {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** @param {Rgb} rgb */
function hexOf(rgb) {
  return `#${rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

/** @param {Rgb} rgb */
function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * /** @type {number} */ (r) + 0.7152 * /** @type {number} */ (g) + 0.0722 * /** @type {number} */ (b);
}

/** WCAG contrast ratio of two `#rrggbb` colours, 1–21. @param {string} a @param {string} b */
export function contrastRatio(a, b) {
  const [light, dark] = [luminance(rgbOf(a)), luminance(rgbOf(b))].sort((x, y) => y - x);
  return (/** @type {number} */ (light) + 0.05) / (/** @type {number} */ (dark) + 0.05);
}

/**
 * `colour`, mixed step by step (5 % at a time) towards `towards` until `good` accepts it;
 * unchanged when it already does.
 * @param {string} colour @param {string} towards @param {(candidate: string) => boolean} good
 */
function nudge(colour, towards, good) {
  const from = rgbOf(colour);
  const target = rgbOf(towards);
  for (let step = 0; step <= 20; step++) {
    const candidate = hexOf(/** @type {Rgb} */ (from.map((c, i) => c + (/** @type {number} */ (target[i]) - c) * (step / 20))));
    if (good(candidate)) return candidate;
  }
  return towards;
}

/** Text on a `fill`: white or the palette's dark text, whichever reads better. @param {string} fill */
function textOn(fill) {
  return contrastRatio('#ffffff', fill) >= contrastRatio(LIGHT.text, fill) ? '#ffffff' : LIGHT.text;
}

/** Whether text (textOn) on `fill` meets WCAG AA for normal text, 4.5:1. @param {string} fill */
const carriesText = (fill) => contrastRatio(textOn(fill), fill) >= 4.5;

/** @param {string[]} backgrounds @param {number} ratio @returns {(colour: string) => boolean} */
const standsOut = (backgrounds, ratio) => (colour) => backgrounds.every((background) => contrastRatio(colour, background) >= ratio);

/**
 * @typedef {object} PortalColours
 * @property {string} brand The header band: the primary colour, darkened only if no text reads on it.
 * @property {string} onBrand
 * @property {string} accent Badges and the header's rule: the accent, darkened only if no text reads on it.
 * @property {string} onAccent
 * @property {{ light: string; dark: string }} fill Buttons and focus rings: 3:1 against the mode's surfaces (as the elements' chart marks) and text at 4.5:1 on them.
 * @property {{ light: string; dark: string }} onFill
 * @property {{ light: string; dark: string }} link Links: 4.5:1 against the mode's surfaces.
 */

/**
 * The colours a tenant's pages use, from its primary and accent: each as close to the brand as
 * WCAG AA allows (darker in light mode, lighter in dark mode).
 * @param {Pick<TenantBranding, 'primaryColor' | 'accentColor'>} branding
 * @returns {PortalColours}
 */
export function portalColours({ primaryColor: primary, accentColor: accent }) {
  const lightSurfaces = [LIGHT.surface, LIGHT.background];
  const darkSurfaces = [DARK.surface, DARK.background];
  const brand = nudge(primary, '#000000', carriesText);
  const accentFill = nudge(accent, '#000000', carriesText);
  const fill = {
    light: nudge(primary, '#000000', (c) => standsOut(lightSurfaces, 3)(c) && carriesText(c)),
    dark: nudge(primary, '#ffffff', (c) => standsOut(darkSurfaces, 3)(c) && carriesText(c)),
  };
  return {
    brand,
    onBrand: textOn(brand),
    accent: accentFill,
    onAccent: textOn(accentFill),
    fill,
    onFill: { light: textOn(fill.light), dark: textOn(fill.dark) },
    link: { light: nudge(primary, '#000000', standsOut(lightSurfaces, 4.5)), dark: nudge(primary, '#ffffff', standsOut(darkSurfaces, 4.5)) },
  };
}

/** The surfaces and texts of each mode, for tests and documentation. */
export const palette = { light: LIGHT, dark: DARK };

/**
 * The tenant's theme as the portal's CSS custom properties (`:root { … }`). Colours are given per
 * mode with `light-dark()`; `color-scheme` follows the theme's mode.
 * @param {TenantBranding} branding
 */
export function brandingStyle(branding) {
  const colours = portalColours(branding);
  /** @param {{ light: string; dark: string }} pair */
  const perMode = ({ light, dark }) => `light-dark(${light}, ${dark})`;
  /** @param {'text' | 'muted' | 'surface' | 'background' | 'border'} name */
  const neutral = (name) => perMode({ light: LIGHT[name], dark: DARK[name] });
  const declarations = [
    `color-scheme: ${branding.mode === 'auto' ? 'light dark' : branding.mode}`,
    `--portal-brand: ${colours.brand}`,
    `--portal-on-brand: ${colours.onBrand}`,
    `--portal-accent: ${colours.accent}`,
    `--portal-on-accent: ${colours.onAccent}`,
    `--portal-fill: ${perMode(colours.fill)}`,
    `--portal-on-fill: ${perMode(colours.onFill)}`,
    `--portal-link: ${perMode(colours.link)}`,
    `--portal-focus: ${perMode(colours.fill)}`,
    `--portal-text: ${neutral('text')}`,
    `--portal-muted: ${neutral('muted')}`,
    `--portal-surface: ${neutral('surface')}`,
    `--portal-background: ${neutral('background')}`,
    `--portal-border: ${neutral('border')}`,
  ];
  if (branding.fontFamily) declarations.push(`--portal-font: ${branding.fontFamily}`);
  return `:root { ${declarations.join('; ')}; }`;
}
