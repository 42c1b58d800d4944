// Makes sure a PHP CLI the Totara plugin tests can run is installed: `node scripts/ensure-php.mjs`.
// Uses $PHP_PATH, else `php` on the PATH. It must be PHP 8.1+ with the sodium extension (the
// plugin signs EdDSA tokens with sodium_crypto_sign_detached); installs Debian's `php-cli` when it can.
import { spawnSync } from 'node:child_process';
import { ensureDebianTool } from './ensure-debian-tool.mjs';

function checkPhp(path) {
  const run = spawnSync(path, ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  const version = !run.error && run.status === 0 ? run.stdout.split('\n').find((l) => /^PHP \d+\.\d+/.test(l))?.trim() : undefined;
  if (!version) return { version: null, why: `${path} not found or does not run "-v"` };
  const [, major, minor] = /^PHP (\d+)\.(\d+)/.exec(version).map(Number);
  if (major < 8 || (major === 8 && minor < 1)) return { version, why: `${version} is older than PHP 8.1` };
  const sodium = spawnSync(path, ['-r', 'exit(function_exists("sodium_crypto_sign_detached") ? 0 : 1);'], {
    stdio: 'ignore',
    timeout: 30_000,
  });
  if (sodium.error || sodium.status !== 0) return { version, why: `${version} has no sodium extension (sodium_crypto_sign_detached)` };
  return { version: `${version} with sodium`, why: null };
}

ensureDebianTool({
  name: 'php',
  path: process.env.PHP_PATH || 'php',
  envVar: 'PHP_PATH',
  aptPackage: 'php-cli',
  help: `The Totara plugin tests need the PHP CLI (8.1 or later) with the sodium extension. Install it, e.g. on Debian/Ubuntu:
  sudo apt-get update && sudo apt-get install -y php-cli
(on other systems install PHP 8.1+ built with libsodium, e.g. \`brew install php\`),
or point PHP_PATH at an installed php binary:
  PHP_PATH=/path/to/php npm test`,
  check: checkPhp,
});
