// `npm start`: the demo on loopback. Builds the browser bundle and @kineo/node when their sources
// changed, starts the Kineo API (which seeds the demo data on first run) and the example host app
// (examples/host-node) that embeds a dashboard from the API with a script tag, then prints where
// to go. Ctrl-C stops both.
//
// Environment: PORT (API, default 8787), HOST_PORT (example host, default 8788 — the port the
// tenant registry's allowedOrigins expect), KINEO_DATA_DIR (default ./.kineo).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const apiPort = Number(process.env.PORT ?? 8787);
const hostPort = Number(process.env.HOST_PORT ?? 8788);
const dataDir = resolve(process.env.KINEO_DATA_DIR ?? '.kineo');
const apiUrl = `http://127.0.0.1:${apiPort}`;
const kineoBin = join(root, 'server/bin/kineo.js');

/** Newest modification time of the files under `dir` (0 when it does not exist). */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const outputs = ['packages/elements/dist/kineo.js', 'packages/node/dist/index.js'].map((file) => join(root, file));
  const builtAt = Math.min(...outputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
  const sourcesAt = Math.max(...['packages/core/src', 'packages/elements/src', 'packages/node/src'].map((dir) => newestMtime(join(root, dir))));
  if (builtAt > sourcesAt) return;
  console.log('Building the element bundle and @kineo/node (npm run build)…');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** Resolves once `url` answers 200, or rejects after `timeoutMs`. */
async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The example host's tenant API key, created once with `kineo keys create` and kept in the data
 * folder (owner-only), as a real host keeps its key in its own secret store.
 */
function demoHostApiKey() {
  const file = join(dataDir, 'demo-host', 'acme.api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const created = spawnSync(process.execPath, [kineoBin, 'keys', 'create', '--tenant', 'acme', '--label', 'demo-host'], {
    cwd: root,
    env: { ...process.env, KINEO_DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  if (created.status !== 0) throw new Error(`kineo keys create failed: ${created.stderr}`);
  mkdirSync(join(dataDir, 'demo-host'), { recursive: true, mode: 0o700 });
  writeFileSync(file, created.stdout.trim() + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return created.stdout.trim();
}

const children = new Set();
function start(name, args, env) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (stopping) return;
    console.error(`${name} stopped (${signal ?? `exit ${code}`}); stopping the demo.`);
    stop(code ?? 1);
  });
  return child;
}

let stopping = false;
function stop(code) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 200).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

buildIfStale();
start('The Kineo API', [kineoBin, 'serve'], { PORT: String(apiPort), KINEO_DATA_DIR: dataDir });
try {
  await waitFor(`${apiUrl}/readyz`, 180_000);
  start('The example host', [join(root, 'examples/host-node/server.js')], {
    KINEO_API_URL: apiUrl,
    KINEO_API_KEY: demoHostApiKey(),
    PORT: String(hostPort),
    HOST: '127.0.0.1',
  });
  await waitFor(`http://127.0.0.1:${hostPort}/login`, 30_000);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  stop(1);
}
if (!stopping)
  console.log(`
Kineo Embed demo
  API:             ${apiUrl}  (the element bundle: ${apiUrl}/elements/kineo.js)
  Example host:    http://localhost:${hostPort}  — log in as mia / mia-demo (admin); kai, sofia, rahul: see examples/host-node/README.md
Ctrl-C stops both.
`);
