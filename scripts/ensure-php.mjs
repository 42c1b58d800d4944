// Makes sure a PHP CLI the Totara plugin tests can run is installed: `node scripts/ensure-php.mjs`.
//
// Uses $PHP_PATH, else `php` on the PATH. It must run `-v` and have the sodium extension (the
// plugin signs EdDSA tokens with sodium_crypto_sign_detached). If not, and we are root on a
// Debian-like system, installs the `php-cli` package with apt-get; otherwise explains how to
// install it and exits 1. Never prompts (CI runs have no stdin).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const DEFAULT_PATH = 'php';
const phpPath = process.env.PHP_PATH || DEFAULT_PATH;

/** PHP's version line, or null if it is missing or does not run. */
function phpVersion(path) {
  const run = spawnSync(path, ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  if (run.error || run.status !== 0) return null;
  const line = run.stdout.split('\n').find((l) => /^PHP \d+\.\d+/.test(l));
  return line ? line.trim() : null;
}

/** Whether this PHP has libsodium's Ed25519 signing (bundled with PHP ≥ 7.2 on most distributions). */
function hasSodium(path) {
  const run = spawnSync(path, ['-r', 'exit(function_exists("sodium_crypto_sign_detached") ? 0 : 1);'], {
    stdio: 'ignore',
    timeout: 30_000,
  });
  return !run.error && run.status === 0;
}

/** The PHP major.minor of a version line, e.g. [8, 2]. */
function phpRelease(versionLine) {
  const match = /^PHP (\d+)\.(\d+)/.exec(versionLine);
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

/** Why the PHP at `path` is not usable, or null if it is. */
function problemWith(path) {
  const version = phpVersion(path);
  if (!version) return { version, why: `${path} not found or does not run "-v"` };
  const [major, minor] = phpRelease(version);
  if (major < 8 || (major === 8 && minor < 1)) return { version, why: `${version} is older than PHP 8.1` };
  if (!hasSodium(path)) return { version, why: `${version} has no sodium extension (sodium_crypto_sign_detached)` };
  return { version, why: null };
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
  console.error(`ensure-php: ${reason}
The Totara plugin tests need the PHP CLI (8.1 or later) with the sodium extension. Install it, e.g. on Debian/Ubuntu:
  sudo apt-get update && sudo apt-get install -y php-cli
(on other systems install PHP 8.1+ built with libsodium, e.g. \`brew install php\`),
or point PHP_PATH at an installed php binary:
  PHP_PATH=/path/to/php npm test`);
  process.exit(1);
}

let state = problemWith(phpPath);
if (!state.why) {
  console.log(`ensure-php: ${state.version} with sodium (${phpPath})`);
  process.exit(0);
}

if (process.env.PHP_PATH) fail(`PHP_PATH=${phpPath} is not usable: ${state.why}.`);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
const isDebianLike = existsSync('/etc/debian_version');
if (!isRoot || !hasApt || !isDebianLike) {
  const why = !isDebianLike || !hasApt ? 'this is not a Debian-like system with apt-get' : 'not running as root';
  fail(`${state.why}, and PHP cannot be installed automatically (${why}).`);
}

console.log(`ensure-php: ${state.why}; installing the php-cli package with apt-get.`);
try {
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'php-cli']);
} catch (error) {
  fail(`installing php-cli failed: ${error instanceof Error ? error.message : error}`);
}

state = problemWith(phpPath);
if (state.why) fail(`php-cli was installed but it is still not usable: ${state.why}.`);
console.log(`ensure-php: installed ${state.version} with sodium (${phpPath})`);
