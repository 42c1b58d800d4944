/**
 * Query benchmark: the API's uncached `/v1/query` time in process against the same final SQL run
 * straight on DuckDB, for every panel (and drill level) of the catalog's dashboards.
 *
 *   npx tsx bench/query-bench.ts [--size default|large|both] [--iterations N] [--warmup N]
 *                                [--threads N] [--tenant id[,id]]
 *
 * Prints a fixed-width table per size and one final `BENCH_SUMMARY {json}` line. It asserts no
 * timings; it exits non-zero only when something fails to run.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import type { QueryResult } from '@kineo/core';
import { loadCatalog } from '../server/src/catalog/load-catalog.js';
import { tenantsMissingData } from '../server/src/cli/seed-command.js';
import { DEFAULT_TENANTS_FILE, loadTenantRegistry } from '../server/src/tenants/tenant-registry.js';
import { createBenchApp, ReusedToken, type BenchApp } from './bench-app.js';
import { DIRECT_BASELINE_DESCRIPTION, DirectDuckDB, directBindings } from './direct-duckdb.js';
import { fixed, geometricMean, median, peakRssMb, quantile, renderTable, timeMs, type TableColumn } from './measure.js';
import { captureCases, queryInit, type PanelCase, type SkippedCase } from './panel-cases.js';

const TARGET_RATIO = 1.15;
const LARGE_USERS = 400_000;
const TEN_MILLION = 10_000_000;

type Size = 'default' | 'large';

interface SizeSpec {
  size: Size;
  dataDir: string;
  /** `seedDemoData`'s user count for acme; undefined = the profiles' defaults. */
  users: number | undefined;
  iterations: number;
  warmup: number;
}

const BENCH_ROOT = fileURLToPath(new URL('../.kineo-bench/', import.meta.url));
const SEED_SCRIPT = fileURLToPath(new URL('./seed-data.ts', import.meta.url));
const THIS_SCRIPT = fileURLToPath(import.meta.url);

function sizeSpec(size: Size, iterations: number | undefined, warmup: number | undefined): SizeSpec {
  return size === 'default'
    ? { size, dataDir: `${BENCH_ROOT}default`, users: undefined, iterations: iterations ?? 30, warmup: warmup ?? 5 }
    : { size, dataDir: `${BENCH_ROOT}large`, users: LARGE_USERS, iterations: iterations ?? 10, warmup: warmup ?? 2 };
}

interface Measured {
  c: PanelCase;
  apiMs: number;
  engineMs: number;
  directMs: number;
  jsonMs: number;
  ratio: number;
  directRows: number;
  /** Interquartile range of the direct samples over their median: how noisy this panel's timing is. */
  directSpread: number;
}

interface RatioSummary {
  panels: number;
  geomeanRatio: number;
  worstRatio: number;
  worstPanel: string;
  shareAtOrUnderTarget: number;
  medianApiMinusEngineMs: number;
}

function panelName(c: Pick<PanelCase, 'dashboard' | 'panel'>): string {
  return `${c.dashboard}/${c.panel}`;
}

function summarise(rows: readonly Measured[]): RatioSummary {
  const ratios = rows.map((r) => r.ratio);
  const worst = rows.reduce<Measured | undefined>((w, r) => (!w || r.ratio > w.ratio ? r : w), undefined);
  return {
    panels: rows.length,
    geomeanRatio: geometricMean(ratios),
    worstRatio: worst?.ratio ?? Number.NaN,
    worstPanel: worst ? `${worst.c.tenant}:${panelName(worst.c)}@${worst.c.level}` : '',
    shareAtOrUnderTarget: rows.length ? ratios.filter((r) => r <= TARGET_RATIO).length / rows.length : Number.NaN,
    medianApiMinusEngineMs: median(rows.map((r) => r.apiMs - r.engineMs)),
  };
}

function summaryLine(label: string, s: RatioSummary): string {
  return (
    `${label}: ${s.panels} panels, geomean ratio ${fixed(s.geomeanRatio, 3)}x, worst ${fixed(s.worstRatio, 3)}x (${s.worstPanel}), ` +
    `${fixed(s.shareAtOrUnderTarget * 100, 0)}% at or under ${TARGET_RATIO}x, median API-minus-engine ${fixed(s.medianApiMinusEngineMs, 3)} ms`
  );
}

