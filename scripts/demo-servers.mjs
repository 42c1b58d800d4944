// The demo's three servers on loopback, for `npm start` (start-demo.mjs) and `npm run screenshots`
// (screenshots.mjs): the Kineo API, the demo portal and the script-tag LMS page, each a child
// process, with what they need prepared first (the build, the portal's API keys and personas).
//
// The pages' ports are fixed by the tenant registry (server/config/tenants.yaml): the API answers a
// browser only on an origin listed in the tenant's allowedOrigins.
import { ensureBundlesBuilt } from './ensure-bundles.js';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
const kineoBin = join(root, 'server/bin/kineo.js');

/** The demo tenants: the portal serves both; the script-tag page is acme's LMS. */
export const DEMO_TENANTS = ['acme', 'techcorp'];

/**
 * @typedef {object} DemoSettings
 * @property {number} apiPort
 * @property {number} scriptTagPort
 * @property {number} portalPort
 * @property {string} dataDir the API's data folder (tenant databases, secrets, keys)
 * @property {string} apiUrl what the pages' elements and the portal's server call
 * @property {{ api: string; portal: string; scriptTag: string }} urls where a person opens each
 */

/**
 * Ports and folders from the environment: PORT (API, 8787), PORTAL_PORT (8790), SCRIPT_TAG_PORT
 * (8788), KINEO_DATA_DIR (./.kineo). Other page ports need the registry's allowedOrigins changed.
 * @param {Record<string, string | undefined>} [env]
 * @returns {DemoSettings}
 */
export function demoSettings(env = process.env) {
  const port = (/** @type {string} */ name, /** @type {number} */ fallback) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number, not "${env[name]}"`);
    return value;
  };
  const apiPort = port('PORT', 8787);
  const scriptTagPort = port('SCRIPT_TAG_PORT', 8788);
  const portalPort = port('PORTAL_PORT', 8790);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  return {
    apiPort,
    scriptTagPort,
    portalPort,
    dataDir: resolve(env['KINEO_DATA_DIR'] ?? join(root, '.kineo')),
    apiUrl,
    urls: { api: apiUrl, portal: `http://localhost:${portalPort}`, scriptTag: `http://localhost:${scriptTagPort}` },
  };
}

/**
 * Builds the element bundle and @kineo/node when older than their sources (the same check the
 * tests use). Needs the tsx loader: `npm start` and `npm run screenshots` run with it.
 */
export async function buildIfStale() {
  await ensureBundlesBuilt(['@kineo/elements', '@kineo/node'], async (build) => {
    console.log('Building the element bundle and @kineo/node…');
    await build();
  });
}

/**
 * True when something accepts connections on 127.0.0.1:`port`.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function portInUse(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * True when `url` answers: with 200 when `ready` (a readiness endpoint), with anything but a 5xx otherwise.
 * @param {string} url
 * @param {{ ready?: boolean }} [options]
 */
export async function answers(url, options = {}) {
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return options.ready ? response.status === 200 : response.status < 500;
  } catch {
    return false;
  }
}

/**
 * True when all three servers of a demo answer on the settings' ports.
 * @param {DemoSettings} settings
 */
export async function demoAnswers(settings) {
  const checks = await Promise.all([
    answers(`${settings.apiUrl}/readyz`, { ready: true }),
    answers(`http://127.0.0.1:${settings.portalPort}/`),
    answers(`http://127.0.0.1:${settings.scriptTagPort}/`),
  ]);
  return checks.every(Boolean);
}

/**
 * Runs the kineo CLI to completion with the demo's data folder; returns its stdout.
 * @param {DemoSettings} settings
 * @param {string[]} args
 * @returns {Promise<string>}
 */
