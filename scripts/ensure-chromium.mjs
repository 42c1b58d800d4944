// Makes sure a Chromium the browser tests can drive is installed: `node scripts/ensure-chromium.mjs`.
//
// Uses $CHROME_PATH, else /usr/bin/chromium. If that does not run and we are root on a Debian-like
// system, installs the `chromium` package with apt-get; otherwise explains how to install it and
// exits 1. Never prompts (CI runs have no stdin).
import { accessSync, constants, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const DEFAULT_PATH = '/usr/bin/chromium';
const chromePath = process.env.CHROME_PATH || DEFAULT_PATH;

/** The browser's version line, or null if it is missing or does not run. */
function chromiumVersion(path) {
  if (!existsSync(path)) return null;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return null;
  }
  // Debian's /usr/bin/chromium is a shell wrapper that may print a harmless warning on stderr;
  // only stdout and the exit status matter.
  const run = spawnSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  if (run.error || run.status !== 0) return null;
  const line = run.stdout.split('\n').find((l) => /\d+\.\d+/.test(l));
  return line ? line.trim() : null;
}

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

function fail(reason) {
  console.error(`ensure-chromium: ${reason}
The browser tests need Chromium. Install it, e.g. on Debian/Ubuntu:
  sudo apt-get update && sudo apt-get install -y chromium
or point CHROME_PATH at an installed Chrome/Chromium binary:
  CHROME_PATH=/path/to/chrome npm test`);
  process.exit(1);
}

let version = chromiumVersion(chromePath);
if (version) {
  console.log(`ensure-chromium: ${version} (${chromePath})`);
  process.exit(0);
}

if (process.env.CHROME_PATH) fail(`CHROME_PATH=${chromePath} is not an executable browser that runs "--version".`);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
const isDebianLike = existsSync('/etc/debian_version');
if (!isRoot || !hasApt || !isDebianLike) {
  const why = !isDebianLike || !hasApt ? 'this is not a Debian-like system with apt-get' : 'not running as root';
  fail(`${chromePath} not found or not runnable, and it cannot be installed automatically (${why}).`);
}

console.log(`ensure-chromium: ${chromePath} not found or not runnable; installing the chromium package with apt-get.`);
try {
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium']);
} catch (error) {
  fail(`installing chromium failed: ${error instanceof Error ? error.message : error}`);
}

version = chromiumVersion(chromePath);
if (!version) fail(`chromium was installed but ${chromePath} still does not run "--version".`);
console.log(`ensure-chromium: installed ${version} (${chromePath})`);
