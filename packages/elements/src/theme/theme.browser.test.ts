// Browser tests of the theme: token contrast, the tenant theme's style, the chart theme read from
// the resolved custom properties (light, dark, auto, tenant, host override) and the mode controller.
import { LitElement, html } from 'lit';
import { emulateMedia } from '@web/test-runner-commands';
import { until } from '../panel/panel-test-support.js';
import { assert, assertEqual } from '../testing/fakes.js';
import { readChartTheme } from './chart-theme.js';
import { contrastRatio, parseHex } from './colour.js';
import { tenantThemeStyle } from './tenant-theme.js';
import { ThemeController, resolveThemeMode, type ThemeMode } from './theme-mode.js';
import { darkTokens, lightTokens, themeStyles, type ThemeTokenName } from './theme-styles.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

/** A minimal element using the theme the way every Kineo element does. */
class ThemedProbe extends LitElement {
  static override styles = themeStyles;
  static override properties = { mode: { type: String }, tenantStyle: { type: String } };
  declare mode: ThemeMode;
  declare tenantStyle: string;
  readonly theme = new ThemeController(this);
  updates = 0;

  constructor() {
    super();
    this.mode = 'light';
    this.tenantStyle = '';
  }

  protected override updated(): void {
    this.updates += 1;
  }

  protected override render() {
    return html`<div class="kineo-theme" data-mode=${this.mode} style=${this.tenantStyle}><div class="inside">Text</div></div>`;
  }

  get inside(): HTMLElement {
    return this.shadowRoot!.querySelector('.inside')!;
  }
}
customElements.define('kineo-themed-probe', ThemedProbe);

const probes: HTMLElement[] = [];
afterEach(async () => {
  for (const probe of probes.splice(0)) probe.remove();
  await emulateMedia({ colorScheme: 'light' });
});

async function probe(mode: ThemeMode, tenantStyle = '', parent: HTMLElement = document.body): Promise<ThemedProbe> {
  const element = document.createElement('kineo-themed-probe') as ThemedProbe;
  element.mode = mode;
  element.tenantStyle = tenantStyle;
  parent.append(element);
  probes.push(parent === document.body ? element : parent);
  await element.updateComplete;
  return element;
}

const ratio = (a: string, b: string) => contrastRatio(parseHex(a)!, parseHex(b)!);

describe('theme tokens', () => {
  for (const [mode, tokens] of [['light', lightTokens], ['dark', darkTokens]] as const)
    it(`${mode}: text colours have AA contrast (4.5:1) on both surfaces, graphics 3:1`, () => {
      for (const text of ['text', 'textMuted', 'danger', 'primary'] as ThemeTokenName[])
        for (const surface of ['surface', 'background'] as ThemeTokenName[]) {
          const r = ratio(tokens[text], tokens[surface]);
          assert(r >= 4.5, `${mode} ${text} on ${surface}: ${r.toFixed(2)}:1`);
        }
      assert(ratio(tokens.accent, tokens.surface) >= 3, `${mode} accent on surface`);
    });
});