/** Seeds missing tenant files in a child process (so its memory is not this process's peak RSS). */
async function seedIfMissing(spec: SizeSpec): Promise<{ seeded: boolean; seconds: number; tenants: string[] }> {
  const registry = loadTenantRegistry(DEFAULT_TENANTS_FILE, loadCatalog());
  const missing = tenantsMissingData(spec.dataDir, registry);
  if (missing.length === 0) {
    console.log(`seeding skipped: tenant files already exist in ${spec.dataDir}`);
    return { seeded: false, seconds: 0, tenants: [] };
  }
  console.log(`seeding ${missing.join(', ')} into ${spec.dataDir} (users: ${spec.users ?? 'default'}) ...`);
  const started = performance.now();
  const args = [...process.execArgv, SEED_SCRIPT, spec.dataDir, ...(spec.users === undefined ? [] : [String(spec.users)])];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`seeding failed with exit code ${code}`);
  console.log(`seeded in ${fixed(seconds, 1)} s (wall clock, child process)`);
  return { seeded: true, seconds, tenants: missing };
}

async function countRows(bench: BenchApp, namespace: string, table: string): Promise<number> {
  const result = await bench.duckdb.run(namespace, `SELECT count(*) AS n FROM ${table}`, {}, { timeoutMs: 60_000, maxRows: 1 });
  return Number(result.data[0]?.[0] ?? 0);
}

/** The level-1 organisation with the most users in its subtree: what its manager's token names. */
async function largestLevelOneOrg(bench: BenchApp, namespace: string): Promise<{ orgId: string; name: string; users: number }> {
  const sql = `
    SELECT o.org_id, o.org_name, count(u.user_id) AS users
    FROM dim_organizations AS o
    JOIN dim_organizations AS d ON starts_with(d.path, o.path)
    JOIN dim_users AS u ON u.org_id = d.org_id
    WHERE o.level = 1
    GROUP BY o.org_id, o.org_name
    ORDER BY users DESC, o.org_id
    LIMIT 1`;
  const result = await bench.duckdb.run(namespace, sql, {}, { timeoutMs: 60_000, maxRows: 1 });
  if (result.rowCount === 0) throw new Error(`${namespace}: no level-1 organisation`);
  return { orgId: String(result.data[0]![0]), name: String(result.data[1]![0]), users: Number(result.data[2]![0]) };
}

