// The portal's tenant look: any brand colour gives readable pages, and nothing unsafe from a theme
// reaches the CSS or the HTML.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';

/** What the test uses of tenant-branding.js (plain JS, typed by its JSDoc: see tsconfig.json here). */
interface TenantBranding {
  id: string;
  name: string;
  primaryColor: string;
  accentColor: string;
  mode: 'light' | 'dark' | 'auto';
  fontFamily: string | undefined;
  logoUrl: string | undefined;
}
type PerMode = { light: string; dark: string };
interface BrandingModule {
  brandingFromViewer(tenant: string, viewer: unknown): TenantBranding;
  brandingStyle(branding: TenantBranding): string;
  contrastRatio(a: string, b: string): number;
  fallbackBranding(tenant: string): TenantBranding;
  palette: Record<'light' | 'dark', { surface: string; background: string }>;
  portalColours(branding: Pick<TenantBranding, 'primaryColor' | 'accentColor'>): {
    brand: string;
    onBrand: string;
    accent: string;
    onAccent: string;
    fill: PerMode;
    onFill: PerMode;
    link: PerMode;
  };
}
const { brandingFromViewer, brandingStyle, contrastRatio, fallbackBranding, palette, portalColours } = (await import(
  new URL('./tenant-branding.js', import.meta.url).href
)) as BrandingModule;

const hexColour = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`);

describe('portalColours', () => {
  test('for any primary and accent: text on the header, badges and buttons reads at 4.5:1, links at 4.5:1, buttons stand out at 3:1', () => {
    fc.assert(
      fc.property(hexColour, hexColour, (primaryColor, accentColor) => {
        const c = portalColours({ primaryColor, accentColor });
        assert.ok(contrastRatio(c.onBrand, c.brand) >= 4.5, `header text on ${c.brand}`);
        assert.ok(contrastRatio(c.onAccent, c.accent) >= 4.5, `badge text on ${c.accent}`);
        for (const mode of ['light', 'dark'] as const) {
          const { surface, background } = palette[mode];
          for (const behind of [surface, background]) {
            assert.ok(contrastRatio(c.link[mode], behind) >= 4.5, `${mode} link ${c.link[mode]} on ${behind}`);
            assert.ok(contrastRatio(c.fill[mode], behind) >= 3, `${mode} button ${c.fill[mode]} on ${behind}`);
          }
          assert.ok(contrastRatio(c.onFill[mode], c.fill[mode]) >= 4.5, `${mode} button text on ${c.fill[mode]}`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('a brand colour that already reads well is kept as it is', () => {
    const acme = portalColours({ primaryColor: '#0b5cab', accentColor: '#f59e0b' });
    assert.equal(acme.brand, '#0b5cab');
    assert.equal(acme.onBrand, '#ffffff');
    assert.equal(acme.fill.light, '#0b5cab');
    assert.equal(acme.link.light, '#0b5cab');
    assert.equal(acme.accent, '#f59e0b');
    assert.notEqual(acme.link.dark, '#0b5cab', 'too dark for links on the dark surface: lightened');
  });
});

describe('brandingFromViewer', () => {
  const viewer = {
    tenant: { id: 'acme', displayName: 'Acme Manufacturing' },
    theme: { primaryColor: '#0B5CAB', accentColor: '#f59e0b', mode: 'light', fontFamily: 'Inter, system-ui, sans-serif', logoUrl: 'https://cdn.acme.example/logo.svg' },
  };

  test('takes the name, colours, mode, font and logo of a well-formed theme', () => {
    assert.deepEqual(brandingFromViewer('acme', viewer), {
      id: 'acme',
      name: 'Acme Manufacturing',
      primaryColor: '#0b5cab',
      accentColor: '#f59e0b',
      mode: 'light',
      fontFamily: 'Inter, system-ui, sans-serif',
      logoUrl: 'https://cdn.acme.example/logo.svg',
    });
  });

  test('drops what could break out of the CSS or the page: falls back to Kineo’s look value by value', () => {
    const hostile = brandingFromViewer('acme', {
      tenant: { displayName: '   ' },
      theme: {
        primaryColor: 'red; } body { display: none',
        accentColor: '#12345',
        mode: 'neon',
        fontFamily: 'Inter; } :root { background: url(https://evil.example/x)',
        logoUrl: 'javascript:alert(1)',
      },
    });
    const fallback = fallbackBranding('acme');
    assert.equal(hostile.name, 'Acme');
    assert.equal(hostile.primaryColor, fallback.primaryColor);
    assert.equal(hostile.accentColor, fallback.primaryColor, 'no accent: the primary');
    assert.equal(hostile.mode, 'auto');
    assert.equal(hostile.logoUrl, undefined);
    assert.doesNotMatch(hostile.fontFamily ?? '', /[;{}():/]/);
    const css = brandingStyle(hostile);
    assert.equal(css.split('{').length, 2, 'one rule only');
    assert.equal(css.split('}').length, 2, 'one rule only');
    assert.equal(brandingFromViewer('acme', { theme: { logoUrl: 'data:text/html,<script>alert(1)</script>' } }).logoUrl, undefined);
    assert.equal(brandingFromViewer('acme', undefined).name, 'Acme');
  });

  test('the style follows the mode: light, dark, or both for auto', () => {
    const base = brandingFromViewer('acme', viewer);
    assert.match(brandingStyle(base), /^:root \{ color-scheme: light; /);
    assert.match(brandingStyle({ ...base, mode: 'dark' }), /^:root \{ color-scheme: dark; /);
    assert.match(brandingStyle({ ...base, mode: 'auto' }), /^:root \{ color-scheme: light dark; /);
    assert.match(brandingStyle(base), /--portal-font: Inter, system-ui, sans-serif; \}$/);
  });
});
