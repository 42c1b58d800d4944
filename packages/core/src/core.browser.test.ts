// Browser tests of @kineo/core (run by @web/test-runner in headless Chromium, see
// web-test-runner.config.mjs). They prove the package is isomorphic: its schemas load and behave
// exactly as on the server in a browser page, and in a module Web Worker, where there is no DOM
// (no `document`, no `window`) and no Node (`process`, `require`).
//
// Every case runs twice: against the TypeScript source (`./index.js`, transpiled by esbuild in the
// dev server) and against the rollup bundle `packages/core/dist/index.js` (`npx rollup -c` first;
// without it those cases fail).
import * as source from './index.js';

type Core = typeof source;
type Context = { skip(): void };

// Mocha's globals, provided by @web/test-runner's default framework (tsconfig loads only Node types).
declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: (this: Context) => void | Promise<void>) => void;
declare const before: (fn: (this: Context) => void | Promise<void>) => void;

const SOURCE_URL = new URL('./index.ts', import.meta.url).href;
const BUNDLE_URL = new URL('../dist/index.js', import.meta.url).href;

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** Deep equality of JSON-shaped values, with both sides in the message on failure. */
function assertEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}:\n  expected ${e}\n  actual   ${a}`);
}

type SafeResult = { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; code: string; message: string }[] } };

/** The parsed data of a result that must succeed. */
function dataOf(result: SafeResult, what: string): unknown {
  if (!result.success) throw new Error(`${what} should parse, got issues ${JSON.stringify(result.error.issues)}`);
  return result.data;
}

/** The issues of a result that must fail, as `{ code, path, message }`. */
function issuesOf(result: SafeResult, what: string): { code: string; path: PropertyKey[]; message: string }[] {
  if (result.success) throw new Error(`${what} should be rejected, but parsed to ${JSON.stringify(result.data)}`);
  return result.error.issues.map(({ code, path, message }) => ({ code, path, message }));
}

const NOW = 1_700_000_000;
const claims = { iss: 'https://lms.example', aud: 'kineo', sub: 'user-1', iat: NOW, exp: NOW + 600, tenant: 'acme' };
const chartPanel = {
  id: 'revenue',
  title: 'Revenue',
  type: 'chart',
  query: 'revenue_by_month',
  layout: { x: 0, y: 0, w: 6, h: 4 },
};

/** The schema checks, as plain data so they also run inside a Worker and compare across realms. */
function exercise(core: Core) {
  return {
    queryValid: core.QueryRequest.safeParse({
      dashboard: 'sales',
      panel: 'revenue',
      filters: { period: { from: '2024-01-01', to: '2024-03-31' }, region: ['north', 'south'], team: null },
    }) as SafeResult,
    querySql: core.QueryRequest.safeParse({ dashboard: 'sales', panel: 'revenue', sql: 'SELECT * FROM users' }) as SafeResult,
    badRange: core.FilterValues.safeParse({ period: { from: '2024-05-01', to: '2024-01-31' } }) as SafeResult,
    managerNoOrgs: core.EmbedTokenClaims.safeParse({ ...claims, role: 'manager' }) as SafeResult,
    longLived: core.EmbedTokenClaims.safeParse({ ...claims, role: 'analyst', exp: NOW + 15 * 60 + 1 }) as SafeResult,
    rows: core.resultRows({
      columns: [
        { name: 'month', type: 'date' },
        { name: 'revenue', type: 'number' },
        { name: 'active', type: 'boolean' },
      ],
      data: [
        ['2024-01-01', '2024-02-01'],
        [1200.5, null],
        [true, false],
      ],
      rowCount: 2,
    }),
  };
}

/** `exercise`'s results as plain JSON data (zod's error objects are class instances). */
function summarize(results: ReturnType<typeof exercise>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(results)) {
    const r = value as SafeResult | unknown[];
    out[key] = Array.isArray(r)
      ? r
      : r.success
        ? { data: r.data }
        : { issues: r.error.issues.map(({ code, path, message }) => ({ code, path, message })) };
  }
  return JSON.parse(JSON.stringify(out));
}

function defineSuite(label: string, load: () => Promise<Core | null>): void {
  describe(`@kineo/core in Chromium (${label})`, () => {
    let core: Core;

    before(async () => {
      const loaded = await load();
      // The test command builds first; a missing bundle is a failure, never a silent skip.
      if (!loaded) throw new Error(`${label}: ${BUNDLE_URL} not found; run \`npx rollup -c\` first.`);
      core = loaded;
    });

    it('parses a valid QueryRequest and fills its defaults', () => {
      const data = dataOf(exercise(core).queryValid, 'a valid query request');
      assertEqual(
        data,
        {
          dashboard: 'sales',
          panel: 'revenue',
          filters: { period: { from: '2024-01-01', to: '2024-03-31' }, region: ['north', 'south'], team: null },
          drill: [],
        },
        'parsed query request',
      );
    });

    it('rejects a QueryRequest carrying SQL (strict schema)', () => {
      assertEqual(
        issuesOf(exercise(core).querySql, 'a query request with `sql`'),
        [{ code: 'unrecognized_keys', path: [], message: 'Unrecognized key: "sql"' }],
        'issues',
      );
      const unsafe = core.QueryRequest.safeParse({ dashboard: 'sales; DROP TABLE x', panel: 'revenue' }) as SafeResult;
      assertEqual(
        issuesOf(unsafe, 'a query request with a non-slug dashboard').map((i) => i.path),
        [['dashboard']],
        'issue paths',
      );
    });

    it('rejects a date range whose "from" is after "to", at the right path', () => {
      assertEqual(
        issuesOf(exercise(core).badRange, 'a reversed date range'),
        [{ code: 'custom', path: ['period', 'to'], message: '"from" must not be after "to"' }],
        'issues',
      );
      const nested = core.QueryRequest.safeParse({
        dashboard: 'sales',
        panel: 'revenue',
        filters: { period: { from: '2024-05-01', to: '2024-01-31' } },
      }) as SafeResult;
      assertEqual(issuesOf(nested, 'a query with a reversed range').map((i) => i.path), [['filters', 'period', 'to']], 'paths');
      dataOf(core.FilterValues.safeParse({ period: { from: '2024-01-01', to: '2024-01-01' } }) as SafeResult, 'a one-day range');
    });

    it('rejects manager tokens without orgs and tokens living over 15 minutes', () => {
      const results = exercise(core);
      assertEqual(
        issuesOf(results.managerNoOrgs, 'a manager token without orgs'),
        [{ code: 'custom', path: ['orgs'], message: 'a manager token must name its organisations' }],
        'manager issues',
      );
      assertEqual(
        issuesOf(results.longLived, 'a 15 min 1 s token'),
        [{ code: 'custom', path: ['exp'], message: 'lifetime over 900 seconds' }],
        'lifetime issues',
      );
      assert(core.MAX_TOKEN_LIFETIME_SECONDS === 900, 'MAX_TOKEN_LIFETIME_SECONDS is 15 minutes');
      dataOf(core.EmbedTokenClaims.safeParse({ ...claims, role: 'manager', orgs: ['org-1'] }) as SafeResult, 'a manager token with orgs');
      dataOf(core.EmbedTokenClaims.safeParse({ ...claims, role: 'learner', exp: NOW + 900 }) as SafeResult, 'a 15 min token');
    });

    it('turns a columnar QueryResult into row objects', () => {
      assertEqual(
        exercise(core).rows,
        [
          { month: '2024-01-01', revenue: 1200.5, active: true },
          { month: '2024-02-01', revenue: null, active: false },
        ],
        'rows',
      );
      assertEqual(core.resultRows({ columns: [{ name: 'n', type: 'integer' }], data: [[]], rowCount: 0 }), [], 'no rows');
    });

    it('rejects a dashboard whose chart spec does not read data "table"', () => {
      const dashboard = (spec: Record<string, unknown>) => ({ id: 'sales', title: 'Sales', filters: [], panels: [{ ...chartPanel, spec }] });
      const bad = core.DashboardDefinition.safeParse(dashboard({ mark: 'bar', data: { values: [] } })) as SafeResult;
      const issues = issuesOf(bad, 'a spec with inline data');
      assertEqual(issues.map((i) => i.path), [['panels', 0, 'spec', 'data']], 'issue paths');
      assert(issues[0]?.message.includes('"name": "table"'), `message names the table source: ${issues[0]?.message}`);
      const noData = core.DashboardDefinition.safeParse(dashboard({ mark: 'bar' })) as SafeResult;
      assertEqual(issuesOf(noData, 'a spec without data').map((i) => i.path), [['panels', 0, 'spec', 'data']], 'issue paths');
      dataOf(core.DashboardDefinition.safeParse(dashboard({ mark: 'bar', data: { name: 'table' } })) as SafeResult, 'a valid dashboard');
    });

    it('loads and behaves the same in a Web Worker (no DOM, no Node)', async () => {
      const url = label === 'source' ? SOURCE_URL : BUNDLE_URL;
      const fromWorker = await runInWorker(url);
      assertEqual(fromWorker.globals, { document: 'undefined', window: 'undefined', process: 'undefined', require: 'undefined' }, 'worker globals');
      const inPage = summarize(exercise(core));
      assertEqual(Object.keys(inPage).length, 6, 'cases compared');
      assertEqual(fromWorker.results, inPage, 'worker results vs page results');
    });
  });
}

