// Runs every Node-side test file (`*.test.ts` outside browser folders) with Node's test runner.
// Node 20's `--test` takes no globs, so the files are listed here.
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ['packages', 'server', 'scripts', 'examples'];
const skip = new Set(['node_modules', 'dist', '.kineo', 'browser']);

function* testFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name) || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* testFiles(path);
    else if (entry.name.endsWith('.test.ts') && !entry.name.endsWith('.browser.test.ts')) yield path;
  }
}

const only = process.argv.slice(2);
const files = roots.flatMap((root) => [...testFiles(root)]).filter((f) => only.every((o) => f.includes(o)));
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}
console.log(`Running ${files.length} test files: ${files.map((f) => relative('.', f)).join(', ')}`);
// Seed the demo tenants once for every test file (each would otherwise seed its own copy).
const testDataDir = resolve('.kineo-test');
const env = { ...process.env, KINEO_DATA_DIR: testDataDir, KINEO_TEST_DATA_DIR: testDataDir };
const seed = spawnSync(process.execPath, ['server/bin/kineo.js', 'seed', '--force'], { stdio: 'inherit', env });
if (seed.status !== 0) process.exit(seed.status ?? 1);

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
