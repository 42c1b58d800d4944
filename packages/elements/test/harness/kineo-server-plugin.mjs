// The browser tests' real Kineo API: a @web/test-runner plugin plus a dev-server middleware.
//
// The first time a test asks for it (or at start-up, when the run includes the e2e tests), it
// seeds the demo tenants' DuckDB files once into `.kineo-wtr/` (kept between runs while the demo
// data generator is unchanged), writes a copy of the tenant registry whose `allowedOrigins` also
// hold this test runner's page origin, and starts `kineo serve` on a free loopback port. The API
// stops with the test runner (`serverStop`, process exit, or, should the runner be killed, the
// IPC channel closing: see exit-with-parent.mjs).
//
// Only the tenants in `pageOriginTenants` (default: acme) allow the page's origin, so tests can
// also check that another tenant's token is refused to this page (techcorp).
//
// Routes for the tests, on the test runner's own origin (never on the API):
//   GET  /__kineo/config  → { api, tenants, pageOriginTenants }   the API's base URL, the tenant
//        ids, and those whose allowedOrigins hold the test page's origin
//   POST /__kineo/token   { tenant, role, sub?, orgs?, dashboards?, filters?, permissions?,
//                           ttlSeconds?, tamper?: 'signature' } → { token, expiresAt }
//        an embed token signed with the tenant's development host key, as `kineo token` makes
//        it; `tamper: 'signature'` returns it with a broken signature (the API answers 401).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const kineoBin = join(repoRoot, 'server/bin/kineo.js');
const exitWithParent = fileURLToPath(new URL('./exit-with-parent.mjs', import.meta.url));
const shippedTenantsFile = join(repoRoot, 'server/config/tenants.yaml');
/** Inputs of the demo data: when one is newer than the seeded files, the harness seeds again. */
const demoDataSources = join(repoRoot, 'server/src/demo-data');
/** Seeded once, reused by later runs. `.kineo-*` is gitignored. */
export const TEST_DATA_DIR = join(repoRoot, '.kineo-wtr');
const AUDIENCE = 'kineo-embed';
const START_TIMEOUT_MS = 90_000;
const LOG_LINES_KEPT = 40;

/**
 * @typedef {object} KineoTestServer
 * @property {import('@web/test-runner').TestRunnerPlugin} plugin  lifecycle: start (when the run has e2e tests) and stop
 * @property {(ctx: any, next: () => Promise<void>) => Promise<void>} middleware  the `/__kineo/*` routes
 */

/**
 * The harness. Add `plugin` to the config's `plugins` and `middleware` to its `middleware`.
 * @param {{ startEagerly?: boolean, pageOriginTenants?: string[] }} [options]
 *   `startEagerly`: start the API with the test runner rather than at the first request;
 *   `pageOriginTenants`: the tenants that allow the test page's origin (default `['acme']`)
 * @returns {KineoTestServer}
 */
export function kineoTestServer(options = {}) {
  const pageOriginTenants = options.pageOriginTenants ?? ['acme'];
  /** @type {number | undefined} */
  let pagePort;
  /** @type {{ log(message: string): void, error(message: string): void } | undefined} */
  let runnerLogger;
  /** @type {Promise<RunningApi> | undefined} */
  let starting;
  /** @type {RunningApi | undefined} */
  let running;
  let stopped = false;
  /** Aborted when the runner stops: kills a seed or an API still starting. */
  const stopping = new AbortController();

  /** The API process once spawned (also while it is still starting). */
  const spawned = { child: undefined };
  // Last resort when the runner exits without stopping its servers (e.g. a second Ctrl+C).
  const cleanUpOnExit = () => {
    spawned.child?.kill('SIGTERM');
    if (pagePort !== undefined) rmSync(tenantsFileFor(pagePort), { force: true });
  };

  function ensureApi() {
    if (stopped) return Promise.reject(new Error('the test runner is stopping'));
    if (pagePort === undefined) return Promise.reject(new Error('the test runner has not started yet'));
    if (starting) return starting;
    const started = performance.now();
    starting = startApi(pagePort, pageOriginTenants, stopping.signal, spawned).then((api) => {
      running = api;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      runnerLogger?.log(`[kineo-test-server] Kineo API at ${api.url} (data in ${TEST_DATA_DIR}, ${api.seeded ? 'seeded now' : 'reused'}), ready in ${seconds} s`);
      if (stopped) api.child.kill('SIGTERM');
      return api;
    });
    return starting;
  }

  /** @type {import('@web/test-runner').TestRunnerPlugin} */
  const plugin = {
    name: 'kineo-test-server',
    serverStart({ config, logger }) {
      pagePort = config.port;
      runnerLogger = logger;
      process.once('exit', cleanUpOnExit);
      if (options.startEagerly) {
        // Started now so seeding and start-up overlap the browser's launch; a failure is reported
        // to the tests by the first `/__kineo/*` request.
        ensureApi().catch((error) => logger.error(`[kineo-test-server] ${error.message}`));
      }
    },
    async serverStop() {
      stopped = true;
      stopping.abort();
      process.removeListener('exit', cleanUpOnExit);
      const api = running ?? (await starting?.catch(() => undefined));
      if (api) await api.stop();
    },
  };

  async function middleware(ctx, next) {
    if (!ctx.path.startsWith('/__kineo/')) return next();
    ctx.set('cache-control', 'no-store');
    try {
      if (ctx.method === 'GET' && ctx.path === '/__kineo/config') {
        const api = await ensureApi();
        ctx.body = { api: api.url, tenants: api.tenants, pageOriginTenants };
        return;
      }
      if (ctx.method === 'POST' && ctx.path === '/__kineo/token') {
        const api = await ensureApi();
        ctx.body = await api.mintToken(await readJsonBody(ctx.req));
        return;
      }
      ctx.status = 404;
      ctx.body = { error: { code: 'not_found', message: `The test harness has no route ${ctx.method} ${ctx.path}` } };
    } catch (error) {
      ctx.status = error instanceof BadRequest ? 400 : 500;
      ctx.body = { error: { code: ctx.status === 400 ? 'bad_request' : 'harness_failed', message: error.message } };
    }
  }

  return { plugin, middleware };
}