function kineo(settings, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [kineoBin, ...args], {
      cwd: root,
      env: { ...process.env, KINEO_DATA_DIR: settings.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`kineo ${args.slice(0, 2).join(' ')} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
    });
  });
}

/**
 * Writes `text` to `file` readable by the owner only, replacing it in one step.
 * @param {string} file
 * @param {string} text
 */
function writeOwnerOnly(file, text) {
  const partial = `${file}.partial`;
  writeFileSync(partial, text, { mode: 0o600 });
  chmodSync(partial, 0o600);
  renameSync(partial, file);
}

/**
 * The folder of the demo hosts' own secrets and files, inside the data folder, owner-only.
 * @param {DemoSettings} settings
 */
function demoHostDir(settings) {
  const dir = join(settings.dataDir, 'demo-host');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

const API_KEY_PATTERN = /^kin_([a-z0-9]{12})_[A-Za-z0-9_-]{43}$/;

/**
 * The portal's API keys, one per tenant, as the JSON file it reads (`{ "acme": "kin_…", … }`).
 * Each is created once with `kineo keys create --tenant T --label demo-portal` and kept
 * (owner-only) in `<dataDir>/demo-host/portal-api-keys.json`, as a real host keeps its keys in its
 * own secret store; a key that is missing, malformed or no longer active is replaced.
 * @param {DemoSettings} settings
 * @returns {Promise<string>} the file
 */
export async function ensurePortalApiKeys(settings) {
  const file = join(demoHostDir(settings), 'portal-api-keys.json');
  /** @type {Record<string, string>} */
  let keys = {};
  if (existsSync(file)) {
    try {
      keys = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      keys = {};
    }
  }
  // Listed in parallel; created one at a time (each `keys create` rewrites the API's one key file).
  const active = await Promise.all(
    DEMO_TENANTS.map(async (tenant) => {
      const id = API_KEY_PATTERN.exec(keys[tenant] ?? '')?.[1];
      if (!id) return false;
      const listed = await kineo(settings, ['keys', 'list', '--tenant', tenant]);
      return listed.split('\n').some((line) => line.startsWith(`${id}  active`));
    }),
  );
  const missing = DEMO_TENANTS.filter((_, i) => !active[i]);
  for (const tenant of missing)
    keys[tenant] = (await kineo(settings, ['keys', 'create', '--tenant', tenant, '--label', 'demo-portal'])).trim();
  if (missing.length > 0 || (statSync(file).mode & 0o077) !== 0) writeOwnerOnly(file, JSON.stringify(keys, null, 2) + '\n');
  return file;
}

/**
 * The portal's personas file (`{ "acme": [...], "techcorp": [...] }`, each the output of
 * `kineo personas --tenant T`), in `<dataDir>/demo-host/personas.json`. Made again only when a
 * tenant's database is newer than the file (the personas are picked from the data).
 * @param {DemoSettings} settings
 * @returns {Promise<string>} the file
 */
export async function ensurePersonasFile(settings) {
  const file = join(demoHostDir(settings), 'personas.json');
  const dataAt = Math.max(...DEMO_TENANTS.map((tenant) => {
    const database = join(settings.dataDir, `${tenant}.duckdb`);
    return existsSync(database) ? statSync(database).mtimeMs : Infinity;
  }));
  if (existsSync(file) && statSync(file).mtimeMs > dataAt) return file;
  const lists = await Promise.all(DEMO_TENANTS.map(async (tenant) => JSON.parse(await kineo(settings, ['personas', '--tenant', tenant]))));
  writeOwnerOnly(file, JSON.stringify(Object.fromEntries(DEMO_TENANTS.map((tenant, i) => [tenant, lists[i]])), null, 2) + '\n');
  return file;
}

/**
 * @typedef {object} RunningDemo
 * @property {DemoSettings} settings
 * @property {Promise<{ name: string; code: number | null; signal: string | null }>} exited
 *   settles when one of the servers stops on its own (the others keep running until `stop`)
 * @property {() => Promise<void>} stop stops every server (SIGTERM, SIGKILL after 5 s)
 * @property {() => string} recentOutput the servers' last lines of output (when started `quiet`)
 */

/**
 * Starts the demo: the API (which seeds the demo data on first run), then, once it is ready, the
 * portal's keys and personas, the portal and the script-tag page. Rejects (having stopped whatever
 * it started) when a port is taken or a server does not come up.
 * @param {DemoSettings} settings
 * @param {{ quiet?: boolean; log?: (line: string) => void }} [options] `quiet`: keep the servers'
 *   output to themselves (see `recentOutput`) instead of passing it through
 * @returns {Promise<RunningDemo>}
 */
export async function startDemo(settings, options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const ports = [
    ['the API', settings.apiPort],
    ['the portal', settings.portalPort],
    ['the script-tag page', settings.scriptTagPort],
  ];
  for (const [name, port] of ports)
    if (await portInUse(/** @type {number} */ (port)))
      throw new Error(`Port ${port} (${name}) is already in use: is a demo already running? Stop it, or free the port.`);

  /** @type {Set<import('node:child_process').ChildProcess>} */
  const children = new Set();
  /** @type {string[]} */
  const output = [];
  let stopping = false;
  /** @typedef {{ name: string; code: number | null; signal: string | null }} ServerExit */
  /** The first server that stopped on its own. */
  /** @type {ServerExit | undefined} */
  let firstExit;
  /** @type {(value: ServerExit) => void} */
  let reportExit = () => {};
  /** @type {Promise<ServerExit>} */
  const exited = new Promise((resolve) => (reportExit = resolve));

  /**
   * @param {string} name
   * @param {string} script
   * @param {Record<string, string>} env
   * @param {string[]} [args]
   */
  function startServer(name, script, env, args = []) {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    });
    for (const stream of [child.stdout, child.stderr])
      stream?.setEncoding('utf8').on('data', (chunk) => {
        output.push(...String(chunk).split('\n').filter(Boolean).map((line) => `${name}: ${line}`));
        output.splice(0, Math.max(0, output.length - 80));
      });
    children.add(child);
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (stopping) return;
      firstExit ??= { name, code, signal };
      reportExit(firstExit);
    });
    return child;
  }

  async function stop() {
    stopping = true;
    await Promise.all(
      [...children].map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
            const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve(undefined);
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }

  /**
   * Waits until `url` answers, failing early when a server of the demo stops.
   * @param {string} url
   * @param {string} what
   * @param {number} timeoutMs
   * @param {boolean} [ready]
   */
  async function waitFor(url, what, timeoutMs, ready = false) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await answers(url, { ready })) return;
      if (firstExit) throw new Error(`${firstExit.name} stopped (${firstExit.signal ?? `exit ${firstExit.code}`}) before ${what} was ready.`);
      if (Date.now() > deadline) throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s.`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  const common = { KINEO_API_URL: settings.apiUrl, KINEO_DATA_DIR: settings.dataDir, HOST: '127.0.0.1' };
  try {
    startServer('The Kineo API', kineoBin, { PORT: String(settings.apiPort), KINEO_DATA_DIR: settings.dataDir }, ['serve']);
    log(existsSync(join(settings.dataDir, 'acme.duckdb')) ? 'Starting the Kineo API…' : 'Starting the Kineo API; it generates the demo data on this first run (a minute or two)…');
    await waitFor(`${settings.apiUrl}/readyz`, 'the Kineo API', 300_000, true);
    const [apiKeysFile, personasFile] = await Promise.all([ensurePortalApiKeys(settings), ensurePersonasFile(settings)]);
    startServer('The demo portal', join(root, 'examples/portal/server.js'), {
      ...common,
      PORT: String(settings.portalPort),
      PORTAL_API_KEYS_FILE: apiKeysFile,
      PORTAL_PERSONAS_FILE: personasFile,
    });
    startServer('The script-tag page', join(root, 'examples/script-tag/server.js'), { ...common, PORT: String(settings.scriptTagPort) });
    await Promise.all([
      waitFor(`http://127.0.0.1:${settings.portalPort}/`, 'the demo portal', 30_000),
      waitFor(`http://127.0.0.1:${settings.scriptTagPort}/`, 'the script-tag page', 30_000),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { settings, exited, stop, recentOutput: () => output.join('\n') };
}
