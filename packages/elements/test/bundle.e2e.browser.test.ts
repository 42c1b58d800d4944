// The script-tag bundle as a host page gets it: `dist/kineo.js` (built by `npm run build`), loaded
// cross-origin from the API's `/elements/kineo.js` with a module script, rendering a dashboard from
// the real API. This file imports no element source: every tag must come from the bundle.
import { assert, assertEqual } from '../src/testing/fakes.js';
import { deepQueryAll, parts } from './harness/dom.js';
import { harnessConfig, mintToken, waitFor } from './harness/kineo-api.js';
import { before, describe, it } from './harness/mocha.js';

const TAGS = ['kineo-dashboard', 'kineo-filter-bar', 'kineo-breadcrumbs', 'kineo-panel', 'kineo-chart', 'kineo-kpi', 'kineo-table'];

/** Adds `<script type="module" src>` and resolves when it has run (rejects when it fails to load). */
function loadModuleScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.type = 'module';
    script.src = src;
    script.addEventListener('load', () => resolve(), { once: true });
    script.addEventListener('error', () => reject(new Error(`the module script ${src} did not load`)), { once: true });
    document.head.append(script);
  });
}

describe('the script-tag bundle served by the API', function () {
  this.timeout(60_000);
  let api: string;

  before(async () => {
    ({ api } = await harnessConfig());
    await loadModuleScript(`${api}/elements/kineo.js`);
  });

  it('registers every element from one cross-origin module script', () => {
    for (const tag of TAGS) assert(customElements.get(tag), `<${tag}> is defined by the bundle`);
  });

  for (const id of ['learning-progress', 'compliance', 'team-performance'])
    it(`renders ${id} from the real API: every chart drawn with marks, no panel in error`, async () => {
      const dashboard = document.createElement('kineo-dashboard');
      dashboard.setAttribute('api', api);
      dashboard.setAttribute('dashboard', id);
      dashboard.tokenProvider = () => mintToken({ tenant: 'acme', role: 'admin' });
      const ready = new Promise<CustomEvent>((resolve) => dashboard.addEventListener('kineo-ready', (e) => resolve(e as CustomEvent), { once: true }));
      document.body.append(dashboard);
      try {
        const { panels } = (await ready).detail as { panels: string[] };
        assert(panels.length >= 4, `${id}: panels loaded (${panels.length})`);
        const charts = await waitFor(() => {
          const drawn = deepQueryAll(dashboard, '[part~="chart-view"]');
          return drawn.length > 0 && drawn.every((view) => view.querySelector('path, canvas')) ? drawn : undefined;
        }, `${id}: drawn charts`);
        assert(charts.length >= 2, `${id}: charts (${charts.length})`);
        assertEqual(parts(dashboard, 'error').length, 0, `${id}: no panel shows an error`);
        for (const figure of parts(dashboard, 'kpi-value').map((el) => el.textContent?.trim() ?? ''))
          assert(/\d/.test(figure), `${id}: KPI shows a number: ${JSON.stringify(figure)}`);
      } finally {
        dashboard.remove();
      }
    });

  it('loading the bundle a second time warns and keeps the first definitions', async () => {
    const first = customElements.get('kineo-dashboard');
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    try {
      // A different URL is a second module instance, as a second copy of the library would be.
      await loadModuleScript(`${api}/elements/kineo.js?copy=2`);
    } finally {
      console.warn = warn;
    }
    assertEqual(customElements.get('kineo-dashboard'), first, 'the first definition stays');
    for (const tag of TAGS) assert(warnings.some((w) => w.includes(`<${tag}> is already defined`)), `a warning names <${tag}>`);
  });
});