async function apiOnce(bench: BenchApp, c: PanelCase): Promise<{ ms: number; engineMs: number; rows: number }> {
  const init = queryInit(c.body, await c.token.get());
  const started = performance.now();
  const response = await bench.app.request('/v1/query', init);
  const json = (await response.json()) as QueryResult;
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${c.tenant}:${panelName(c)}@${c.level}: API answered ${response.status}`);
  return { ms, engineMs: json.elapsedMs, rows: json.rowCount };
}

/** Offline cost of the API's JSON step for this response: stringify on the server, parse on the client. */
function jsonCostMs(result: unknown, reps = 20): number {
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    JSON.parse(JSON.stringify(result));
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function measureCase(bench: BenchApp, direct: DirectDuckDB, c: PanelCase, spec: SizeSpec): Promise<Measured> {
  const statement = await direct.prepare(c.sql);
  const bindings = directBindings(c.params);
  let directRows = 0;
  for (let i = 0; i < spec.warmup; i++) directRows = await DirectDuckDB.run(statement, bindings);
  // The API side was warmed up earlier; one more round keeps both sides equally hot for this case.
  await apiOnce(bench, c);

  const api: number[] = [];
  const engine: number[] = [];
  const directMs: number[] = [];
  for (let i = 0; i < spec.iterations; i++) {
    const runApi = async () => {
      const r = await apiOnce(bench, c);
      api.push(r.ms);
      engine.push(r.engineMs);
    };
    const runDirect = async () => {
      const r = await timeMs(() => DirectDuckDB.run(statement, bindings));
      directMs.push(r.ms);
      directRows = r.value;
    };
    // Alternate which side goes first so drift and GC pauses spread over both.
    if (i % 2 === 0) {
      await runApi();
      await runDirect();
    } else {
      await runDirect();
      await runApi();
    }
    bench.engine.reset();
  }
  const response = await bench.app.request('/v1/query', queryInit(c.body, await c.token.get()));
  const lastResult: unknown = await response.json();
  bench.engine.reset();

  const apiMedian = median(api);
  const directMedian = median(directMs);
  return {
    c,
    apiMs: apiMedian,
    engineMs: median(engine),
    directMs: directMedian,
    jsonMs: jsonCostMs(lastResult),
    ratio: apiMedian / directMedian,
    directRows,
    directSpread: (quantile(directMs, 0.75) - quantile(directMs, 0.25)) / directMedian,
  };
}

const tableColumns: TableColumn<Measured>[] = [
  { header: 'tenant', align: 'left', value: (r) => r.c.tenant },
  { header: 'dashboard/panel', align: 'left', value: (r) => panelName(r.c) },
  { header: 'lvl', value: (r) => String(r.c.level) },
  { header: 'query', align: 'left', value: (r) => r.c.query },
  { header: 'rows', value: (r) => String(r.c.rowCount) },
  { header: 'resp KB', value: (r) => fixed(r.c.responseBytes / 1024, 1) },
  { header: 'api ms', value: (r) => fixed(r.apiMs, 3) },
  { header: 'in-engine ms', value: (r) => fixed(r.engineMs, 3) },
  { header: 'direct ms', value: (r) => fixed(r.directMs, 3) },
  { header: 'ratio', value: (r) => `${fixed(r.ratio, 3)}x` },
  { header: 'api-engine ms', value: (r) => fixed(r.apiMs - r.engineMs, 3) },
  { header: 'json ms', value: (r) => fixed(r.jsonMs, 3) },
  { header: 'direct IQR', value: (r) => `${fixed(r.directSpread * 100, 0)}%` },
  { header: 'ok', align: 'left', value: (r) => (r.ratio <= TARGET_RATIO ? 'yes' : 'no') },
];

interface TenantSetup {
  tenant: string;
  namespace: string;
  progressRows: number;
  certificationRows: number;
  users: number;
  manager: { orgId: string; name: string; users: number };
  admin: PanelCase[];
  scoped: PanelCase[];
}

async function runSize(spec: SizeSpec, threads: number, tenantFilter: readonly string[] | undefined) {
  console.log(`\n=== size: ${spec.size} (${spec.dataDir}) ===`);
  const loadStart = loadavg()[0]!;
  const seeding = await seedIfMissing(spec);

  const connectionsPerNamespace = 2;
  const bench = await createBenchApp({ dataDir: spec.dataDir, threads, connectionsPerNamespace });
  const tenants = bench.config.tenants.all().filter((t) => !tenantFilter || tenantFilter.includes(t.id));
  if (tenants.length === 0) throw new Error(`no tenant matches --tenant ${tenantFilter?.join(',')}`);

  const setups: TenantSetup[] = [];
  const skipped: SkippedCase[] = [];
  for (const tenant of tenants) {
    const progressRows = await countRows(bench, tenant.namespace, 'fact_course_progress');
    const certificationRows = await countRows(bench, tenant.namespace, 'fact_certifications');
    const users = await countRows(bench, tenant.namespace, 'dim_users');
    const manager = await largestLevelOneOrg(bench, tenant.namespace);
    const tenXCheck = spec.size === 'large' && tenant.id === 'acme' ? (progressRows >= TEN_MILLION ? '  (>= 10M: yes)' : '  (>= 10M: NO)') : '';
    console.log(
      `${tenant.id}: ${users.toLocaleString('en')} users, ${progressRows.toLocaleString('en')} progress rows${tenXCheck}, ` +
        `${certificationRows.toLocaleString('en')} certification rows; scoped role: manager of "${manager.name}" ` +
        `(${manager.orgId}, level 1, ${manager.users.toLocaleString('en')} users)`,
    );
    const adminToken = new ReusedToken(() => bench.token({ tenant: tenant.id, role: 'admin' }));
    const managerToken = new ReusedToken(() =>
      bench.token({ tenant: tenant.id, role: 'manager', sub: `${tenant.id}-bench-manager`, orgs: [manager.orgId] }),
    );
    const common = { app: bench.app, engine: bench.engine, catalog: bench.config.catalog, tenant: tenant.id, namespace: tenant.namespace, dashboards: tenant.dashboards };
    const admin = await captureCases({ ...common, role: 'admin', token: adminToken });
    const scoped = await captureCases({ ...common, role: 'manager', token: managerToken });
    skipped.push(...admin.skipped, ...scoped.skipped);
    setups.push({ tenant: tenant.id, namespace: tenant.namespace, progressRows, certificationRows, users, manager, admin: admin.cases, scoped: scoped.cases });
  }
  bench.engine.reset();

  // API-only warm-up over every case: the server alone has touched all the data it will read.
  const allCases = setups.flatMap((s) => [...s.admin, ...s.scoped]);
  for (const c of allCases) for (let i = 0; i < spec.warmup; i++) await apiOnce(bench, c);
  bench.engine.reset();
  const rssServerOnlyMb = peakRssMb();

  // Per-request floors, no query: GET /v1/dashboards (verify + routing + a small JSON answer) and
  // POST /v1/query for a panel that does not exist (verify + body parse/validation + a 404 JSON answer).
  const floorToken = setups[0]!.admin[0]?.token;
  const floorDashboards: number[] = [];
  const floorQuery404: number[] = [];
  if (floorToken) {
    const token = await floorToken.get();
    const getInit = { headers: { authorization: `Bearer ${token}` } };
    const badPanel = queryInit(JSON.stringify({ dashboard: setups[0]!.admin[0]!.dashboard, panel: 'no-such-panel', drill: [] }), token);
    for (let i = 0; i < 10 + Math.max(50, spec.iterations * 2); i++) {
      const a = await timeMs(async () => (await bench.app.request('/v1/dashboards', getInit)).json());
      const b = await timeMs(async () => (await bench.app.request('/v1/query', badPanel)).json());
      if (i >= 10) {
        floorDashboards.push(a.ms);
        floorQuery404.push(b.ms);
      }
    }
  }
  const floorMs = median(floorDashboards);
  const floor404Ms = median(floorQuery404);

  const admin: Measured[] = [];
  const scoped: Measured[] = [];
  const rowMismatches: string[] = [];
  for (const setup of setups) {
    const direct = await DirectDuckDB.open(bench.duckdb.fileFor(setup.namespace), threads);
    try {
      for (const [cases, into] of [[setup.admin, admin], [setup.scoped, scoped]] as const) {
        for (const c of cases) {
          const m = await measureCase(bench, direct, c, spec);
          if (m.directRows !== c.rowCount)
            rowMismatches.push(`${c.tenant}/${c.role}:${panelName(c)}@${c.level} api ${c.rowCount} rows, direct ${m.directRows}`);
          into.push(m);
          process.stderr.write(`  measured ${c.tenant}/${c.role} ${panelName(c)}@${c.level}: ${fixed(m.ratio, 3)}x\n`);
        }
      }
    } finally {
      direct.close();
    }
  }
  const rssEndMb = peakRssMb();
  await bench.close();

  console.log(`\nthreads per DuckDB instance: ${threads} (API engine and direct baseline alike, lockedDownConfig); API engine connections: ${connectionsPerNamespace}`);
  console.log(`iterations: ${spec.iterations} measured per side per panel (alternating API/direct, first side swapped each iteration), after ${spec.warmup} warm-up runs per side`);
  console.log(`api = app.request('/v1/query') with a pre-signed admin token (verification runs inside every request) until await response.json(): Hono routing, token verify, body validation, scope SQL, engine run (pooled connection, cached prepared statement, bind, stream, cell conversion), c.json() and the client-side JSON parse.`);
  console.log(`in-engine = the response's elapsedMs (engine.run as timed by the server); api-engine = what the request costs outside the engine; json = offline median of JSON.stringify+JSON.parse of that response.`);
  console.log(DIRECT_BASELINE_DESCRIPTION);
  console.log(`\nAdmin role (whole tenant), medians in ms:\n`);
  console.log(renderTable(tableColumns, admin));

  const adminSummary = summarise(admin);
  const perTenant = setups.map((s) => ({ tenant: s.tenant, summary: summarise(admin.filter((m) => m.c.tenant === s.tenant)) }));
  const scopedPerTenant = setups.map((s) => ({
    tenant: s.tenant,
    org: s.manager,
    summary: summarise(scoped.filter((m) => m.c.tenant === s.tenant)),
  }));

  console.log('');
  console.log(summaryLine(`[${spec.size}] admin, all tenants`, adminSummary));
  for (const t of perTenant) console.log(summaryLine(`[${spec.size}] admin, ${t.tenant}`, t.summary));
  for (const t of scopedPerTenant)
    console.log(summaryLine(`[${spec.size}] scoped (manager of level-1 "${t.org.name}"), ${t.tenant}`, t.summary));
  console.log(
    `[${spec.size}] per-request floors (no query): GET /v1/dashboards (verify + routing + small JSON) median ${fixed(floorMs, 3)} ms; ` +
      `POST /v1/query for an unknown panel (verify + body validation + 404 JSON) median ${fixed(floor404Ms, 3)} ms`,
  );
  console.log(`[${spec.size}] 1-minute load average: ${fixed(loadStart, 2)} at start, ${fixed(loadavg()[0]!, 2)} at end (other processes on this machine add noise)`);
  console.log(`[${spec.size}] peak RSS: ${fixed(rssServerOnlyMb, 0)} MB after the API-only warm-up (server alone); ${fixed(rssEndMb, 0)} MB at the end (server + the direct-baseline DuckDB instance in the same process)`);
  if (seeding.seeded) console.log(`[${spec.size}] seeding took ${fixed(seeding.seconds, 1)} s (${seeding.tenants.join(', ')})`);
  for (const s of skipped) console.log(`[${spec.size}] not measured: ${s.tenant}/${s.role} ${s.dashboard}/${s.panel}@${s.level}: ${s.reason}`);
  for (const m of rowMismatches) console.log(`[${spec.size}] row count mismatch: ${m}`);

  const round = (v: number, d = 3) => (Number.isFinite(v) ? Number(v.toFixed(d)) : null);
  const ratioJson = (s: RatioSummary) => ({
    panels: s.panels,
    geomeanRatio: round(s.geomeanRatio),
    worstRatio: round(s.worstRatio),
    worstPanel: s.worstPanel,
    shareAtOrUnderTarget: round(s.shareAtOrUnderTarget),
    medianApiMinusEngineMs: round(s.medianApiMinusEngineMs),
  });
  const panelJson = (m: Measured) => ({
    tenant: m.c.tenant,
    role: m.c.role,
    dashboard: m.c.dashboard,
    panel: m.c.panel,
    level: m.c.level,
    rows: m.c.rowCount,
    apiMs: round(m.apiMs),
    engineMs: round(m.engineMs),
    directMs: round(m.directMs),
    ratio: round(m.ratio),
    directIqr: round(m.directSpread),
  });
  return {
    failed: skipped.some((s) => s.failure) || rowMismatches.length > 0,
    summary: {
      size: spec.size,
      iterations: spec.iterations,
      warmup: spec.warmup,
      threads,
      target: TARGET_RATIO,
      seeding: { seeded: seeding.seeded, seconds: round(seeding.seconds, 1) },
      tenants: setups.map((s) => ({ tenant: s.tenant, users: s.users, progressRows: s.progressRows, certificationRows: s.certificationRows })),
      admin: ratioJson(adminSummary),
      adminPerTenant: Object.fromEntries(perTenant.map((t) => [t.tenant, ratioJson(t.summary)])),
      scoped: Object.fromEntries(scopedPerTenant.map((t) => [t.tenant, { org: t.org.orgId, ...ratioJson(t.summary) }])),
      floorMs: { dashboards: round(floorMs), query404: round(floor404Ms) },
      loadAverage: { start: round(loadStart, 2), end: round(loadavg()[0]!, 2) },
      peakRssMb: { serverOnly: round(rssServerOnlyMb, 0), end: round(rssEndMb, 0) },
      skipped: skipped.map((s) => ({ ...s })),
      rowMismatches,
      panels: admin.map(panelJson),
      scopedPanels: scoped.map(panelJson),
    },
  };
}

