// Makes sure a Chromium the browser tests can drive is installed: `node scripts/ensure-chromium.mjs`.
// Uses $CHROME_PATH, else /usr/bin/chromium; installs Debian's `chromium` when it can.
import { accessSync, constants, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ensureDebianTool } from './ensure-debian-tool.mjs';

function checkChromium(path) {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return { version: null, why: `${path} not found or not executable` };
  }
  // Debian's /usr/bin/chromium is a shell wrapper that may print a harmless warning on stderr;
  // only stdout and the exit status matter.
  const run = spawnSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  const line = !run.error && run.status === 0 ? run.stdout.split('\n').find((l) => /\d+\.\d+/.test(l)) : undefined;
  return line ? { version: line.trim(), why: null } : { version: null, why: `${path} does not run "--version"` };
}

ensureDebianTool({
  name: 'chromium',
  path: process.env.CHROME_PATH || '/usr/bin/chromium',
  envVar: 'CHROME_PATH',
  aptPackage: 'chromium',
  help: `The browser tests need Chromium. Install it, e.g. on Debian/Ubuntu:
  sudo apt-get update && sudo apt-get install -y chromium
or point CHROME_PATH at an installed Chrome/Chromium binary:
  CHROME_PATH=/path/to/chrome npm test`,
  check: (path) => (existsSync(path) ? checkChromium(path) : { version: null, why: `${path} not found` }),
});
