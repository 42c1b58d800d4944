// Shared by the ensure-* scripts: make sure a tool the tests need is usable, installing its
// Debian package with apt-get when we are root on a Debian-like system, explaining otherwise.
// Never prompts (CI runs have no stdin).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

/**
 * @param {object} tool
 * @param {string} tool.name        e.g. "chromium", used in messages
 * @param {string} tool.path        the binary to check
 * @param {string} tool.envVar      the variable that overrides the path (never auto-installed over)
 * @param {string} tool.aptPackage  the Debian package that provides it
 * @param {string} tool.help        how to install it by hand
 * @param {(path: string) => { version: string | null, why: string | null }} tool.check
 *        the tool's version, and why it is not usable (null when it is)
 */
export function ensureDebianTool({ name, path, envVar, aptPackage, help, check }) {
  const fail = (reason) => {
    console.error(`ensure-${name}: ${reason}\n${help}`);
    process.exit(1);
  };

  let state = check(path);
  if (!state.why) {
    console.log(`ensure-${name}: ${state.version} (${path})`);
    return;
  }
  if (process.env[envVar]) fail(`${envVar}=${path} is not usable: ${state.why}.`);

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  const isDebianLike = existsSync('/etc/debian_version');
  if (!isRoot || !hasApt || !isDebianLike) {
    const why = !isDebianLike || !hasApt ? 'this is not a Debian-like system with apt-get' : 'not running as root';
    fail(`${state.why}, and it cannot be installed automatically (${why}).`);
  }

  console.log(`ensure-${name}: ${state.why}; installing the ${aptPackage} package with apt-get.`);
  try {
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', aptPackage]);
  } catch (error) {
    fail(`installing ${aptPackage} failed: ${error instanceof Error ? error.message : error}`);
  }
  state = check(path);
  if (state.why) fail(`${aptPackage} was installed but it is still not usable: ${state.why}.`);
  console.log(`ensure-${name}: installed ${state.version} (${path})`);
}