/** Imports the module at `url` in a module Worker and returns what `exercise` gives there. */
function runInWorker(url: string): Promise<{ globals: Record<string, string>; results: unknown }> {
  const code = `
    import * as core from ${JSON.stringify(url)};
    const exercise = ${exercise.toString()};
    const summarize = ${summarize.toString()};
    const NOW = ${NOW};
    const claims = ${JSON.stringify(claims)};
    const globals = {
      document: typeof document, window: typeof window, process: typeof process, require: typeof require,
    };
    postMessage({ globals, results: summarize(exercise(core)) });
  `;
  const blobUrl = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  const worker = new Worker(blobUrl, { type: 'module' });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker importing ${url} did not answer in 10 s`)), 10_000);
    const done = () => {
      clearTimeout(timer);
      worker.terminate();
      URL.revokeObjectURL(blobUrl);
    };
    worker.onmessage = (event: MessageEvent) => {
      done();
      resolve(event.data);
    };
    worker.onerror = (event: ErrorEvent) => {
      done();
      reject(new Error(`worker importing ${url} failed: ${event.message || 'module failed to load'}`));
    };
  });
}

defineSuite('source', async () => source);

defineSuite('rollup bundle', async () => {
  const response = await fetch(BUNDLE_URL);
  if (!response.ok) return null;
  const text = await response.text();
  assert(!/\bimport\s*[\s{*"'(]/.test(text), 'the bundle imports nothing (zod is bundled in)');
  assert(!/\brequire\s*\(/.test(text), 'the bundle does not call require()');
  return (await import(BUNDLE_URL)) as Core;
});