/** `--size both`: each size in its own process, so each size's peak RSS is its own. */
async function runChild(size: Size, passThrough: string[]): Promise<{ code: number; summary: unknown }> {
  const child = spawn(process.execPath, [...process.execArgv, THIS_SCRIPT, '--size', size, ...passThrough], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let summary: unknown;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (line.startsWith('BENCH_SUMMARY ')) {
      const parsed = JSON.parse(line.slice('BENCH_SUMMARY '.length)) as { sizes?: unknown[] };
      summary = parsed.sizes?.[0];
    } else console.log(line);
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  return { code, summary };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'both' },
      iterations: { type: 'string' },
      warmup: { type: 'string' },
      threads: { type: 'string', default: '2' },
      tenant: { type: 'string' },
    },
    strict: true,
  });
  const positive = (name: string, text: string | undefined, min = 1): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, not "${text}"`);
    return n;
  };
  const iterations = positive('iterations', values.iterations);
  const warmup = positive('warmup', values.warmup, 0);
  const threads = positive('threads', values.threads)!;
  const tenantFilter = values.tenant?.split(',').map((t) => t.trim()).filter(Boolean);
  const size = values.size;
  if (size !== 'default' && size !== 'large' && size !== 'both') throw new Error(`--size must be default, large or both, not "${size}"`);

  if (size === 'both') {
    const passThrough = process.argv.slice(2).filter((_, i, all) => all[i] !== '--size' && all[i - 1] !== '--size' && !all[i]!.startsWith('--size='));
    const summaries: unknown[] = [];
    let code = 0;
    for (const one of ['default', 'large'] as const) {
      const child = await runChild(one, passThrough);
      if (child.summary) summaries.push(child.summary);
      code ||= child.code;
    }
    console.log(`BENCH_SUMMARY ${JSON.stringify({ sizes: summaries })}`);
    return code;
  }

  const { failed, summary } = await runSize(sizeSpec(size, iterations, warmup), threads, tenantFilter);
  console.log(`BENCH_SUMMARY ${JSON.stringify({ sizes: [summary] })}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