class BadRequest extends Error {}

/**
 * @typedef {object} RunningApi
 * @property {string} url
 * @property {string[]} tenants
 * @property {boolean} seeded  whether the demo data was (re)generated for this run
 * @property {import('node:child_process').ChildProcess} child
 * @property {(request: unknown) => Promise<{ token: string, expiresAt: string }>} mintToken
 * @property {() => Promise<void>} stop
 */

/** Seeds if needed, writes the test registry, starts `kineo serve`, waits for `/readyz`. */
function tenantsFileFor(pagePort) {
  return join(TEST_DATA_DIR, `tenants.${pagePort}.yaml`);
}

/**
 * @param {number} pagePort
 * @param {string[]} pageOriginTenants
 * @param {AbortSignal} signal  aborted when the runner stops
 * @param {{ child: import('node:child_process').ChildProcess | undefined }} spawned  receives the API process
 * @returns {Promise<RunningApi>}
 */
async function startApi(pagePort, pageOriginTenants, signal, spawned) {
  mkdirSync(TEST_DATA_DIR, { recursive: true, mode: 0o700 });
  const registry = parse(readFileSync(shippedTenantsFile, 'utf8'));
  const unknown = pageOriginTenants.filter((id) => !registry.tenants.some((tenant) => tenant.id === id));
  if (unknown.length > 0) throw new Error(`pageOriginTenants names tenants the registry does not have: ${unknown.join(', ')}`);
  const pageOrigins = [`http://localhost:${pagePort}`, `http://127.0.0.1:${pagePort}`];
  for (const tenant of registry.tenants)
    if (pageOriginTenants.includes(tenant.id)) tenant.allowedOrigins = [...new Set([...(tenant.allowedOrigins ?? []), ...pageOrigins])];
  // One file per test runner port, so concurrent runs each allow their own page origin.
  const tenantsFile = tenantsFileFor(pagePort);
  writeFileSync(tenantsFile, stringify(registry));
  const namespaces = registry.tenants.map((tenant) => tenant.namespace);

  let signer;
  let seeded;
  try {
    [signer, seeded] = await Promise.all([loadDevelopmentSigner(tenantsFile), seedUnlessCurrent(namespaces, tenantsFile, signal)]);
    signal.throwIfAborted();
  } catch (error) {
    rmSync(tenantsFile, { force: true });
    throw error;
  }

  const env = { ...process.env, KINEO_DATA_DIR: TEST_DATA_DIR, KINEO_TENANTS_FILE: tenantsFile, KINEO_HOST: '127.0.0.1', PORT: '0' };
  const child = spawn(process.execPath, ['--import', exitWithParent, kineoBin, 'serve'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    signal,
    killSignal: 'SIGTERM',
  });
  spawned.child = child;
  // An abort (the runner stopping) kills the child; the exit below then ends the start.
  child.on('error', () => {});
  const serverLog = [];
  const remember = (chunk) => {
    serverLog.push(...chunk.toString().split('\n').filter(Boolean));
    serverLog.splice(0, Math.max(0, serverLog.length - LOG_LINES_KEPT));
  };
  child.stdout.on('data', remember);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const listening = new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      remember(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
    exited.then(({ code, signal }) =>
      reject(new Error(`kineo serve exited (${signal ?? `code ${code}`}) before it listened:\n${serverLog.join('\n')}`)),
    );
  });
  // Awaited below; after a timeout it still rejects once the child is gone, and must not crash the runner.
  listening.catch(() => {});
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(tenantsFile, { force: true });
  };

  try {
    const url = await withTimeout(listening, START_TIMEOUT_MS, 'kineo serve did not start listening');
    await waitUntilReady(url, exited, serverLog);
    return {
      url,
      tenants: registry.tenants.map((tenant) => tenant.id),
      seeded,
      child,
      stop,
      mintToken: (request) => mintToken(signer, request),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitUntilReady(url, exited, log) {
  let done = false;
  exited.then(() => (done = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = 'no answer';
  while (!done && Date.now() < deadline) {
    try {
      const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
      last = `HTTP ${response.status} ${await response.text()}`;
    } catch (error) {
      last = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the Kineo API at ${url} did not become ready (${done ? 'it exited' : last}):\n${log.join('\n')}`);
}

/**
 * Seeds the demo tenants unless every tenant's file is there and newer than the demo data
 * generator. Seeds into a private folder first and moves the finished files in, so a run that
 * starts meanwhile never opens a half-written database.
 */
async function seedUnlessCurrent(namespaces, tenantsFile, signal) {
  const files = namespaces.map((namespace) => join(TEST_DATA_DIR, `${namespace}.duckdb`));
  const generatorChanged = newestModification(demoDataSources);
  if (files.every((file) => existsSync(file) && statSync(file).mtimeMs > generatorChanged)) return false;

  const seedDir = join(TEST_DATA_DIR, `.seeding-${process.pid}`);
  rmSync(seedDir, { recursive: true, force: true });
  try {
    const env = { ...process.env, KINEO_DATA_DIR: seedDir, KINEO_TENANTS_FILE: tenantsFile };
    await run(process.execPath, [kineoBin, 'seed', '--force'], env, signal);
    for (const namespace of namespaces) renameSync(join(seedDir, `${namespace}.duckdb`), join(TEST_DATA_DIR, `${namespace}.duckdb`));
  } finally {
    rmSync(seedDir, { recursive: true, force: true });
  }
  return true;
}

function newestModification(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(join(dir, entry.name)).mtimeMs);
  }
  return newest;
}

function run(command, args, env, signal) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'], signal });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4_000)));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${args.slice(1).join(' ')} failed (${signal ?? `code ${code}`}):\n${stderr}`)),
    );
  });
}

/**
 * The server's own `kineo token` code (`developmentToken`), loaded from its TypeScript sources
 * through tsx, with the test registry: tokens are checked and signed exactly as the CLI does.
 */
async function loadDevelopmentSigner(tenantsFile) {
  const { tsImport } = await import('tsx/esm/api');
  const load = (path) => tsImport(join(repoRoot, path), import.meta.url);
  const [{ loadCatalog, DEFAULT_CATALOG_DIR }, { loadTenantRegistry }, { developmentToken }] = await Promise.all([
    load('server/src/catalog/load-catalog.ts'),
    load('server/src/tenants/tenant-registry.ts'),
    load('server/src/cli/token-command.ts'),
  ]);
  const tenants = loadTenantRegistry(tenantsFile, loadCatalog(DEFAULT_CATALOG_DIR));
  // What `developmentToken` reads of the server configuration.
  const config = { tenants, settings: { dataDir: TEST_DATA_DIR, audience: AUDIENCE } };
  return { tenants, sign: (options) => developmentToken(config, options) };
}

const stringList = (value, field) => {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new BadRequest(`${field} must be a list of strings`);
  return value;
};

async function mintToken(signer, request) {
  if (typeof request !== 'object' || request === null) throw new BadRequest('the body must be a JSON object');
  const { tenant, role, sub, orgs, dashboards, filters, permissions, ttlSeconds = 600, tamper } = request;
  if (typeof tenant !== 'string' || !signer.tenants.get(tenant)) throw new BadRequest(`unknown tenant ${JSON.stringify(tenant)}`);
  if (typeof role !== 'string') throw new BadRequest('role is required');
  if (tamper !== undefined && tamper !== 'signature') throw new BadRequest('tamper may only be "signature"');
  let token;
  try {
    token = await signer.sign({
      tenant,
      role,
      sub: typeof sub === 'string' ? sub : `${tenant}-u000001`,
      orgs: stringList(orgs, 'orgs'),
      dashboards: stringList(dashboards, 'dashboards'),
      filters: filters === undefined ? undefined : JSON.stringify(filters),
      permissions: stringList(permissions, 'permissions'),
      ttlSeconds,
    });
  } catch (error) {
    throw new BadRequest(error.message);
  }
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();
  return { token: tamper === 'signature' ? withBrokenSignature(token) : token, expiresAt };
}

/** The same header and claims with the signature's first byte flipped: well-formed, but forged. */
function withBrokenSignature(token) {
  const [header, payload, signature] = token.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  bytes[0] ^= 0xff;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

async function readJsonBody(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 64 * 1024) throw new BadRequest('the body is too large');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('the body is not JSON');
  }
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