describe('tenantThemeStyle', () => {
  it('sets the tenant colours one layer below the public properties, with dark variants', () => {
    const style = tenantThemeStyle({ primaryColor: '#0b5cab', accentColor: '#e8590c', mode: 'auto', fontFamily: '"Open Sans", sans-serif' });
    const declarations = Object.fromEntries(style.split('; ').map((d) => d.split(': ') as [string, string]));
    assertEqual(declarations['--kineo-tenant-color-primary'], '#0b5cab', 'the brand colour as is in light mode');
    assertEqual(declarations['--kineo-tenant-color-accent'], '#e8590c', 'accent');
    assertEqual(declarations['--kineo-tenant-font-family'], '"Open Sans", sans-serif', 'font');
    const dark = declarations['--kineo-tenant-color-primary-dark']!;
    assert(ratio(dark, darkTokens.surface) >= 3, `dark variant visible on the dark surface (${dark})`);
    assert(!Object.keys(declarations).some((name) => name.startsWith('--kineo-color')), 'never the public properties');
  });

  it('nudges a brand colour without contrast on a surface until it has 3:1', () => {
    const style = tenantThemeStyle({ primaryColor: '#ffd43b', mode: 'light' });
    const light = /--kineo-tenant-color-primary: (#[0-9a-f]{6})/.exec(style)![1]!;
    assert(light !== '#ffd43b' && ratio(light, lightTokens.surface) >= 3, `yellow darkened for white (${light})`);
  });

  it('drops what is not a colour and characters that could end the declaration', () => {
    const style = tenantThemeStyle({ primaryColor: 'red', mode: 'auto', fontFamily: 'Inter; background: url(https://tracker.example/p)' } as never);
    assert(!style.includes('--kineo-tenant-color-primary'), 'no primary from "red"');
    const font = /--kineo-tenant-font-family: (.*)$/.exec(style)![1]!;
    assert(!/[;:(){}]/.test(font), `nothing that ends the declaration: ${font}`);
  });
});

describe('readChartTheme', () => {
  it('reads the light tokens in light mode', async () => {
    const element = await probe('light');
    const theme = readChartTheme(element.inside);
    assertEqual(
      { ...theme, fontFamily: undefined },
      {
        mode: 'light',
        primaryColor: lightTokens.primary,
        accentColor: lightTokens.accent,
        textColor: lightTokens.text,
        mutedTextColor: lightTokens.textMuted,
        gridColor: lightTokens.grid,
        background: lightTokens.surface,
      },
      'light chart theme',
    );
    assert(theme.fontFamily.includes('system-ui'), `font: ${theme.fontFamily}`);
    assertEqual(element.inside.childElementCount, 0, 'the probe is removed');
  });

  it('reads the dark tokens in dark mode, and follows the system in auto', async () => {
    const dark = readChartTheme((await probe('dark')).inside);
    assertEqual([dark.mode, dark.textColor, dark.mutedTextColor, dark.background], ['dark', darkTokens.text, darkTokens.textMuted, darkTokens.surface], 'dark');
    const auto = await probe('auto');
    assertEqual(readChartTheme(auto.inside).mode, 'light', 'auto on a light system');
    await emulateMedia({ colorScheme: 'dark' });
    assertEqual(readChartTheme(auto.inside).textColor, darkTokens.text, 'auto on a dark system');
  });

  it('uses the tenant colours, and a host page\'s --kineo-* over them', async () => {
    const tenant = tenantThemeStyle({ primaryColor: '#7b2cbf', mode: 'light' });
    assertEqual(readChartTheme((await probe('light', tenant)).inside).primaryColor, '#7b2cbf', 'tenant primary');
    const darkVariant = /--kineo-tenant-color-primary-dark: (#[0-9a-f]{6})/.exec(tenant)![1];
    assertEqual(readChartTheme((await probe('dark', tenant)).inside).primaryColor, darkVariant, 'tenant primary, dark variant');

    const page = document.createElement('div');
    page.style.setProperty('--kineo-color-primary', '#c92a2a');
    page.style.setProperty('--kineo-font-family', 'Georgia, serif');
    document.body.append(page);
    const overridden = readChartTheme((await probe('light', tenant, page)).inside);
    assertEqual([overridden.primaryColor, overridden.fontFamily], ['#c92a2a', 'Georgia, serif'], 'the page wins over the tenant');
  });
});

describe('theme mode', () => {
  it('resolves the attribute over the dashboard\'s mode, auto by default', () => {
    assertEqual(resolveThemeMode('dark', 'light'), 'dark', 'attribute first');
    assertEqual(resolveThemeMode(undefined, 'light'), 'light', 'then the dashboard');
    assertEqual(resolveThemeMode('purple', undefined), 'auto', 'then auto');
  });

  it('updates its element when the system colour scheme changes', async () => {
    const element = await probe('auto');
    assertEqual(element.theme.isDark('auto'), false, 'light system');
    const before = element.updates;
    await emulateMedia({ colorScheme: 'dark' });
    await until(() => element.updates > before, 'an update');
    assertEqual(element.theme.isDark('auto'), true, 'dark system');
    assertEqual(element.theme.isDark('light'), false, 'an explicit mode stays');
    assertEqual(getComputedStyle(element.inside).color, 'rgb(230, 234, 239)', 'CSS follows by itself (dark text)');
  });
});
